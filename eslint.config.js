// Lint that keeps the architecture: the engine never imports electron (only the Electron entry and
// src/main/electron/ do), the renderer knows only the contract in src/shared/, the contract depends
// on neither side, and no import cycles (type-only imports are erased, so they cannot form one).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInGlue = {
  paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ import electron: the engine runs under plain Node.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'resources/**', 'src/main/share/viewer/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  importX.flatConfigs.typescript,
  {
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Scripts, the bin entry and test helpers written in plain JavaScript run under Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright fixtures that need no other fixture are declared with an empty pattern: its API.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInGlue] },
  },
  {
    // The catalog stores what the domain vocabulary says, and depends on nothing above it.
    files: ['src/main/catalog/**/*.ts', 'src/main/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyInGlue.paths,
          patterns: [
            {
              group: [
                ...[
                  'api',
                  'cli',
                  'electron',
                  'engine-host',
                  'events',
                  'library',
                  'ml',
                  'people',
                  'pipeline',
                  'search',
                  'server',
                  'share',
                  'sources',
                  'sync',
                  'vectors',
                  'video',
                ].map((capability) => `../${capability}/**`),
                '../../renderer/**',
              ],
              message: 'catalog/ and domain/ import only domain/, fs/, the logger and the contract: the services depend on the catalog, never the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'], message: 'The contract depends on no side of it.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer knows only the contract in src/shared/.' },
            { group: ['node:*', 'electron'], message: 'The renderer runs in a sandboxed page: no Node, no Electron.' },
          ],
        },
      ],
    },
  },
);
