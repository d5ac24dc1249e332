/**
 * The pipeline's side of indexing: what the library asks of it (Pipeline) and how it fails. The
 * facts it returns are plain data in domain/indexed-file.ts.
 */
import type { FaceSearch } from '../ml/face-detection';
import type { FaceScan, FileToProcess, KnownFace, ProcessedFile, Reembedded, StoredFace } from '../domain/indexed-file';

/** A failure the catalog records against the file; indexing goes on with the next one. */
export class PipelineError extends Error {
  constructor(
    readonly stage: string,
    readonly filePath: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'PipelineError';
  }
}

export interface PipelineOptions {
  /** Library cache folder for thumbnails and previews (content-addressed by sha256). */
  derivativesDir: string;
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Decompression-bomb guard: images with more pixels than this are refused. */
  maxPixels?: number;
  /** Face model pack folder (manifest.json + ONNX files); absent or null: faces are not looked for. */
  facePackDir?: string | null;
  /** Whether faces are looked for, asked for each photo (the user's face recognition switch); default true. */
  facesEnabled?: () => boolean;
  /** Where face detection looks, asked for each photo (a library setting); default 'default'. */
  faceSearch?: () => FaceSearch;
  /**
   * Faces the catalog holds for a content but that have no thumbnail yet (asked by a worker once
   * it knows the content's hash): the worker crops their thumbnails instead of detecting faces.
   */
  storedFaces?: (sha256: string) => StoredFace[];
}

/** Main-thread face of the pipeline: owns the worker pool and the one long-lived exiftool process. */
export interface Pipeline {
  /** Resolves with the facts, or rejects with a PipelineError naming the stage and reason. */
  process(file: FileToProcess): Promise<ProcessedFile>;
  /**
   * Looks for the faces of an indexed photo again, decoding it once more (content indexed
   * before faces were enabled, or whose models failed). Face problems come back as state
   * 'error'; a file that cannot be read or decoded rejects with a PipelineError.
   */
  findFaces(file: FileToProcess, sha256: string): Promise<FaceScan>;
  /**
   * Renders an indexed photo's thumbnail and preview (a video's poster) again into the derivatives
   * folder, as indexing wrote them: a preview evicted from the cache, viewed again.
   */
  renderDerivatives(file: FileToProcess, sha256: string): Promise<void>;
  /** New embeddings for faces found by an earlier model version, from the decoded photo. */
  reembedFaces(file: FileToProcess, sha256: string, faces: readonly KnownFace[]): Promise<Reembedded>;
  /** How many files may be in flight at once before the caller should wait (backpressure). */
  readonly capacity: number;
  close(): Promise<void>;
}
