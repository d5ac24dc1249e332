/**
 * Regenerates the model packs: npm run models:convert [-- --out <dir>] (default resources/models;
 * each pack goes to its own folder there). The committed files are this script's output.
 */
import path from 'node:path';
import { buildPack, REPO_ROOT } from './build-pack';
import { FACET_PACKS } from './facet-pack';

const outFlag = process.argv.indexOf('--out');
const outRoot = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(REPO_ROOT, 'resources', 'models');

for (const pack of FACET_PACKS) {
  const started = performance.now();
  const built = buildPack(pack, path.join(outRoot, pack.dir));
  for (const m of built.models) {
    console.log(`${m.file}  ${(m.bytes / 2 ** 20).toFixed(2)} MiB  ${m.seconds.toFixed(2)} s  sha256 ${m.sha256}`);
    if (m.tfOps.length > 0) console.log(`  TF ops: ${m.tfOps.join(', ')}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), built.dir) || '.'} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
