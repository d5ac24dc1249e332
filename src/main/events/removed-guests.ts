/**
 * "Remove guest" erases the guest's selfie faces from disk at once (secure delete, crops removed):
 * a removed guest's biometrics must not wait on the disk for an undo that may never come. Undo
 * still has to put the guest back, so what was erased is kept in this process's memory only, for
 * a short window; then, or when the engine closes, it is wiped (zeroed) and dropped.
 */
import type { GuestReferenceRow, GuestRow } from '../catalog/guests-repo';

export interface RemovedReference {
  row: GuestReferenceRow;
  embedding: Float32Array;
  /** The crop's bytes, when removing the guest deleted the crop file (no other reference used it). */
  crop: Buffer | null;
}

export interface RemovedGuest {
  guest: GuestRow;
  references: RemovedReference[];
}

/** Long enough to outlive the toast that offers Undo (15 s) with room for a slow click. */
export const guestUndoWindowMs = 60_000;

export class RemovedGuests {
  private readonly kept = new Map<number, { removed: RemovedGuest; timer: NodeJS.Timeout }>();

  constructor(readonly windowMs = guestUndoWindowMs) {}

  /** Keeps `removed` for the undo window; returns until when it can be restored. */
  keep(removed: RemovedGuest): Date {
    const guestId = removed.guest.id;
    this.drop(guestId);
    const timer = setTimeout(() => this.drop(guestId), this.windowMs);
    timer.unref();
    this.kept.set(guestId, { removed, timer });
    return new Date(Date.now() + this.windowMs);
  }

  /** The removed guest, handed over once (the caller restores it); null after the window. */
  take(guestId: number): RemovedGuest | null {
    const entry = this.kept.get(guestId);
    if (entry === undefined) return null;
    clearTimeout(entry.timer);
    this.kept.delete(guestId);
    return entry.removed;
  }

  /** Wipes every removed guest still kept: the engine is closing. */
  close(): void {
    for (const guestId of [...this.kept.keys()]) this.drop(guestId);
  }

  private drop(guestId: number): void {
    const entry = this.kept.get(guestId);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.kept.delete(guestId);
    wipe(entry.removed);
  }
}

/** Zeroes the biometrics so they do not linger in freed memory until the garbage collector runs. */
export function wipe(removed: RemovedGuest): void {
  for (const reference of removed.references) {
    reference.embedding.fill(0);
    reference.crop?.fill(0);
  }
}
