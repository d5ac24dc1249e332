import { hasControlCharacter } from '../../shared/names';

/** Why a package someone else wrote was not imported. */
export type RefusalReason =
  | 'not-a-package'
  | 'unsafe-path'
  | 'symlink'
  | 'duplicate-entry'
  | 'unsupported-entry'
  | 'too-many-entries'
  | 'too-large'
  | 'compression-ratio'
  | 'overlapping-entries'
  | 'not-an-image'
  | 'size-mismatch'
  | 'manifest-too-large'
  | 'manifest-invalid'
  | 'unsupported-version'
  | 'missing-file'
  | 'checksum-mismatch';

/** A refused package: the message names the package and the reason, for the user to read. */
export class PackageRefusedError extends Error {
  constructor(
    readonly packagePath: string,
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(`share package ${packagePath} refused (${reason}): ${detail}`);
    this.name = 'PackageRefusedError';
  }
}

/** Bounds on what an import reads: a package must not exhaust disk, memory or time. */
export interface ImportLimits {
  /** Files (and folders) in the package. */
  maxEntries: number;
  /** Sum of the uncompressed sizes of all files. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  /**
   * Uncompressed / compressed size of one zip entry above which it is a zip bomb (checked past
   * 1 MiB), and of the whole zip: its files' total size over the zip's size.
   */
  maxRatio: number;
  maxManifestBytes: number;
}

const MiB = 1024 * 1024;

export const defaultImportLimits: ImportLimits = {
  maxEntries: 50_000,
  maxTotalBytes: 16 * 1024 * MiB,
  maxEntryBytes: 2 * 1024 * MiB,
  // Photos barely compress; JSON and HTML do about 10x. 100x is a sign of padding or a bomb.
  maxRatio: 100,
  maxManifestBytes: 32 * MiB,
};

/** Only checked for entries past this size: small text files may compress well legitimately. */
export const ratioCheckFromBytes = MiB;

/**
 * Why a package entry name is unsafe, or null. Names are compared as written, before any
 * normalisation: anything that could mean a different place on some system is refused.
 */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'empty file name';
  if (name.includes('\0')) return `NUL in file name ${JSON.stringify(name)}`;
  if (name.includes('\\')) return `backslash in file name ${JSON.stringify(name)}`;
  if (name.startsWith('/')) return `absolute path ${JSON.stringify(name)}`;
  if (/^[A-Za-z]:/.test(name)) return `drive letter in ${JSON.stringify(name)}`;
  if (hasControlCharacter(name)) return `control character in file name ${JSON.stringify(name)}`;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((part) => part === '..')) return `parent folder reference in ${JSON.stringify(name)}`;
  if (parts.some((part) => part === '' || part === '.')) return `empty or '.' path segment in ${JSON.stringify(name)}`;
  return null;
}
