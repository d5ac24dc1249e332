/**
 * The shared state of an event is a function of the set of log segments alone, whatever order
 * they arrive in, so every library that has read the same segments agrees on it:
 * - photos form an observed-remove set: an add is tagged by its segment, a remove names the tags
 *   it saw, and a photo is in the event while one of its adds is not removed (so adding a photo
 *   again after someone removed it works, and concurrent add and remove keep the photo);
 * - the event name is the latest `event` entry (by its segment's time, then writer);
 * - copies of the same content collapse by sha256, near-duplicates by dHash to the largest.
 */
import { findNearGroups, nearDuplicateMaxDistance } from '../library/near-duplicates';
import { addTag, type AddEntry, type LogSegment } from './log-format';

export interface SharedPhoto {
  sha256: string;
  /** The add to fetch: an original before a rendition, then the most bytes. */
  entry: AddEntry;
  /** Add tags still in effect, and who wrote them. */
  tags: string[];
  contributors: Set<string>;
}

export interface SharedState {
  alive: Map<string, SharedPhoto>;
  /** Every photo any segment ever added (alive or removed). */
  known: Set<string>;
  eventName: string | null;
  contributors: Set<string>;
}

export function mergeSegments(segments: readonly LogSegment[]): SharedState {
  const ordered = [...segments].sort((a, b) => (a.contributorId === b.contributorId ? a.seq - b.seq : a.contributorId < b.contributorId ? -1 : 1));
  const adds = new Map<string, { tag: string; contributorId: string; entry: AddEntry }[]>();
  const removed = new Map<string, Set<string>>();
  let named: { at: string; contributorId: string; seq: number; name: string } | null = null;
  for (const segment of ordered) {
    const tag = addTag(segment.contributorId, segment.seq);
    for (const entry of segment.entries) {
      if (entry.op === 'add') {
        const list = adds.get(entry.sha256) ?? [];
        list.push({ tag, contributorId: segment.contributorId, entry });
        adds.set(entry.sha256, list);
      } else if (entry.op === 'remove') {
        const set = removed.get(entry.sha256) ?? new Set<string>();
        for (const t of entry.tags) set.add(t);
        removed.set(entry.sha256, set);
      } else {
        const candidate = { at: segment.createdAt, contributorId: segment.contributorId, seq: segment.seq, name: entry.name };
        if (named === null || compareNamed(candidate, named) > 0) named = candidate;
      }
    }
  }
  const alive = new Map<string, SharedPhoto>();
  for (const [sha256, list] of adds) {
    const gone = removed.get(sha256);
    const live = list.filter((add) => !gone?.has(add.tag));
    if (live.length === 0) continue;
    const best = live.reduce((a, b) => (betterObject(b.entry, a.entry) ? b : a));
    alive.set(sha256, {
      sha256,
      entry: best.entry,
      tags: live.map((add) => add.tag),
      contributors: new Set(live.map((add) => add.contributorId)),
    });
  }
  return {
    alive,
    known: new Set(adds.keys()),
    eventName: (named as { name: string } | null)?.name ?? null,
    contributors: new Set(ordered.map((segment) => segment.contributorId)),
  };
}

export interface CollapsedState {
  /** The photos every library's event ends up with. */
  kept: Map<string, SharedPhoto>;
  /** Further adds of content already added by someone else. */
  exactDuplicates: number;
  /** Photos left out as near-duplicates of a kept one. */
  nearDuplicates: number;
}

/** Near-duplicates (dHash within the library's threshold) keep the original, then the largest. */
export function collapseDuplicates(alive: ReadonlyMap<string, SharedPhoto>, maxDistance = nearDuplicateMaxDistance): CollapsedState {
  const kept = new Map(alive);
  const hashed = [...alive.values()].filter((photo) => photo.entry.dhash !== null && photo.entry.mediaType === 'image');
  let nearDuplicates = 0;
  for (const group of findNearGroups(
    hashed.map((photo) => ({ key: photo.sha256, hash: BigInt(`0x${photo.entry.dhash}`) })),
    maxDistance,
  )) {
    const photos = group.keys.map((sha) => alive.get(sha)!);
    const winner = photos.reduce((a, b) => (preferredPhoto(b, a) ? b : a));
    for (const photo of photos) {
      if (photo === winner) continue;
      kept.delete(photo.sha256);
      nearDuplicates += 1;
    }
  }
  let exactDuplicates = 0;
  for (const photo of alive.values()) exactDuplicates += photo.contributors.size - 1;
  return { kept, exactDuplicates, nearDuplicates };
}

function betterObject(a: AddEntry, b: AddEntry): boolean {
  if (a.object.kind !== b.object.kind) return a.object.kind === 'original';
  if (a.object.bytes !== b.object.bytes) return a.object.bytes > b.object.bytes;
  return a.object.sha256 < b.object.sha256;
}

function preferredPhoto(a: SharedPhoto, b: SharedPhoto): boolean {
  if (a.entry.object.kind !== b.entry.object.kind) return a.entry.object.kind === 'original';
  if (a.entry.bytes !== b.entry.bytes) return a.entry.bytes > b.entry.bytes;
  return a.sha256 < b.sha256;
}

function compareNamed(a: { at: string; contributorId: string; seq: number }, b: { at: string; contributorId: string; seq: number }): number {
  const at = Date.parse(a.at) - Date.parse(b.at);
  if (at !== 0 && Number.isFinite(at)) return at;
  if (a.contributorId !== b.contributorId) return a.contributorId < b.contributorId ? -1 : 1;
  return a.seq - b.seq;
}
