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
import type { CoverCandidate } from '../domain/events';
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

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const dayMs = 24 * hourMs;
/** A night out ends in the small hours: photos before 05:00 belong to the day before. */
const dayStartsAtHour = 5;

type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

function partOfDay(time: number): PartOfDay {
  const hour = new Date(time).getUTCHours();
  if (hour >= dayStartsAtHour && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

/** The calendar day (00:00 wall clock, ms) a photo belongs to, small hours counted with the day before. */
function socialDay(time: number): number {
  const shifted = time - dayStartsAtHour * hourMs;
  return shifted - (((shifted % dayMs) + dayMs) % dayMs);
}

/**
 * The town most of a run's named photos were taken in (the first of them on a tie), null when
 * none is named: a day trip from Lisbon to Sintra is "in Lisbon" when most photos are.
 */
export function placeOfRun(photos: readonly { place: string | null }[]): string | null {
  const counts = new Map<string, number>();
  for (const { place } of photos) if (place !== null) counts.set(place, (counts.get(place) ?? 0) + 1);
  let best: string | null = null;
  for (const [place, count] of counts) if (best === null || count > counts.get(best)!) best = place;
  return best;
}

/**
 * A suggestion's name from its capture times (wall clock ms, in capture order) and the town its
 * photos were taken in, when they have GPS positions (named offline, places/):
 * - one day, its photos mostly in one part of it: 'Saturday afternoon in Lisbon, 12 Jul 2025'
 *   (the part holding most photos, so a party from 19:00 to 23:30 is an evening, not a night);
 * - one day, photos spread over three or more parts of it (a day out): 'Saturday in Lisbon, 12 Jul 2025';
 * - several days: 'Friday to Sunday in Lisbon, 11–13 Jul 2025', and beyond a week 'Lisbon, 1–20 Jul 2025'.
 * Without a place the same names leave out ' in Lisbon'. Two runs on the same date therefore get
 * different names (morning and evening), which a name made of the date alone did not.
 */
export function suggestionName(times: readonly number[], place: string | null = null): string {
  const first = times[0];
  const last = times.at(-1);
  if (first === undefined || last === undefined) return '';
  const firstDay = socialDay(first);
  const lastDay = socialDay(last);
  const weekday = (day: number) => weekdays[new Date(day).getUTCDay()]!;
  const where = place === null ? '' : ` in ${place}`;
  if (firstDay !== lastDay) {
    const dates = spanName(firstDay, lastDay);
    if (lastDay - firstDay < 7 * dayMs) return `${weekday(firstDay)} to ${weekday(lastDay)}${where}, ${dates}`;
    return place === null ? dates : `${place}, ${dates}`;
  }
  const counts = new Map<PartOfDay, number>();
  for (const time of times) counts.set(partOfDay(time), (counts.get(partOfDay(time)) ?? 0) + 1);
  const date = spanName(firstDay, firstDay);
  if (counts.size >= 3) return `${weekday(firstDay)}${where}, ${date}`;
  // Ties go to the earlier part: the run started there.
  const [part] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return `${weekday(firstDay)} ${part}${where}, ${date}`;
}

/**
 * A run's cover. A photo of the event's most frequent person comes first, that person's best face
 * deciding among them, so a stranger's portrait (someone seen once, or no one the library knows)
 * never wins over the people the event is about; a person counts only when seen in two or more of
 * its photos, or named by the user. Without such a person, the photo with the most pixels: the
 * catalog has no sharpness or exposure score, and resolution separates real photos from
 * screenshots and thumbnails. Ties go to the earlier photo. Null for no candidates.
 */
export function chooseCover(candidates: readonly CoverCandidate[]): number | null {
  const showable = candidates.filter((photo) => photo.showable);
  const pool = showable.length > 0 ? showable : candidates;
  if (pool.length === 0) return null;

  const seen = new Map<number, { photos: number; named: boolean }>();
  for (const photo of candidates) {
    for (const personId of new Set(photo.faces.map((face) => face.personId))) {
      const named = photo.faces.some((face) => face.personId === personId && face.named);
      const entry = seen.get(personId) ?? { photos: 0, named };
      entry.photos++;
      seen.set(personId, entry);
    }
  }
  const people = [...seen]
    .filter(([, person]) => person.photos >= 2 || person.named)
    .sort((a, b) => b[1].photos - a[1].photos || Number(b[1].named) - Number(a[1].named) || a[0] - b[0]);

  // Candidates come in capture order and sorting is stable: ties keep the earlier photo.
  const byPixels = (a: CoverCandidate, b: CoverCandidate) => b.pixels - a.pixels;
  for (const [personId] of people) {
    const bestFace = (photo: CoverCandidate) => Math.max(-Infinity, ...photo.faces.filter((face) => face.personId === personId).map((face) => face.quality));
    const withPerson = pool.filter((photo) => photo.faces.some((face) => face.personId === personId));
    if (withPerson.length > 0) return withPerson.sort((a, b) => bestFace(b) - bestFace(a) || byPixels(a, b))[0]!.id;
  }
  return [...pool].sort(byPixels)[0]!.id;
}
