/**
 * The system trash, through sindresorhus' `trash` (the freedesktop trash spec on Linux, the
 * Finder's trash on macOS, the Recycle Bin on Windows). Files are moved there, never unlinked.
 *
 * Putting a file back is done here only for the freedesktop trash, whose `info/<name>.trashinfo`
 * names each file's original path; elsewhere the system's own trash is the way back.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const canRestoreFromTrash = process.platform === 'linux';

/**
 * Imported on first use: xdg-basedir reads XDG_DATA_HOME when it loads, so a library opened with
 * another XDG_DATA_HOME (tests point it at a temp folder) still trashes there.
 */
const trashModule = () => import('trash').then((m) => m.default);
const trashDirOf = () => import('xdg-trashdir').then((m) => m.default);

export async function moveToTrash(paths: readonly string[]): Promise<void> {
  const trash = await trashModule();
  await trash([...paths], { glob: false });
}

/** Moves a trashed file back to `original`; throws an Error saying why it could not. */
export async function restoreFromTrash(original: string): Promise<void> {
  if (!canRestoreFromTrash) throw new Error('put it back from the system trash');
  if (
    await fs.lstat(original).then(
      () => true,
      () => false,
    )
  )
    throw new Error('a file is at that path again');
  const xdgTrashdir = await trashDirOf();
  const dirs = [...new Set(await Promise.all([xdgTrashdir(path.dirname(original)), xdgTrashdir()]))];
  for (const dir of dirs) {
    const entry = await newestEntryFor(dir, original);
    if (entry === null) continue;
    await fs.rename(path.join(dir, 'files', entry), original);
    await fs.rm(path.join(dir, 'info', `${entry}.trashinfo`), { force: true });
    return;
  }
  throw new Error('it is no longer in the trash');
}

/** The name in `files/` of the last file trashed from `original`, or null. */
async function newestEntryFor(trashDir: string, original: string): Promise<string | null> {
  const infoDir = path.join(trashDir, 'info');
  const names = (await fs.readdir(infoDir).catch(() => [] as string[])).filter((name) => name.endsWith('.trashinfo'));
  let newest: { entry: string; deletedAt: string } | null = null;
  for (const name of names) {
    const info = parseTrashInfo(await fs.readFile(path.join(infoDir, name), 'utf8').catch(() => ''));
    if (info?.path !== original) continue;
    const entry = name.slice(0, -'.trashinfo'.length);
    if (newest === null || info.deletedAt > newest.deletedAt) newest = { entry, deletedAt: info.deletedAt };
  }
  return newest?.entry ?? null;
}

/** The spec's `[Trash Info]` group: Path (URL-encoded) and DeletionDate. */
function parseTrashInfo(text: string): { path: string; deletedAt: string } | null {
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim();
  const encoded = value('Path');
  if (!text.startsWith('[Trash Info]') || encoded === undefined) return null;
  try {
    return { path: decodeURIComponent(encoded), deletedAt: value('DeletionDate') ?? '' };
  } catch {
    return null;
  }
}
