/**
 * Picking and marking photos: favourites, star ratings, photos hidden from the library, the ids of
 * a whole photo sequence (select all, shift-click ranges over pages not loaded) and a share
 * package of chosen photos. Kept in the catalog only: the originals are never written (an XMP
 * sidecar beside them is the library's opt-in, `writeXmpSidecars`).
 */
import { z } from 'zod';
import type { ShareExportResult } from './api';
import { nameSchema } from './names';
import { photoSearchFilter } from './places-api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const photoIds = z.array(id).min(1).max(100_000);
export const starRating = z.number().int().min(0).max(5);

/**
 * What the library grid shows (listPhotos, getTimeline, listPhotoIds): hidden photos are left out
 * unless `hidden` is true, which shows those only (to unhide them).
 */
export const libraryFilter = {
  favourites: z.boolean().optional(),
  /** Photos rated at least this many stars. */
  minRating: z.number().int().min(1).max(5).optional(),
  hidden: z.boolean().optional(),
};
const libraryFilterObject = z.object(libraryFilter).strict();
export type LibraryFilter = z.output<typeof libraryFilterObject>;

/** A photo sequence a grid pages through, as its read names it, without the page window. */
const photoSequence = z.discriminatedUnion('method', [
  z.object({ method: z.literal('listPhotos'), input: libraryFilterObject.extend({ sourceId: id.optional() }).strict() }).strict(),
  z.object({ method: z.literal('listEventPhotos'), input: z.object({ eventId: id }).strict() }).strict(),
  z.object({ method: z.literal('listPersonPhotos'), input: z.object({ personId: id }).strict() }).strict(),
  z.object({ method: z.literal('listGuestPhotos'), input: z.object({ guestId: id }).strict() }).strict(),
  z.object({ method: z.literal('searchPhotos'), input: z.object({ filter: photoSearchFilter }).strict() }).strict(),
]);

export const organizeApiInputs = {
  setFavourite: z.object({ photoIds, favourite: z.boolean() }).strict(),
  /** 0 clears a rating; a rating set here wins over the one read from the file. */
  setRating: z.object({ photoIds, rating: starRating }).strict(),
  /** Hidden photos leave the library grid (events and people keep them). */
  setHidden: z.object({ photoIds, hidden: z.boolean() }).strict(),
  /** Every photo id of a sequence, in its order: select all, and ranges over pages not loaded. */
  listPhotoIds: z.object({ sequence: photoSequence }).strict(),
  /** A share package of chosen photos (as an event's export, with no names or face data). */
  exportPhotos: z
    .object({
      photoIds,
      destination: z.string().min(1).max(4096),
      format: z.enum(['folder', 'zip']),
      /** The package's title (default "Selected photos"). */
      name: nameSchema.optional(),
      includeOriginals: z.boolean().default(false),
      watermark: z.string().trim().min(1).max(200).optional(),
      videoMaxBytes: z.number().int().min(1).max(1e13).optional(),
    })
    .strict(),
} as const;

/** A sidecar that could not be written, and why (the catalog has the change regardless). */
export interface SidecarFailure {
  photoId: number;
  fileName: string;
  reason: string;
}

export interface MarkChange {
  /** Photos whose mark this call changed. */
  changed: number;
}

export interface RatingChange extends MarkChange {
  /** XMP sidecars written (writeXmpSidecars on; folder sources only), and those that failed. */
  sidecarsWritten: number;
  sidecarFailures: SidecarFailure[];
}

export interface OrganizeApiOutputs {
  setFavourite: MarkChange;
  setRating: RatingChange;
  setHidden: MarkChange;
  listPhotoIds: number[];
  exportPhotos: ShareExportResult;
}
