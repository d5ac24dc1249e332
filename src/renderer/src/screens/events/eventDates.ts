import { formatTakenAt } from '../../format';

/** "May 4, 2019" or "May 4, 2019 – May 6, 2019" for an event's span (local wall clock). */
export function formatEventSpan(startsAt: string | null, endsAt: string | null): string {
  if (!startsAt || !endsAt) return 'No dated photos';
  const from = formatTakenAt(startsAt, false);
  const to = formatTakenAt(endsAt, false);
  return from === to ? from : `${from} – ${to}`;
}
