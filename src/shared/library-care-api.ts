/**
 * Duplicates you can act on, the library's disk use and the user's face-data choices (merged into
 * apiInputs / ApiOutputs in api.ts). Originals are never deleted: "move to the trash" hands files
 * of folder sources to the system trash, from which they can be put back.
 */
import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const libraryCareApiInputs = {
  /**
   * Keeps one photo of a duplicate group and hides the others from the library (undo: setHidden
   * false), or moves their files to the system trash (folder sources only; S3 sources are refused).
   */
  resolveDuplicates: z
    .object({
      keepPhotoId: id,
      photoIds: z.array(id).min(1).max(1000),
      action: z.enum(['hide', 'trash']),
    })
    .strict()
    .refine((input) => !input.photoIds.includes(input.keepPhotoId), 'the photo to keep cannot also be one of the photos to hide or trash'),
  /** Puts files that resolveDuplicates moved to the trash back where they were (Linux, freedesktop trash), and indexes them again. */
  restoreFromTrash: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }).strict(),
  /** The library folder's size by part. */
  getDiskUsage: z.object({}).strict(),
  /** Most bytes of previews kept; null: no limit. Previews beyond it, least recently viewed first, are deleted and made again when viewed. */
  setPreviewCacheLimit: z.object({ maxBytes: z.number().int().min(0).max(1e15).nullable() }).strict(),
  getFaceRecognition: z.object({}).strict(),
  /**
   * Off: photos indexed from then on get no face detection or embedding. deleteFaceData (only with
   * enabled false) also deletes every face, person and guest selfie, as deleteAllFaceData does.
   * Back on: photos indexed meanwhile are looked at for faces.
   */
  setFaceRecognition: z
    .object({ enabled: z.boolean(), deleteFaceData: z.boolean().default(false) })
    .strict()
    .refine((input) => !(input.enabled && input.deleteFaceData), 'face data is deleted only when turning face recognition off'),
  /**
   * Deletes every face, person, guest selfie, face crop and the face index for good (catalog,
   * write-ahead log and backups, as forgetting a person does), and turns face recognition off.
   */
  deleteAllFaceData: z.object({}).strict(),
} as const;

/** The photo of a duplicate group Facet suggests keeping, and why. */
export interface DuplicateKeeper {
  photoId: number;
  /** In words: "Largest: 4000 × 3000 (the next is 2000 × 1500)". */
  reason: string;
}

/** Where a duplicate's original is, for the confirmation that names the files. */
export interface DuplicateMember {
  photoId: number;
  /** A path on disk, or s3://bucket/key. */
  path: string;
  /** Why its file cannot go to the trash (an S3 source); null when it can. */
  trashRefusal: string | null;
}

export interface DuplicateResolution {
  action: 'hide' | 'trash';
  keptPhotoId: number;
  /** The photos hidden, or whose files went to the trash. */
  files: { photoId: number; fileName: string; path: string }[];
  /**
   * How the change is undone: 'unhide' (setHidden false), 'restore' (restoreFromTrash with the
   * paths), or 'system-trash': this platform's trash is the way back (put them back from there).
   */
  undo: 'unhide' | 'restore' | 'system-trash';
}

export interface TrashRestoreResult {
  restored: string[];
  /** Each path that could not be put back, with the reason. */
  failed: { path: string; reason: string }[];
}

/** Bytes on disk of each part of the library folder. */
export interface DiskUsage {
  libraryDir: string;
  parts: {
    /** catalog.sqlite with its write-ahead log. */
    catalog: number;
    /** The HNSW face index (vectors/). */
    faceIndex: number;
    /** Face crops and guest selfie crops. */
    faceCrops: number;
    previews: number;
    thumbnails: number;
    /** Share packages and sync renditions written inside the library folder (exports/), and S3 originals being indexed. */
    exports: number;
    /** logs/ and the catalog copies in backups/. */
    logsAndBackups: number;
  };
  total: number;
  previewCache: {
    /** Previews on disk now. */
    count: number;
    bytes: number;
    /** Null: no limit. */
    maxBytes: number | null;
  };
}

export interface FaceRecognitionState {
  enabled: boolean;
  /** Faces and people the library holds now. */
  faces: number;
  people: number;
}

export interface FaceDataDeletion {
  faces: number;
  people: number;
  /** Face crops deleted from the library folder. */
  crops: number;
}

export interface LibraryCareApiOutputs {
  resolveDuplicates: DuplicateResolution;
  restoreFromTrash: TrashRestoreResult;
  getDiskUsage: DiskUsage;
  setPreviewCacheLimit: DiskUsage;
  getFaceRecognition: FaceRecognitionState;
  setFaceRecognition: FaceRecognitionState;
  deleteAllFaceData: FaceDataDeletion;
}
