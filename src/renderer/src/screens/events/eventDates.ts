import { formatTakenAt } from '../../format';

/**
 * "May 4, 2019" or "May 4, 2019 – May 6, 2019" for an event's span (local wall clock); "No dates"
 * when none of its photos has a capture date (scans, screenshots): it has no span.
 */
export function formatEventSpan(startsAt: string | null, endsAt: string | null): string {
  if (!startsAt || !endsAt) return 'No dates';
  const from = formatTakenAt(startsAt, false);
  const to = formatTakenAt(endsAt, false);
  return from === to ? from : `${from} – ${to}`;
}
