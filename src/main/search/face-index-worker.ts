/**
 * Worker thread entry: gets one model's saved face index ready for the engine to load, so that
 * the engine's thread never waits on it. Checks the saved files against their sidecar (the
 * checksums read them whole), or builds the index again from the catalog (minutes at 100k faces,
 * through its own read-only connection) and saves it. The engine then loads the files and adds
 * what the catalog gained meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { FaceVectorsRepository } from '../catalog/face-vectors-repo';
import { readSidecar } from '../vectors/sidecar';
import { VectorIndex, vectorIndexPaths } from '../vectors/vector-index';
import type { FaceIndexJob, FaceIndexJobResult } from './face-index-job';
import { errorMessage } from '../../shared/error-message';
import { lowerThisWorkerThreadPriority } from '../worker-priority';

function prepare(job: FaceIndexJob): FaceIndexJobResult {
  VectorIndex.removeStrayTempFiles(job.location);
  let rebuiltBecause = job.rebuildBecause;
  if (rebuiltBecause === null) {
    const saved = VectorIndex.checkSavedFiles(job.location);
    if (!('problem' in saved)) return { ok: true, sidecar: saved, rebuiltBecause: null };
    rebuiltBecause = saved.problem;
  }
  const db = new Database(job.catalogFile, { readonly: true, fileMustExist: true });
  try {
    const repo = new FaceVectorsRepository(db);
    VectorIndex.build(job.location, repo.all(job.modelId), repo.state(job.modelId).count);
  } finally {
    db.close();
  }
  const sidecar = readSidecar(vectorIndexPaths(job.location.dir, job.location.modelVersion).sidecarFile);
  if ('problem' in sidecar) return { ok: false, error: `the rebuilt index's sidecar: ${sidecar.problem}` };
  return { ok: true, sidecar, rebuiltBecause };
}

lowerThisWorkerThreadPriority();
let result: FaceIndexJobResult;
try {
  result = prepare(workerData as FaceIndexJob);
} catch (error) {
  result = { ok: false, error: errorMessage(error) };
}
parentPort?.postMessage(result);
