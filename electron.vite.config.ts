import { cpSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { buildSearchScript, prebuiltSearchScriptName } from './src/main/share/biometrics-runtime';

/**
 * The dev server injects inline styles, the React refresh preamble and an HMR socket; the strict
 * CSP of index.html is relaxed for them in `electron-vite dev` only, never in a build.
 */
const devOnlyCsp: Plugin = {
  name: 'facet-dev-only-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
};

/** Share packages carry the plain HTML/CSS/JS viewer as files; the bundle keeps them beside index.js. */
const copyShareViewer: Plugin = {
  name: 'facet-copy-share-viewer',
  apply: 'build',
  writeBundle(options) {
    cpSync(resolve(__dirname, 'src/main/share/viewer'), resolve(options.dir ?? 'out/main', 'share-viewer'), {
      recursive: true,
    });
  },
};

/** Packages with selfie search carry search.js, bundled from the TS sources here (the app has no bundler at run time). */
const buildShareSearch: Plugin = {
  name: 'facet-build-share-search',
  apply: 'build',
  async writeBundle(options) {
    const code = await buildSearchScript(resolve(__dirname, 'src/main/share/viewer-search/search-page.ts'));
    writeFileSync(resolve(options.dir ?? 'out/main', prebuiltSearchScriptName), code);
  },
};

export default defineConfig({
  main: {
    plugins: [copyShareViewer, buildShareSearch],
    build: {
      rollupOptions: {
        // Worker threads load their entry by file name, so each worker is its own entry.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The engine's own process (a utilityProcess), started by file name like the workers.
          'engine-process': resolve(__dirname, 'src/main/engine-host/engine-process.ts'),
          'pipeline-worker': resolve(__dirname, 'src/main/pipeline/worker.ts'),
          'vector-build-worker': resolve(__dirname, 'src/main/vectors/build-worker.ts'),
          'face-index-worker': resolve(__dirname, 'src/main/search/face-index-worker.ts'),
          'cluster-worker': resolve(__dirname, 'src/main/people/cluster-worker.ts'),
        },
        // Shared chunks sit beside the entries, not in chunks/: code that starts a worker finds its
        // entry in the folder of its own module (worker-location.ts), whichever file it ends up in.
        output: { chunkFileNames: '[name]-[hash].js' },
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
    plugins: [react(), devOnlyCsp],
    build: { outDir: resolve(__dirname, 'out/renderer'), minify: true },
  },
});
