/** What crosses the thread boundary between the pipeline's main thread and its workers. */
import type { MediaType } from '../../shared/api';
import type { MessagePort } from 'node:worker_threads';
import type { FaceSearch } from '../ml/face-detection';
import type { DerivativePaths, FaceScan, FileToProcess, KnownFace } from '../domain/indexed-file';
import type { DecodeRoute } from './content-type';
import type { StageTimes } from './stage-times';
import type { VideoProbe } from '../video/probe';

export const facesNotEnabled = 'face models not enabled';
/** Why a photo has no faces when the models are there but the user switched face recognition off. */
export const faceRecognitionOff = 'face recognition is off';

export interface WorkerTask {
  file: FileToProcess;
  contentType: string;
  mediaType: MediaType;
  route: DecodeRoute;
  /** For camera RAW: the embedded JPEG the main thread pulled out with exiftool. */
  embeddedPreview: Uint8Array | null;
  /** For camera RAW: the RAW's own orientation, which its embedded preview does not carry. */
  rawOrientation: number | null;
  /** For camera RAW: the container's oriented size; faces found in the smaller preview are scaled to it. */
  rawSize: [number, number] | null;
  derivativesDir: string;
  maxPixels: number;
  /** Face models to look for faces with; null when faces are off. */
  faces: FaceConfig | null;
  /** Answers a content's hash with its stored faces lacking thumbnails (PipelineOptions.storedFaces). */
  storedFaces: MessagePort | null;
}

export interface FaceConfig {
  packDir: string;
  /** Where detection looks: 'default', or 'small-faces' where the library asks to find very small faces. */
  search: FaceSearch;
  /** onnxruntime intra-op threads per session: workers x threads ~= cores. */
  threads: number;
}

/** Work on an already indexed photo: its content must still hash to `sha256`. */
export interface RenderTask extends WorkerTask {
  sha256: string;
}

/** Face work on an already indexed photo. */
export interface FaceTask extends RenderTask {
  faces: FaceConfig;
}

export interface ReembedTask extends FaceTask {
  known: KnownFace[];
}

export interface WorkerFacts {
  sha256: string;
  width: number | null;
  height: number | null;
  dhash: string | null;
  derivatives: DerivativePaths | null;
  facesSkippedReason: string | null;
  /** Null when faces were skipped, or not looked for because this content was decoded before. */
  faces: FaceScan | null;
  /** True when the derivatives already existed for this content and nothing was decoded. */
  reusedDerivatives: boolean;
  /** Time per stage in the worker (stage-times.ts). */
  stageMs: StageTimes;
  /** For a video: what ffprobe read. */
  video?: Pick<VideoProbe, 'durationSeconds' | 'rotation' | 'createdAt'>;
}

/** Errors cross threads as plain data: structured clone would drop PipelineError's stage. */
export type WorkerOutcome = { ok: true; facts: WorkerFacts } | { ok: false; stage: string; reason: string };
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; stage: string; reason: string };
