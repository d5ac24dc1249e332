// `npm test`: type-check, lint, check the format, build the Electron bundles, run the fast tier
// (every vitest suite that needs no labelled datasets, with the datasets hidden, and no skips
// allowed), the dataset-backed suites (tagged `datasets`; they skip, loudly, without
// ../shared/datasets) and the browser end-to-end suite (Playwright), then print one closing line.
// `npm run test:fast` (`--fast`) runs the fast tier alone, building the bundles first if they are missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.cache/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.resolve('node_modules/.bin', name);
const fastOnly = process.argv.includes('--fast');
const tierReporter = './test/helpers/tier-reporter.ts';
// A folder that does not exist: the fast tier must pass on a machine without the datasets.
const hiddenDatasets = path.resolve('.cache/no-datasets-in-the-fast-tier');

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

/** Test files with at least one suite tagged `datasets`. */
function datasetTestFiles(dir = 'test') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return datasetTestFiles(file);
    return entry.name.endsWith('.test.ts') && readFileSync(file, 'utf8').includes("tags: ['datasets']") ? [file] : [];
  });
}

function vitestTier(tier, files, env) {
  const title = tier === 'fast' ? 'fast tier: no datasets, no skips' : 'dataset-backed suites';
  // The dataset files run whole: a tagged test may build on the untagged ones before it in its
  // file (a library upgraded, then checked on lfw10). The reporter counts only the tagged ones.
  const filter = tier === 'fast' ? ['--tags-filter=!datasets'] : [];
  return step(title, bin('vitest'), ['run', ...files, ...filter, '--reporter=default', `--reporter=${tierReporter}`], {
    FACET_TEST_TIER: tier,
    FACET_TIER_REPORT: path.join(reports, `vitest-${tier}.json`),
    ...env,
  });
}

const results = [];
if (fastOnly) {
  if (!existsSync('out/main')) results.push(['build', step('electron-vite build (the bundle tests need out/)', bin('electron-vite'), ['build'])]);
  results.push(['fast tier', vitestTier('fast', [], { FACET_DATASETS: hiddenDatasets })]);
} else {
  results.push(['typecheck', step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])]);
  results.push(['lint', step('lint (architecture rules, import cycles)', bin('eslint'), ['.'])]);
  results.push(['format', step('format check (npm run format fixes it)', bin('prettier'), ['--check', '.'])]);
  results.push(['build', step('electron-vite build', bin('electron-vite'), ['build'])]);
  results.push(['fast tier', vitestTier('fast', [], { FACET_DATASETS: hiddenDatasets })]);
  results.push(['datasets', vitestTier('datasets', datasetTestFiles(), {})]);
  results.push([
    'playwright',
    step('end-to-end tests', bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json'),
    }),
  ]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const tier of ['fast', 'datasets']) {
  const totals = readJson(path.join(reports, `vitest-${tier}.json`));
  if (!totals) continue;
  passed += totals.passed;
  failed += totals.failed + totals.unexpectedSkips.length + totals.brokenFiles.length;
  skipped += totals.tier === 'datasets' ? totals.skipped : 0;
  if (totals.brokenFiles.length > 0) process.stdout.write(`\nTest files that did not load (${tier}): ${totals.brokenFiles.join(', ')}\n`);
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
