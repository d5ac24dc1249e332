import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { SourceRow } from '../catalog/sources-repo';

/**
 * Checks a folder the user wants to add: it must exist, be a folder, and neither be, contain
 * nor sit inside a folder already in the library (a photo must belong to one source only).
 * Returns the absolute path to store.
 */
export async function validateNewFolderRoot(input: string, existing: readonly SourceRow[]): Promise<string> {
  const root = path.resolve(input);
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
