// `npm test`: type-check, build the Electron bundles, run the unit/integration suite (vitest) and
// the browser end-to-end suite (Playwright), then print one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.cache/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.resolve('node_modules/.bin', name);

function step(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title}: ${[path.basename(command), ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const results = [];
results.push(['typecheck', step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])]);
results.push(['lint', step('lint (architecture rules, import cycles)', bin('eslint'), ['.'])]);
results.push(['format', step('format check (npm run format fixes it)', bin('prettier'), ['--check', '.'])]);
results.push(['build', step('electron-vite build', bin('electron-vite'), ['build'])]);
results.push([
  'vitest',
  step('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reports, 'vitest.json')}`]),
]);
results.push([
  'playwright',
  step('end-to-end tests', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json'),
  }),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(path.join(reports, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
const playwright = readJson(path.join(reports, 'playwright.json'));
if (playwright?.stats) {
  passed += playwright.stats.expected + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
}
const failedSteps = results.filter(([, ok]) => !ok).map(([name]) => name);
if (failedSteps.length > 0) process.stdout.write(`\nFailed steps: ${failedSteps.join(', ')}\n`);
// A failed step without its own test counts (typecheck, lint, format, build) still fails the run.
failed += failedSteps.filter((name) => ['typecheck', 'lint', 'format', 'build'].includes(name)).length;
process.stdout.write(`\nFacet: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedSteps.length === 0 && failed === 0 && passed > 0 ? 0 : 1);
