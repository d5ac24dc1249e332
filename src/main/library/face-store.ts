import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import type { DerivativeRow } from '../catalog/derivatives-repo';
import type { RecognizerTuning } from '../../shared/model-manifest';
import { faceModelRef, readFacePack } from '../pipeline/face-pack';
import type { FaceModelRef, FaceScan, FaceThumbFile, FoundFace, ProcessedFile } from '../domain/indexed-file';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';
import type { EngineBus } from '../bus/engine-bus';

/** What the engine knows about the face models of this run. */
export interface FaceRuntime {
  /** embedding_models row of the configured pack; null when faces are off or its manifest is unreadable. */
  modelId: number | null;
  /** Thresholds measured for the pack's recognizer (clustering, match calibration); null when faces are off. */
  tuning: RecognizerTuning | null;
  /** Execution provider the workers reported, once they ran the models. */
  provider: string | null;
}

/**
 * Records what the pipeline found about faces. Faces belong to content: the first scan of a
 * content is stored, later copies (or a duplicate decoded at the same time) only take its state.
 * Every method runs inside the caller's catalog transaction.
 */
export class FaceStore {
  constructor(
    private readonly catalog: Catalog,
    private readonly libraryDir: string,
    readonly runtime: FaceRuntime,
    /** Hears of every face stored or re-embedded here ('faces-stored'): the vector index and people follow it. */
    private readonly bus: EngineBus,
  ) {}

  /** Faces of a content got embeddings of the current model in place of stale ones (the face pass). Inside its transaction. */
  reembedded(faceIds: readonly number[]): void {
    if (faceIds.length > 0) this.bus.emit('faces-stored', faceIds, 'reembedded');
  }

  /** After the file's facts were committed with the state the pipeline left (files-repo). */
  afterCommit(fileId: number, result: ProcessedFile): void {
    if (result.facesSkippedReason !== null) return;
    if (result.faces) this.storeScan(fileId, result.sha256, result.faces);
    else this.catalog.faceStates.adoptContentState(fileId, result.sha256);
  }

  storeScan(fileId: number, sha256: string, scan: FaceScan): void {
    if (scan.state === 'error') {
      // A copy of this content may have its faces already; then this file has them too.
      if (!this.catalog.faceStates.adoptContentState(fileId, sha256)) this.catalog.faceStates.markError(fileId, scan.reason);
      return;
    }
    if (scan.state === 'stored') {
      for (const { faceId, index, thumb } of scan.thumbs) this.catalog.faces.setThumb(faceId, this.recordThumb(sha256, index, thumb));
    } else {
      this.runtime.provider = scan.provider;
      if (!this.catalog.faces.hasFaces(sha256)) {
        const modelId = this.catalog.faces.modelId(scan.model);
        const thumbPaths = scan.faces.map((face, i) => this.recordThumb(sha256, i, face.thumb));
        this.insert(sha256, scan.faces, modelId, thumbPaths);
      }
    }
    this.catalog.faceStates.markContentDone(sha256);
  }

  /**
   * Faces another library found in this content with the current model (a sync), stored before
   * the content is indexed here: its indexing then crops their thumbnails instead of detecting.
   * False when the content has faces already.
   */
  storeShared(sha256: string, faces: readonly Omit<FoundFace, 'thumb'>[], model: FaceModelRef): boolean {
    if (this.catalog.faces.hasFaces(sha256)) return false;
    this.insert(sha256, faces, this.catalog.faces.modelId(model), []);
    return true;
  }

  private insert(sha256: string, faces: readonly Omit<FoundFace, 'thumb'>[], modelId: number, thumbPaths: readonly string[]): void {
    const ids = this.catalog.faces.insert(sha256, faces, modelId, thumbPaths);
    if (ids.length > 0) this.bus.emit('faces-stored', ids, 'new');
  }

  /** Records the face thumbnail as a derivative of the content; returns its library-relative path. */
  private recordThumb(sha256: string, index: number, thumb: FaceThumbFile): string {
    const row: DerivativeRow = {
      sha256,
      kind: 'face',
      variant: `face-${index}`,
      path: path.relative(this.libraryDir, thumb.path).split(path.sep).join('/'),
      width: thumb.width,
      height: thumb.height,
      bytes: thumb.bytes,
    };
    this.catalog.derivatives.record(row);
    return row.path;
  }
}

/**
 * The face models of this run, from the pack's manifest: faces embedded by another model
 * version become stale (re-embedded by the face pass), and photos whose models failed to load
 * last time are queued again. Null pack: faces are off.
 */
export async function openFaceRuntime(catalog: Catalog, packDir: string | null): Promise<FaceRuntime> {
  const runtime: FaceRuntime = { modelId: null, tuning: null, provider: null };
  if (packDir === null) return runtime;
  let model: FaceModelRef;
  try {
    const manifest = await readFacePack(packDir);
    model = faceModelRef(manifest);
    runtime.tuning = manifest.recognizer.tuning;
  } catch (error) {
    // Workers report the same problem on every photo's face_state; indexing goes on without faces.
    log.warn(`face models unavailable: ${errorMessage(error)}`);
    return runtime;
  }
  catalog.transaction(() => {
    runtime.modelId = catalog.faces.modelId(model);
    catalog.faces.markStale(runtime.modelId);
    catalog.faceStates.requeueModelFailures();
  });
  return runtime;
}
