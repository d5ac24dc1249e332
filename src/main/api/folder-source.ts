import { realpathSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { Db } from '../catalog/database';
import { underPrefix } from '../catalog/files-repo';
import { listed } from '../catalog/photo-queries';
import type { SourceRow } from '../catalog/sources-repo';
import { absoluteUserPath, expandHome } from '../user-path';

/**
 * Checks a folder the user wants to add: it must exist, be a folder, and neither be, contain
 * nor sit inside a folder already in the library (a photo must belong to one source only).
 * Returns the absolute path to store.
 */
export async function validateNewFolderRoot(input: string, existing: readonly SourceRow[]): Promise<string> {
  const root = absoluteUserPath(input, 'the folder');
  const stats = await fs.stat(root).catch(() => null);
  if (stats === null) throw new ApiError('invalid_input', `folder not found: ${root}`);
  if (!stats.isDirectory()) throw new ApiError('invalid_input', `not a folder: ${root}`);
  const real = await realOrSelf(root);
  for (const source of existing) {
    if (source.kind !== 'folder') continue;
    const other = await realOrSelf(source.root);
    if (other === real) throw new ApiError('conflict', `${root} is already in the library`);
    if (isInside(real, other)) throw new ApiError('conflict', `${root} is inside ${source.root}, which is already in the library`);
    if (isInside(other, real)) throw new ApiError('conflict', `${root} contains ${source.root}, which is already in the library`);
  }
  return root;
}

async function realOrSelf(folder: string): Promise<string> {
  return fs.realpath(folder).catch(() => path.resolve(folder));
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A folder inside a source as stored in rel_path: '/' separators, no leading or trailing slash, '' = all. */
function plainRelativeFolder(folder: string): string {
  const trimmed = folder.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (trimmed.includes('\\') || trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new ApiError('invalid_input', `folder must be a plain path inside the source: ${folder}`);
  }
  return trimmed;
}

/** `child` relative to `root` with '/' separators, or null when it is not root or inside it. */
function relativeInside(root: string, child: string): string | null {
  const rel = path.relative(root, child);
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

function realpathOrSelf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

export interface FolderOfSource {
  /** rel_path prefix: '' is the whole source. */
  folder: string;
  /** What to call it in messages: the absolute folder for folder sources. */
  shown: string;
  /** An absolute path typed outside the source, read as a folder of it instead ('/trip'). */
  outside?: string;
}

/**
 * The folder of a source a selection names, from what the user typed: a path relative to the
 * source root ('2023/trip', or '/2023/trip' as before), or an absolute path (or ~/...) inside it.
 * An absolute path outside the source that also reads as a folder of it is taken that way, so the
 * older '/trip' spelling keeps working.
 */
export function folderOfSource(source: Pick<SourceRow, 'kind' | 'root' | 'label'>, input: string, home = os.homedir()): FolderOfSource {
  const typed = input.trim();
  const shownAt = (folder: string): FolderOfSource => ({
    folder,
    shown: source.kind === 'folder' ? path.join(source.root, ...folder.split('/')) : `${source.label}/${folder}`,
  });
  if (source.kind === 'folder') {
    const expanded = expandHome(typed, home);
    const absolute = expanded ?? (path.isAbsolute(typed) ? path.resolve(typed) : null);
    if (absolute !== null) {
      const inside = relativeInside(source.root, absolute) ?? relativeInside(realpathOrSelf(source.root), realpathOrSelf(absolute));
      if (inside !== null) return shownAt(inside);
      const notInside = new ApiError('invalid_input', `${absolute} is not inside the source ${source.label} (${source.root})`);
      if (expanded !== null || !typed.startsWith('/')) throw notInside;
      try {
        return { ...shownAt(plainRelativeFolder(typed)), outside: absolute };
      } catch {
        throw notInside;
      }
    }
  }
  return shownAt(plainRelativeFolder(typed));
}

/**
 * Why a folder selection found no photo of the library, as an error naming the folder, or null
 * when it holds some. "Added 0 photos." would hide a mistyped folder.
 */
export function emptyFolderError(db: Db, source: SourceRow, selected: FolderOfSource): ApiError | null {
  const [from, to] = underPrefix(selected.folder);
  const count = db
    .prepare<[number, string, string]>(`SELECT count(*) AS n FROM files f WHERE f.source_id = ? AND f.rel_path >= ? AND f.rel_path < ? AND ${listed}`)
    .get(source.id, from, to) as { n: number };
  if (count.n > 0) return null;
  if (selected.outside !== undefined) {
    return new ApiError('not_found', `no photos of the library are in ${selected.outside}: it is not inside the source ${source.label} (${source.root})`);
  }
  return new ApiError('not_found', `no photos of the library are in ${selected.shown}: ${whyEmpty(db, source, selected)}`);
}

function whyEmpty(db: Db, source: SourceRow, selected: FolderOfSource): string {
  if (source.kind === 'folder') {
    const info = (() => {
      try {
        return statSync(selected.shown);
      } catch {
        return null;
      }
    })();
    if (info === null) return `there is no such folder in the source ${source.label}${elsewhere(db, source, selected.folder)}`;
    if (!info.isDirectory()) return 'it is a file, not a folder';
  }
  if (source.state === 'scanning' || source.state === 'indexing') return `the source ${source.label} is still being indexed; try again when it is done`;
  return 'it holds no photo or video that Facet could index (see Sources for files with errors)';
}

/** ", did you mean a/b/Name?" when the folder's last name exists deeper in the source. */
function elsewhere(db: Db, source: SourceRow, folder: string): string {
  const name = folder.split('/').at(-1);
  if (!name) return '';
  const escaped = name.replace(/[\\%_]/g, (c) => `\\${c}`);
  const row = db
    .prepare<[number, string]>(`SELECT f.rel_path AS relPath FROM files f WHERE f.source_id = ? AND f.rel_path LIKE ? ESCAPE '\\' AND ${listed} LIMIT 1`)
    .get(source.id, `%/${escaped}/%`) as { relPath: string } | undefined;
  if (!row) return '';
  const parts = row.relPath.split('/');
  const found = parts.slice(0, parts.lastIndexOf(name) + 1).join('/');
  return `; did you mean ${found}?`;
}
