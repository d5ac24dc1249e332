/**
 * Event suggestions from capture times and places, the way a person would split a camera roll.
 *
 * Tuning (defaults, each overridable per call):
 * - gapHours 6: photos of one gathering (a party, a wedding, a day out) rarely pause for six hours,
 *   while the night between two days of snapshots is longer, so a new event starts after a gap of
 *   more than 6 h. A trip of several days therefore comes out one suggestion per day, which the user
 *   merges by accepting one and adding the next days by date.
 * - maxDistanceKm 50: further than crossing a city; two consecutive geotagged photos further apart
 *   than that were taken at different places even when minutes apart (a flight, a drive). Photos
 *   without GPS never split: they join the run they fall into by time.
 * - minPhotos 5: fewer photos is an everyday snapshot, not an event worth sharing.
 */
export interface SuggestOptions {
  gapHours: number;
  maxDistanceKm: number;
  minPhotos: number;
}

export const defaultSuggestOptions: SuggestOptions = { gapHours: 6, maxDistanceKm: 50, minPhotos: 5 };

export interface PlacedPhoto {
  id: number;
  /** sort_time: local wall clock in ms. */
  time: number;
  latitude: number | null;
  longitude: number | null;
}

interface Place {
  latitude: number;
  longitude: number;
}

const hourMs = 3_600_000;

/** Splits photos (in capture order) into runs; runs smaller than minPhotos are dropped. */
export function clusterPhotos<T extends PlacedPhoto>(photos: readonly T[], options: SuggestOptions): T[][] {
  const runs: T[][] = [];
  let current: T[] = [];
  let lastPlace: Place | null = null;
  for (const photo of photos) {
    const previous = current.at(-1);
    const place = photo.latitude !== null && photo.longitude !== null ? { latitude: photo.latitude, longitude: photo.longitude } : null;
    const tooLate = previous !== undefined && photo.time - previous.time > options.gapHours * hourMs;
    const tooFar = place !== null && lastPlace !== null && distanceKm(lastPlace, place) > options.maxDistanceKm;
    if (previous !== undefined && (tooLate || tooFar)) {
      runs.push(current);
      current = [];
      lastPlace = null;
    }
    current.push(photo);
    if (place !== null) lastPlace = place;
  }
  if (current.length > 0) runs.push(current);
  return runs.filter((run) => run.length >= options.minPhotos);
}

/** Great-circle distance (haversine, mean Earth radius). */
export function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '14 Jul 2023', '14–16 Jul 2023', '30 Jun – 2 Jul 2023' or '30 Dec 2023 – 2 Jan 2024' (wall clock ms). */
export function spanName(start: number, end: number): string {
  const a = new Date(start);
  const b = new Date(end);
  const day = (d: Date) => d.getUTCDate();
  const month = (d: Date) => months[d.getUTCMonth()]!;
  const year = (d: Date) => d.getUTCFullYear();
  if (year(a) !== year(b)) return `${day(a)} ${month(a)} ${year(a)} – ${day(b)} ${month(b)} ${year(b)}`;
  if (a.getUTCMonth() !== b.getUTCMonth()) return `${day(a)} ${month(a)} – ${day(b)} ${month(b)} ${year(b)}`;
  if (day(a) !== day(b)) return `${day(a)}–${day(b)} ${month(a)} ${year(a)}`;
  return `${day(a)} ${month(a)} ${year(a)}`;
}
