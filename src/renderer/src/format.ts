/**
 * Display formatting. Capture times are shown in the photo's own local time (the clock of the
 * camera), never converted to the viewer's time zone.
 */

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat();

/** 'YYYY-MM' bucket key to "May 2024"; 'undated' to "Undated". */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return 'Undated';
  return monthFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

const isoLocal = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Wall-clock time as written by the camera, with its UTC offset when known. */
export function formatTakenAt(takenAt: string, withTime = true): string {
  const m = isoLocal.exec(takenAt);
  if (!m) return takenAt;
  const wallClock = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  const text = (withTime ? dateTimeFormat : dateFormat).format(wallClock);
  if (!withTime) return text;
  const offset = m[7];
  if (!offset) return `${text} (time zone unknown)`;
  return `${text} (UTC${offset === 'Z' ? '' : offset})`;
}

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${numberFormat.format(n)} ${n === 1 ? singular : plural}`;
}

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Seconds to "1 h 5 min", "3 min 20 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** A position or length in a video as players write it: "0:07", "12:05", "1:02:09". */
export function formatClockTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} files/s`;
}

export function formatCoordinate(value: number, positive: string, negative: string): string {
  return `${Math.abs(value).toFixed(5)}° ${value >= 0 ? positive : negative}`;
}

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** 0..1 to "87%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
