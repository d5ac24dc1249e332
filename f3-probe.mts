import fs from 'node:fs';
import { openEngine } from './src/main/api/engine';
for (const off of [true, false]) {
  const lib = fs.mkdtempSync('/tmp/f3/lib-');
  const t0 = Date.now();
  const engine = await openEngine({ libraryDir: lib, threads: 2, ...(off ? { facePackDir: null } : {}) });
  await engine.api.addFolderSource({ path: '/work/shared/datasets/lfw10' });
  await engine.indexAll();
  const s = await engine.api.getStatus({});
  console.log(off ? 'faces off' : 'faces on', Date.now() - t0, 'ms', s.photos, 'photos', s.faces, 'faces');
  await engine.close();
}
