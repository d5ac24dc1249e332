/** Paths shared by the face-model tests; datasets live beside the repo and may be absent. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_PACK_DIR } from '../../src/main/ml/faces';
import { datasetsDir } from '../helpers/datasets';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { datasetsDir };
/** Group photos shipped with @vladmandic/face-api (always installed as a dev dependency). */
export const faceApiSamples = path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo');

export const hasPack = existsSync(path.join(BUNDLED_PACK_DIR, 'manifest.json'));
export const hasDatasets = existsSync(datasetsDir);

if (!hasPack) console.warn(`SKIPPING face model tests: no model pack at ${BUNDLED_PACK_DIR} (run npm run models:convert)`);
if (!hasDatasets) console.warn(`SKIPPING face dataset tests: ${datasetsDir} is absent`);
