/**
 * What indexing learns of a file, as plain data: the facts and faces the pipeline returns and the
 * catalog stores. A low module: the catalog, the pipeline and the library all speak it, and it
 * depends on none of them.
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
  /** 0-5 stars from the file's XMP or EXIF Rating; null when it records none (or a reject, -1). */
  rating: number | null;
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
  /** 64-bit dHash as 16 hex digits; null for videos (a poster is no photo to compare). */
  dhash: string | null;
  derivatives: DerivativePaths | null;
  /** Why faces were not looked for, when they were not (e.g. 'face models not enabled'). */
  facesSkippedReason: string | null;
  /** True when thumbnail and preview already existed for this content, so nothing was decoded. */
  reusedDerivatives?: boolean;
  /**
   * The faces of this content, when they were looked for in this pass. Absent when faces were
   * skipped (facesSkippedReason) or the content had been decoded before: its faces are then
   * known by content hash, or still to be found by the library's face pass.
   */
  faces?: FaceScan;
}

/** The embedding model of a face: vectors of different models (or versions) are never compared. */
export interface FaceModelRef {
  name: string;
  version: string;
  dim: number;
}

/** In oriented pixels of the photo (the size the catalog records for it). */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type FacePoint = [number, number];

/** The face-centred WebP crop the pipeline wrote, content-addressed beside the photo's thumbnails. */
export interface FaceThumbFile {
  path: string;
  width: number;
  height: number;
  bytes: number;
}

export interface FoundFace {
  box: FaceBox;
  /** Detector keypoints in its order (eyes, nose tip, mouth centre, ears), same pixels as box. */
  keypoints: FacePoint[];
  score: number;
  /** 0..1 from size, sharpness and frontalness. */
  quality: number;
  /** L2-normalized. */
  embedding: Float32Array;
  thumb: FaceThumbFile;
  /** For a video: the time of the frame the face was found in, in seconds (the face chip seeks there). */
  frameSeconds?: number;
}

/** How a face error's reason starts when the models themselves could not be loaded. */
export const FACE_MODELS_FAILED = 'face models could not be loaded';

/**
 * Every face of one photo's content, or why they could not be found. 'stored': the content's
 * faces were in the catalog already (taken from another library by a sync), so nothing was
 * detected; only the thumbnails they lacked were cropped from this decode.
 */
export type FaceScan =
  | { state: 'done'; faces: FoundFace[]; model: FaceModelRef; provider: string }
  | { state: 'stored'; thumbs: StoredFaceThumb[] }
  | { state: 'error'; reason: string };

/** A stored face to embed again with a newer model: its detection stays, its vector changes. */
export interface KnownFace {
  box: FaceBox;
  keypoints: FacePoint[];
  /** For a video's face: the time of the frame it was found in, where it is aligned again. */
  frameSeconds?: number;
}

/** A face the catalog holds for a content without its thumbnail yet. */
export interface StoredFace extends KnownFace {
  id: number;
  /** Its place among the content's faces: names its thumbnail. */
  index: number;
}

export interface StoredFaceThumb {
  faceId: number;
  index: number;
  thumb: FaceThumbFile;
}

export interface Reembedded {
  /** One per known face, in order, L2-normalized. */
  embeddings: Float32Array[];
  qualities: number[];
  model: FaceModelRef;
  provider: string;
}
