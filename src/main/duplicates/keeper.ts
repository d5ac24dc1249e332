import type { DuplicateKeeper } from '../../shared/library-care-api';

export interface KeeperCandidate {
  photoId: number;
  width: number | null;
  height: number | null;
  /** Variance of the Laplacian of its thumbnail (sharpness.ts); null when it could not be measured. */
  sharpness: number | null;
  takenAt: string | null;
  mtimeMs: number;
}

/** Sharper by less than this share is "as sharp": re-encodes of one picture differ a little. */
const sharpnessMargin = 0.1;

const pixels = (c: KeeperCandidate) => (c.width ?? 0) * (c.height ?? 0);
const size = (c: KeeperCandidate) => (c.width && c.height ? `${c.width} × ${c.height}` : 'unknown size');
const day = (iso: string) => iso.slice(0, 10);

/**
 * The photo of a duplicate group to keep: the largest (most pixels), then the sharpest, then the
 * earliest (capture time, else the file's date, else the first indexed), with the reason in words.
 */
export function chooseKeeper(candidates: readonly KeeperCandidate[]): DuplicateKeeper {
  if (candidates.length === 0) throw new Error('a duplicate group has photos');
  const most = Math.max(...candidates.map(pixels));
  const largest = candidates.filter((c) => pixels(c) === most);
  if (largest.length === 1) {
    const runnerUp = candidates.filter((c) => c !== largest[0]).sort((a, b) => pixels(b) - pixels(a))[0]!;
    return { photoId: largest[0]!.photoId, reason: `Largest: ${size(largest[0]!)} (the next is ${size(runnerUp)})` };
  }
  // Copies of one content are equally sharp: the sharpest are those within the margin of the best.
  const best = Math.max(...largest.map((c) => c.sharpness ?? 0));
  const sharp = largest.filter((c) => c.sharpness !== null && c.sharpness * (1 + sharpnessMargin) >= best);
  const softer = largest.filter((c) => !sharp.includes(c));
  if (best > 0 && softer.length > 0 && softer.every((c) => c.sharpness !== null)) {
    const keeper = [...sharp].sort(byEarliest)[0]!;
    const next = Math.max(...softer.map((c) => c.sharpness!));
    const percent = Math.round((best / Math.max(next, 1e-9) - 1) * 100);
    return { photoId: keeper.photoId, reason: `Sharpest of the same size (${size(keeper)}): ${percent}% more detail than the next` };
  }
  const earliest = [...largest].sort(byEarliest)[0]!;
  const same = largest.length === candidates.length ? 'Same size' : `Same size (${size(earliest)})`;
  if (earliest.takenAt !== null && largest.some((c) => c.takenAt !== earliest.takenAt)) {
    return { photoId: earliest.photoId, reason: `${same} and sharpness; earliest taken (${day(earliest.takenAt)})` };
  }
  if (largest.some((c) => c.mtimeMs !== earliest.mtimeMs)) {
    return { photoId: earliest.photoId, reason: `${same} and sharpness; the oldest file (${day(new Date(earliest.mtimeMs).toISOString())})` };
  }
  return { photoId: earliest.photoId, reason: `${same} and sharpness; the first one added to the library` };
}

function byEarliest(a: KeeperCandidate, b: KeeperCandidate): number {
  const taken = (c: KeeperCandidate) => (c.takenAt === null ? Infinity : Date.parse(c.takenAt));
  return taken(a) - taken(b) || a.mtimeMs - b.mtimeMs || a.photoId - b.photoId;
}
