/** The ways a catalog file gets damaged on real disks, applied to a closed catalog file. */
import fs from 'node:fs';

const pageSize = 4096;

/** Cut the file mid-page, as a full disk or a copy that stopped part way leaves it. */
export function truncateFile(file: string, keepFraction = 0.5): void {
  fs.truncateSync(file, Math.floor(fs.statSync(file).size * keepFraction) - 100);
}

/**
 * Flip one bit in the header of each of a few b-tree pages (page 1 holds the file header and is
 * left alone), as a failing sector or a bad RAM write does: every such page becomes unreadable.
 */
export function flipPages(file: string, pages = [3, 4, 5]): void {
  const bytes = fs.readFileSync(file);
  for (const page of pages) bytes[(page - 1) * pageSize + 3]! ^= 0x40;
  fs.writeFileSync(file, bytes);
}

/** What a crash during a careless rewrite (open with O_TRUNC, then nothing) leaves. */
export function emptyFile(file: string): void {
  fs.writeFileSync(file, '');
}
