/**
 * `facet export` and `facet import`: share packages from the command line, through the same API
 * calls as the app's Export and Import (so the same checks and refusals).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApiInput, ShareExportResult, ShareImportResult } from '../../../shared/api';
import type { FacetEngine } from '../../api/engine';
import { expandHome } from '../../user-path';
import { callApi, CliError, libraryDirFrom, printJson, withEngine, type GlobalOptions } from '../context';
import { indexUntilIdle } from '../progress';

export interface ExportOptions extends GlobalOptions {
  to: string;
  guest?: string;
  person?: string;
  everyone?: boolean;
  zip?: boolean;
  names?: boolean;
  biometrics?: boolean;
  originals?: boolean;
  /** Megabytes: videos up to this size go in. */
  videos?: string;
  watermark?: string;
  json?: boolean;
}

export interface ImportOptions extends GlobalOptions {
  to?: string;
  asEvent?: boolean;
  json?: boolean;
}

function positiveId(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new CliError(`not ${what} id: ${text}`);
  return value;
}

/** A path the user typed: ~ expanded (also when quoted), relative to the shell's current folder. */
function userPath(text: string): string {
  return path.resolve(expandHome(text, os.homedir()) ?? text);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "--names": everyone named in the event (its named people and its guests) is named in the package. */
async function namedMembers(engine: FacetEngine, eventId: number): Promise<Pick<ApiInput<'exportEvent'>, 'includePeople' | 'includeGuests'>> {
  const people = (await callApi(engine, 'listEventPeople', { eventId })).filter((entry) => entry.person.name !== null).map((entry) => entry.person.id);
  const guests = (await callApi(engine, 'listEventGuests', { eventId })).map((guest) => guest.id);
  return {
    ...(people.length > 0 ? { includePeople: people } : {}),
    ...(guests.length > 0 ? { includeGuests: guests } : {}),
  };
}

function megabytes(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new CliError(`${option} takes a size in megabytes, e.g. ${option} 200`);
  return Math.round(value * 1_000_000);
}

function printExport(result: ShareExportResult, label = ''): void {
  process.stdout.write(
    `${label}${result.destination}: ${result.photos} photos, ${formatBytes(result.bytes)} (${result.written} files written, ${result.reused} kept)\n`,
  );
  for (const skip of result.skipped) process.stdout.write(`  left out ${skip.fileName}: ${skip.reason}\n`);
}

/** `facet export <eventId> --to <dir|file.zip>`: one package, or one per guest with --everyone. */
export async function exportCommand(eventIdText: string, options: ExportOptions): Promise<void> {
  const eventId = positiveId(eventIdText, 'an event');
  if (options.guest !== undefined && options.person !== undefined) throw new CliError('give --guest or --person, not both');
  if (options.everyone && (options.guest !== undefined || options.person !== undefined))
    throw new CliError('--everyone writes a package per guest: leave out --guest and --person');
  const destination = userPath(options.to);
  const common = {
    eventId,
    destination,
    includeOriginals: options.originals ?? false,
    includeBiometrics: options.biometrics ?? false,
    ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
    ...(options.videos !== undefined ? { videoMaxBytes: megabytes(options.videos, '--videos') } : {}),
  };
  await withEngine(options, async (engine) => {
    const members = options.names ? await namedMembers(engine, eventId) : {};
    if (options.everyone) {
      const result = await callApi(engine, 'exportEventForEveryone', { ...common, ...members, format: options.zip ? 'zip' : 'folder' });
      if (options.json) return printJson(result);
      for (const written of result.packages) printExport(written, `${written.name}: `);
      for (const skip of result.skipped) process.stdout.write(`  no package for ${skip.name}: ${skip.reason}\n`);
      process.stdout.write(`${result.packages.length} packages, ${formatBytes(result.bytes)} in ${result.destination}\n`);
      return;
    }
    const subset =
      options.guest !== undefined
        ? { guestId: positiveId(options.guest, 'a guest') }
        : options.person !== undefined
          ? { personId: positiveId(options.person, 'a person') }
          : undefined;
    const format = options.zip || destination.toLowerCase().endsWith('.zip') ? 'zip' : 'folder';
    const result = await callApi(engine, 'exportEvent', { ...common, ...members, format, ...(subset ? { subset } : {}) });
    if (options.json) return printJson(result);
    printExport(result);
  });
}

/** Where an import goes when --to is not given: a new folder in the library's imports/. */
async function defaultImportFolder(libraryDir: string, packagePath: string): Promise<string> {
  const base =
    path
      .basename(packagePath)
      .replace(/\.zip$/i, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'package';
  const imports = path.join(libraryDir, 'imports');
  for (let n = 1; ; n++) {
    const candidate = path.join(imports, n === 1 ? base : `${base}-${n}`);
    if (!(await fs.stat(candidate).catch(() => null))) return candidate;
    if (n >= 1000) throw new CliError(`${imports} holds 1000 imports named ${base}: give --to`);
  }
}

/**
 * `facet import <package>`: checks the package and unpacks its photos into a new folder; with
 * --as-event, its photos also become a source and an event named as the package's.
 */
export async function importCommand(packageText: string, options: ImportOptions): Promise<void> {
  const source = userPath(packageText);
  const destination = options.to !== undefined ? userPath(options.to) : await defaultImportFolder(libraryDirFrom(options), source);
  await withEngine(options, async (engine) => {
    const imported: ShareImportResult = await callApi(engine, 'importSharePackage', { source, destination });
    let event: { id: number; name: string; photoCount: number } | null = null;
    if (options.asEvent) {
      // One copy of each photo becomes the source: the originals when the package has them, else
      // the web-sized images (never thumbs/, which would add every photo twice).
      const hasOriginals = await fs.stat(path.join(imported.destination, 'originals')).then(
        () => true,
        () => false,
      );
      const photosFolder = path.join(imported.destination, hasOriginals ? 'originals' : 'images');
      const added = await callApi(engine, 'addFolderSource', { path: photosFolder });
      await indexUntilIdle(engine);
      event = await callApi(engine, 'createEvent', { name: imported.eventName, selection: { kind: 'folder', sourceId: added.id, folder: '' } });
    }
    if (options.json) return printJson({ ...imported, event });
    process.stdout.write(`Imported "${imported.eventName}": ${imported.photos} photos (${formatBytes(imported.bytes)}) into ${imported.destination}\n`);
    if (event) process.stdout.write(`Event ${event.id} "${event.name}" holds ${event.photoCount} photos\n`);
  });
}
