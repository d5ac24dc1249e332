import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';


export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The indexing worker is its own entry: worker threads load it by file name.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'pipeline-worker': resolve(__dirname, 'src/main/pipeline/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: { outDir: resolve(__dirname, 'out/renderer') },
  },
});
