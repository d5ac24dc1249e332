/**
 * The event guests part of the API contract (merged into apiInputs / ApiOutputs in api.ts): who
 * came to an event, told by reference selfies or an existing person, and the photos each is in.
 */
import { z } from 'zod';
import type { PhotoPage, ShareExportResult } from './api';
import { nameSchema } from './names';
import { selfieImage } from './people-api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const selfies = z.array(selfieImage).min(1).max(10);

export const guestsApiInputs = {
  /**
   * A guest of an event: a name and reference faces, from selfies (the largest face of each) or
   * from a person of the library (all the person's faces), or both.
   */
  addEventGuest: z
    .object({ eventId: id, name: nameSchema, selfies: selfies.optional(), personId: id.optional() })
    .strict()
    .refine((input) => input.selfies !== undefined || input.personId !== undefined, 'a guest needs selfies or a personId'),
  /** Rename, add or remove selfie references, link or unlink (null) a person. */
  updateEventGuest: z
    .object({
      guestId: id,
      name: nameSchema.optional(),
      addSelfies: selfies.optional(),
      removeReferenceIds: z.array(id).min(1).max(1000).optional(),
      personId: id.nullable().optional(),
    })
    .strict(),
  /**
   * Deletes the guest, its reference faces (embeddings and crops, erased from disk at once) and its
   * photo list. Until `restorableUntil` (about a minute) the engine keeps them in memory only, so
   * restoreEventGuest can undo it.
   */
  removeEventGuest: z.object({ guestId: id }).strict(),
  /** Undoes removeEventGuest within its window: the guest comes back (with a new id) as it was. */
  restoreEventGuest: z.object({ guestId: id }).strict(),
  listEventGuests: z.object({ eventId: id }).strict(),
  /** The event photos the guest is in, oldest first, paged like listEventPhotos. */
  listGuestPhotos: z.object({ guestId: id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
} as const;

export interface GuestReferenceInfo {
  id: number;
  /** The selfie's file name as it was dropped in. */
  fileName: string;
  createdAt: string;
}

export interface EventGuestInfo {
  id: number;
  eventId: number;
  name: string;
  /** Selfie references usable with the current face models, plus the linked person's faces. */
  referenceCount: number;
  photoCount: number;
  personId: number | null;
  /** A named person of the library the guest's selfies match as a whole, while the guest is not linked: offer to link them. */
  likelyPerson: { personId: number; name: string } | null;
  references: GuestReferenceInfo[];
}

/** One package per guest, each holding the photos the guest is in. */
export interface ShareEveryoneResult {
  destination: string;
  packages: (ShareExportResult & { guestId: number; name: string })[];
  /** Bytes on disk of all the packages written, as each package measured its own. */
  bytes: number;
  /** Guests without a package: no photos, or the export failed (the others go on). */
  skipped: { guestId: number; name: string; reason: string }[];
}

export interface GuestsApiOutputs {
  addEventGuest: EventGuestInfo;
  updateEventGuest: EventGuestInfo;
  removeEventGuest: { removed: boolean; restorableUntil: string | null };
  restoreEventGuest: EventGuestInfo;
  listEventGuests: EventGuestInfo[];
  listGuestPhotos: PhotoPage;
}
