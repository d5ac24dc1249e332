/**
 * A share package brought into the library (the app's Import and `facet import --as-event`): it is
 * unpacked into a new folder under the library's imports/, that folder becomes a source and is
 * indexed, and its photos go into a new event named as the package's, or into an existing event.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type ApiParsedInput, type FacetApi, type ShareImportResult } from '../../shared/api';
import type { ShareImportApiOutputs, SharePackageLibraryImport } from '../../shared/share-import-api';
import { absoluteUserPath } from '../user-path';
import { inspectSharePackage } from './inspect';
import { PackageRefusedError } from './refusal';

export interface LibraryImportDeps {
  libraryDir: string;
  /** The engine's whole API, once built: the import goes through the same calls as the app's. */
  api: () => Pick<FacetApi, 'importSharePackage' | 'addFolderSource' | 'createEvent' | 'addPhotosToEvent' | 'listEvents'>;
  /** Scans and indexes a source; resolves once its photos are in the catalog. */
  indexSource(sourceId: number): Promise<void>;
}

export type ShareImportApi = Pick<FacetApi, keyof ShareImportApiOutputs>;

export function createShareImportApi(deps: LibraryImportDeps): ShareImportApi {
  return {
    async inspectSharePackage({ source }) {
      try {
        return await inspectSharePackage(absoluteUserPath(source, 'the package to import'));
      } catch (error) {
        if (error instanceof PackageRefusedError) throw new ApiError('invalid_input', error.message);
        throw error;
      }
    },
    importSharePackageToLibrary: (input) => importPackageToLibrary(deps, input),
  };
}

/** A new folder under the library's imports/, named after the package: lake.zip -> imports/lake, then lake-2 ... */
export async function defaultImportFolder(libraryDir: string, packagePath: string): Promise<string> {
  const base =
    path
      .basename(packagePath)
      .replace(/\.zip$/i, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'package';
  const imports = path.join(libraryDir, 'imports');
  for (let n = 1; n <= 1000; n++) {
    const candidate = path.join(imports, n === 1 ? base : `${base}-${n}`);
    if (!(await fs.stat(candidate).catch(() => null))) return candidate;
  }
  throw new ApiError('conflict', `${imports} holds 1000 imports named ${base}: choose where to unpack it`);
}

export async function importPackageToLibrary(
  deps: LibraryImportDeps,
  { source, into, destination }: ApiParsedInput<'importSharePackageToLibrary'>,
): Promise<SharePackageLibraryImport> {
  const api = deps.api();
  // Checked first: nothing is unpacked for an event that is not there.
  if (into.kind === 'event' && !(await api.listEvents({})).some((event) => event.id === into.eventId)) {
    throw new ApiError('not_found', `no event ${into.eventId}`);
  }
  const imported = await api.importSharePackage({ source, destination: destination ?? (await defaultImportFolder(deps.libraryDir, source)) });
  const added = await api.addFolderSource({ path: await photosFolder(imported) });
  await deps.indexSource(added.id);
  const selection = { kind: 'folder' as const, sourceId: added.id, folder: '' };
  const event =
    into.kind === 'new-event'
      ? await api.createEvent({ name: imported.eventName, selection })
      : (await api.addPhotosToEvent({ eventId: into.eventId, selection })).event;
  return { ...imported, event, sourceId: added.id };
}

/**
 * One copy of each photo becomes the source: the originals when the package has them, else the
 * web-sized images (never thumbs/, which would add every photo twice).
 */
async function photosFolder(imported: ShareImportResult): Promise<string> {
  const originals = path.join(imported.destination, 'originals');
  const hasOriginals = await fs.stat(originals).then(
    () => true,
    () => false,
  );
  return hasOriginals ? originals : path.join(imported.destination, 'images');
}
