/**
 * The contract between the library (which decides what to index and stores results in the
 * catalog) and the pipeline (which turns one file into facts and derivatives). Workers return
 * plain data; nothing here touches SQLite.
 */
import type { MediaType } from '../../shared/api';

export interface FileToProcess {
  /** Absolute path of the original. Never written to. */
  path: string;
  /** Size and mtime seen by the scanner; the pipeline refuses a file that changes while read. */
  sizeBytes: number;
  mtimeMs: number;
}

export interface PhotoMetadata {
  /** ISO 8601 with offset when the camera recorded one, else local time without offset. */
  takenAt: string | null;
  takenAtOffset: string | null;
  orientation: number | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lensModel: string | null;
  latitude: number | null;
  longitude: number | null;
  altitude: number | null;
  durationSeconds: number | null;
}

export interface DerivativePaths {
  /** Small grid thumbnail (WebP), keyed by content hash under the library's cache folder. */
  thumb: string;
  /** ~2048 px preview (WebP), same key. */
  preview: string;
}

export interface ProcessedFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  sha256: string;
  contentType: string;
  mediaType: MediaType;
  /** Oriented (display) dimensions. */
  width: number | null;
  height: number | null;
  metadata: PhotoMetadata;
  /** 64-bit dHash as 16 hex digits; null for videos. */
  dhash: string | null;
  /** Null for videos (listed, not decoded). */
  derivatives: DerivativePaths | null;
  /** Why faces were not looked for, when they were not (e.g. 'video: faces are only found in photos'). */
  facesSkippedReason: string | null;
  /** True when thumbnail and preview already existed for this content, so nothing was decoded. */
  reusedDerivatives?: boolean;
}

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
}

/** Main-thread face of the pipeline: owns the worker pool and the one long-lived exiftool process. */
export interface Pipeline {
  /** Resolves with the facts, or rejects with a PipelineError naming the stage and reason. */
  process(file: FileToProcess): Promise<ProcessedFile>;
  /** How many files may be in flight at once before the caller should wait (backpressure). */
  readonly capacity: number;
  close(): Promise<void>;
}
