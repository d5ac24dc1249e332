/**
 * Automatic sync of linked events: while the app (or `facet serve`) runs, a linked event syncs on
 * a schedule and shortly after it is edited here, waiting longer after each failed attempt while
 * its location is unavailable. Each event can be paused.
 */
import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const autoSyncApiInputs = {
  getEventAutoSync: z.object({ eventId: id }).strict(),
  /** Paused: the event syncs only when asked (Sync now, `facet sync`). Resuming syncs it soon. */
  setEventAutoSyncPaused: z.object({ eventId: id, paused: z.boolean() }).strict(),
} as const;

export interface EventAutoSync {
  eventId: number;
  /** Only events linked to a shared location sync. */
  linked: boolean;
  paused: boolean;
  /** Whether this engine syncs by itself: the app and `facet serve` do, a one-off CLI command does not. */
  running: boolean;
  /** When auto-sync last tried; null: not yet. */
  lastAttemptAt: string | null;
  /** Attempts that failed in a row, and why the last one did (null after a success). */
  failures: number;
  lastError: string | null;
  /** When it will try next; null when paused, not linked or not running. */
  nextSyncAt: string | null;
}

export interface AutoSyncApiOutputs {
  getEventAutoSync: EventAutoSync;
  setEventAutoSyncPaused: EventAutoSync;
}
