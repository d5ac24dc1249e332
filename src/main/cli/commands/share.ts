/**
 * `facet export` and `facet import`: share packages from the command line, through the same API
 * calls as the app's Export and Import (so the same checks and refusals).
 */
import os from 'node:os';
import path from 'node:path';
import type { ApiInput, ShareExportResult, ShareImportResult } from '../../../shared/api';
import type { FacetEngine } from '../../api/engine';
import { expandHome } from '../../user-path';
import { callApi, CliError, libraryDirFrom, printJson, withEngine, type GlobalOptions } from '../context';
import { defaultImportFolder } from '../../share/library-import';

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

/**
 * `facet import <package>`: checks the package and unpacks its photos into a new folder; with
 * --as-event, its photos also become a source and an event named as the package's (the app's Import).
 */
export async function importCommand(packageText: string, options: ImportOptions): Promise<void> {
  const source = userPath(packageText);
  const destination = options.to !== undefined ? userPath(options.to) : await defaultImportFolder(libraryDirFrom(options), source);
  await withEngine(options, async (engine) => {
    if (options.asEvent) {
      const imported = await callApi(engine, 'importSharePackageToLibrary', { source, destination, into: { kind: 'new-event' } });
      if (options.json) return printJson(imported);
      printImport(imported);
      process.stdout.write(`Event ${imported.event.id} "${imported.event.name}" holds ${imported.event.photoCount} photos\n`);
      return;
    }
    const imported = await callApi(engine, 'importSharePackage', { source, destination });
    if (options.json) return printJson(imported);
    printImport(imported);
  });
}

function printImport(imported: ShareImportResult): void {
  process.stdout.write(`Imported "${imported.eventName}": ${imported.photos} photos (${formatBytes(imported.bytes)}) into ${imported.destination}\n`);
}
