/**
 * When and where: photos found by the place they were taken (a town named offline from their GPS
 * position) and by a capture-date range, and the places of the library.
 */
import { z } from 'zod';
import type { PhotoPage, TimelineBucket } from './api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A calendar day of the photographer's clock; `from` counts from its start, `to` up to its end. */
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((text) => {
    // Zod checks this even when the pattern failed: a text that is no date at all must not throw.
    const time = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(time) && new Date(time).toISOString().startsWith(text);
  }, 'no such date');

/**
 * Which photos a search finds: taken at a place (words of its town or country, "lisbon", "Lisbon,
 * Portugal"; case and accents do not matter) and/or between two dates (inclusive). A date range
 * leaves out photos with no capture time.
 */
export const photoSearchFilter = z
  .object({
    place: z.string().trim().min(1).max(200).optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    sourceId: id.optional(),
  })
  .strict()
  .refine((filter) => filter.place !== undefined || filter.from !== undefined || filter.to !== undefined, 'give a place, a from date or a to date')
  .refine((filter) => filter.from === undefined || filter.to === undefined || filter.from <= filter.to, 'the date range ends before it starts');

export type PhotoSearchFilter = z.output<typeof photoSearchFilter>;

export const placesApiInputs = {
  /** Photos of a search, in the library grid's order (newest first, undated last), paged like listPhotos. */
  searchPhotos: z
    .object({
      filter: photoSearchFilter,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(2000),
    })
    .strict(),
  /** Month buckets of a search's photos, over the same order as searchPhotos. */
  getSearchTimeline: z.object({ filter: photoSearchFilter }).strict(),
  /** The places photos were taken at, most photos first. */
  listPlaces: z.object({ limit: z.number().int().min(1).max(10_000).default(200) }).strict(),
} as const;

/** Where a photo was taken, in words: the nearest town to its GPS position, named offline. */
export interface PlaceName {
  city: string;
  /** In English ("Portugal"). */
  country: string;
  /** ISO 3166-1 alpha-2 ("PT"). */
  countryCode: string;
}

export interface PlaceCount extends PlaceName {
  photoCount: number;
}

export interface PlacesApiOutputs {
  searchPhotos: PhotoPage;
  getSearchTimeline: TimelineBucket[];
  listPlaces: PlaceCount[];
}
