/** Timestamps stored in the catalog: ISO 8601 UTC strings. */
export function nowIso(): string {
  return new Date().toISOString();
}

export interface SortKey {
  /** Local wall-clock capture time as if it were UTC, in ms; null when undated. */
  sortTime: number | null;
  /** 'YYYY-MM' of that wall clock, null when undated. */
  sortMonth: string | null;
}

const wallClock = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?/;

/**
 * Photos sort by the clock the photographer saw (the offset is ignored on purpose): the grid
 * and the month buckets then agree, and a trip abroad is not split at midnight UTC. Files
 * without a capture time fall back to their modification time in this machine's zone.
 */
export function sortKeyOf(takenAt: string | null, mtimeMs: number | null): SortKey {
  const parsed = takenAt === null ? null : parseWallClock(takenAt);
  if (parsed !== null) return parsed;
  if (mtimeMs === null || !Number.isFinite(mtimeMs) || mtimeMs <= 0) return { sortTime: null, sortMonth: null };
  const local = Math.round(mtimeMs) - new Date(mtimeMs).getTimezoneOffset() * 60_000;
  return { sortTime: local, sortMonth: new Date(local).toISOString().slice(0, 7) };
}

function parseWallClock(text: string): SortKey | null {
  const m = wallClock.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (year < 1800 || month < 1 || month > 12) return null;
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (!Number.isFinite(time)) return null;
  return { sortTime: time, sortMonth: `${m[1]}-${m[2]}` };
}
