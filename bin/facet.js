#!/usr/bin/env node
// Entry of the `facet` command. The engine is TypeScript run through tsx, so `npm ci` is the only
// setup step. better-sqlite3 13 needs Node >= 22: under an older Node we re-run ourselves with the
// Node 22 that the project's `node` devDependency installs, rather than crash in native code.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  let node22;
  try {
    node22 = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    console.error(`facet: Node ${process.versions.node} is too old (needs 22 or newer); run it through npx or npm scripts.`);
    process.exit(1);
  }
  const child = spawnSync(node22, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/main/cli/main.ts');
