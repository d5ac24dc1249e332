import type { PhotoSummary, TimelineBucket } from '../../../../shared/api';

/** A year of the timeline and its months with photos, newest first (the grid's order). */
export interface TimelineYear {
  year: string;
  months: string[];
}

/** The dated buckets ('YYYY-MM') grouped by year, in bucket order; 'undated' is left out. */
export function yearsOf(buckets: readonly TimelineBucket[]): TimelineYear[] {
  const years: TimelineYear[] = [];
  for (const { month } of buckets) {
    if (!/^\d{4}-\d{2}$/.test(month)) continue;
    const year = month.slice(0, 4);
    const last = years.at(-1);
    if (last?.year === year) last.months.push(month);
    else years.push({ year, months: [month] });
  }
  return years;
}

/**
 * The month to show for a date (YYYY-MM-DD or YYYY-MM): its own when it has photos, else the
 * nearest earlier month that has (the photos taken just before), else the oldest dated month (the
 * date is before every photo). Null when no photo is dated.
 */
export function monthForDate(buckets: readonly TimelineBucket[], date: string): string | null {
  const target = date.slice(0, 7);
  const dated = buckets.map((bucket) => bucket.month).filter((month) => /^\d{4}-\d{2}$/.test(month));
  // Newest first: the first month not after the target is the target or the one just before it.
  return dated.find((month) => month <= target) ?? dated.at(-1) ?? null;
}

/**
 * Of a month's photos in grid order (newest first), the index of the first one taken on `date`
 * (YYYY-MM-DD) or before it; the month's oldest photo when all were taken after it.
 */
export function firstOnOrBefore(photos: readonly Pick<PhotoSummary, 'takenAt'>[], date: string): number {
  const index = photos.findIndex((photo) => photo.takenAt !== null && photo.takenAt.slice(0, 10) <= date);
  return index < 0 ? photos.length - 1 : index;
}
