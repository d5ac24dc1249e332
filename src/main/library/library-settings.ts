/**
 * Per-library choices kept beside the catalog in `settings.json` (a file, not a catalog table: it
 * is read before the pipeline starts and needs no migration). Unknown or malformed content falls
 * back to the defaults rather than refusing to open the library.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LibrarySettings } from '../../shared/api';
import type { FaceSearch } from '../ml/face-detection';
import { writeFileAtomic } from '../fs/atomic-file';

export const DEFAULT_LIBRARY_SETTINGS: LibrarySettings = { findSmallFaces: false };

export class LibrarySettingsStore {
  private current: LibrarySettings;
  private readonly file: string;

  constructor(libraryDir: string) {
    this.file = path.join(libraryDir, 'settings.json');
    this.current = readSettings(this.file);
  }

  get(): LibrarySettings {
    return { ...this.current };
  }

  async update(change: Partial<LibrarySettings>): Promise<LibrarySettings> {
    const next = { ...this.current, ...change };
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    this.current = next;
    return this.get();
  }

  /** The detection search photos indexed from now on get. */
  faceSearch(): FaceSearch {
    return this.current.findSmallFaces ? 'small-faces' : 'default';
  }
}

function readSettings(file: string): LibrarySettings {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_LIBRARY_SETTINGS };
  }
  const findSmallFaces = (json as { findSmallFaces?: unknown } | null)?.findSmallFaces;
  return { ...DEFAULT_LIBRARY_SETTINGS, ...(typeof findSmallFaces === 'boolean' ? { findSmallFaces } : {}) };
}
