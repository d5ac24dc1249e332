/** What crosses the thread boundary between the pipeline's main thread and its workers. */
import type { MediaType } from '../../shared/api';
import type { DerivativePaths, FileToProcess } from './types';
import type { DecodeRoute } from './content-type';

export interface WorkerTask {
  file: FileToProcess;
  contentType: string;
  mediaType: MediaType;
  route: DecodeRoute;
  /** For camera RAW: the embedded JPEG the main thread pulled out with exiftool. */
  embeddedPreview: Uint8Array | null;
  /** For camera RAW: the RAW's own orientation, which its embedded preview does not carry. */
  rawOrientation: number | null;
  derivativesDir: string;
  maxPixels: number;
}

export interface WorkerFacts {
  sha256: string;
  width: number | null;
  height: number | null;
  dhash: string | null;
  derivatives: DerivativePaths | null;
  facesSkippedReason: string | null;
  /** True when the derivatives already existed for this content and nothing was decoded. */
  reusedDerivatives: boolean;
}

/** Errors cross threads as plain data: structured clone would drop PipelineError's stage. */
export type WorkerOutcome = { ok: true; facts: WorkerFacts } | { ok: false; stage: string; reason: string };
