import { describe, expect, it } from 'vitest';
import { RemovedGuests, type RemovedGuest } from '../../src/main/events/removed-guests';

function removedGuest(guestId: number): RemovedGuest {
  return {
    guest: { id: guestId, eventId: 1, name: 'Penny', personId: null, createdAt: '2026-01-01T00:00:00.000Z' },
    references: [
      {
        row: { id: 7, guestId, fileName: 'penny.jpg', modelId: 1, cropPath: 'derivatives/guests/ab/ab.webp', createdAt: '2026-01-01T00:00:00.000Z' },
        embedding: new Float32Array([0.6, 0.8]),
        crop: Buffer.from([1, 2, 3]),
      },
    ],
  };
}

const wiped = (removed: RemovedGuest) => removed.references.every((ref) => ref.embedding.every((v) => v === 0) && (ref.crop ?? []).every((b) => b === 0));

describe('removed guests kept for undo', () => {
  it('hands a removed guest back once within the window', () => {
    const kept = new RemovedGuests(60_000);
    const removed = removedGuest(3);
    expect(kept.keep(removed).getTime()).toBeGreaterThan(Date.now() + 59_000);
    expect(kept.take(3)).toBe(removed);
    expect(wiped(removed)).toBe(false);
    expect(kept.take(3)).toBeNull();
    kept.close();
  });

  it('wipes the biometrics when the window ends', async () => {
    const kept = new RemovedGuests(30);
    const removed = removedGuest(4);
    kept.keep(removed);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(kept.take(4)).toBeNull();
    expect(wiped(removed)).toBe(true);
  });

  it('wipes every kept guest when the engine closes', () => {
    const kept = new RemovedGuests(60_000);
    const first = removedGuest(5);
    const second = removedGuest(6);
    kept.keep(first);
    kept.keep(second);
    kept.close();
    expect([kept.take(5), kept.take(6)]).toEqual([null, null]);
    expect(wiped(first) && wiped(second)).toBe(true);
  });
});
