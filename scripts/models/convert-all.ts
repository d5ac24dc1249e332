/**
 * Regenerates the bundled model pack: npm run models:convert [-- --out <dir>]
 * (default resources/models/<pack dir>). The committed files are this script's output.
 */
import path from 'node:path';
import { buildPack, REPO_ROOT } from './build-pack';
import { FACET_PACK } from './facet-pack';

const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(REPO_ROOT, 'resources', 'models', FACET_PACK.dir);

const started = performance.now();
const built = buildPack(FACET_PACK, outDir);
for (const m of built.models) {
  console.log(`${m.file}  ${(m.bytes / 2 ** 20).toFixed(2)} MiB  ${m.seconds.toFixed(2)} s  sha256 ${m.sha256}`);
  console.log(`  TF ops: ${m.tfOps.join(', ')}`);
}
console.log(`wrote ${path.relative(process.cwd(), built.dir) || '.'} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
