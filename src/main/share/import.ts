/**
 * Safe import of a share package someone else wrote (.zip or folder). Nothing in it is trusted:
 * names, sizes, counts and the manifest are checked before anything is written, only the data
 * files the manifest names are extracted (never the package's HTML or scripts), each is verified
 * against its sha256 and its content against its kind (WebP, photo or video), and the result
 * appears at the destination only when complete.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, type ShareImportResult } from '../../shared/api';
import { assertStorageDestination, makeFolders } from '../fs/destination';
import { assertPackageMedia } from './content-check';
import {
  manifestFileName,
  manifestFiles,
  manifestFormat,
  manifestFormatVersion,
  manifestSchema,
  type ManifestPackageFile,
  type ShareManifest,
} from './manifest';
import { openFolderPackage, openZipPackage, type PackageReader } from './package-readers';
import { exists, tempSibling } from './placement';
import { defaultImportLimits, PackageRefusedError, type ImportLimits } from './refusal';
import { errorMessage } from '../../shared/error-message';

export { PackageRefusedError, defaultImportLimits, type ImportLimits };

export async function importSharePackage(source: string, destination: string, limits: ImportLimits = defaultImportLimits): Promise<ShareImportResult> {
  const { reader } = await openPackage(source, limits, async () => {
    await assertStorageDestination(destination, 'the import destination');
    if (await exists(destination)) throw new ApiError('conflict', `${destination} already exists; choose a new folder`);
  });
  const built = tempSibling(destination);
  try {
    const { manifest, files } = await readListing(reader, source, limits);
    await makeFolders(built);
    for (const file of files) {
      // The manifest schema allows only images|thumbs|originals/<hex name>: the join cannot escape.
      const target = path.join(built, ...file.path.split('/'));
      // Each folder comes with its first file: no empty originals/ from a package without originals.
      await makeFolders(path.dirname(target));
      const sha256 = await copyHashing(await reader.open(file.path), target);
      if (sha256 !== file.sha256) {
        throw new PackageRefusedError(source, 'checksum-mismatch', `${file.path} does not match its sha256 in the manifest`);
      }
      await assertPackageMedia(source, file.path, target);
    }
    await fs.writeFile(path.join(built, manifestFileName), JSON.stringify(manifest, null, 1), { flag: 'wx' });
    await fs.rename(built, destination);
    return {
      destination,
      eventName: manifest.event.name,
      photos: manifest.photos.length,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    };
  } catch (error) {
    await fs.rm(built, { recursive: true, force: true });
    throw error;
  } finally {
    await reader.close();
  }
}

/**
 * Opens a package (.zip or folder) without trusting it; `beforeOpening` runs once the package is
 * known to exist and is no link (the import checks its destination there).
 */
export async function openPackage(
  source: string,
  limits: ImportLimits,
  beforeOpening: () => Promise<void> = async () => undefined,
): Promise<{ reader: PackageReader; format: 'zip' | 'folder' }> {
  const stat = await fs.lstat(source).catch(() => null);
  if (stat === null) throw new PackageRefusedError(source, 'not-a-package', 'no such file or folder');
  if (stat.isSymbolicLink()) throw new PackageRefusedError(source, 'symlink', 'the package itself is a symbolic link');
  await beforeOpening();
  if (stat.isDirectory()) return { reader: await openFolderPackage(source, limits), format: 'folder' };
  return { reader: await openZipPackage(source, limits), format: 'zip' };
}

/** The manifest and the files it lists, each present in the package with the size it says. */
export async function readListing(
  reader: PackageReader,
  source: string,
  limits: ImportLimits,
): Promise<{ manifest: ShareManifest; files: ManifestPackageFile[] }> {
  const manifest = await readManifest(reader, source, limits);
  const files = manifestFiles(manifest);
  for (const file of files) {
    const size = reader.sizes.get(file.path);
    if (size === undefined) throw new PackageRefusedError(source, 'missing-file', `${file.path} is listed but not in the package`);
    if (size !== file.bytes) {
      throw new PackageRefusedError(source, 'size-mismatch', `${file.path} is ${size} bytes, the manifest says ${file.bytes}`);
    }
  }
  return { manifest, files };
}

/** Reads, bounds and validates manifest.json; an unknown or newer version gets its own message. */
export async function readManifest(reader: PackageReader, source: string, limits: ImportLimits): Promise<ShareManifest> {
  const refuse = (reason: ConstructorParameters<typeof PackageRefusedError>[1], detail: string) => new PackageRefusedError(source, reason, detail);
  const size = reader.sizes.get(manifestFileName);
  if (size === undefined) throw refuse('not-a-package', `no ${manifestFileName}`);
  if (size > limits.maxManifestBytes) {
    throw refuse('manifest-too-large', `${manifestFileName} is ${size} bytes, more than the limit of ${limits.maxManifestBytes}`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await reader.open(manifestFileName)) chunks.push(chunk as Buffer);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw refuse('manifest-invalid', `${manifestFileName} is not JSON: ${errorMessage(error)}`);
  }
  const header = (typeof raw === 'object' && raw !== null ? raw : {}) as { format?: unknown; formatVersion?: unknown };
  if (header.format !== manifestFormat) throw refuse('not-a-package', `${manifestFileName} is not a Facet share manifest`);
  if (typeof header.formatVersion !== 'number' || !Number.isInteger(header.formatVersion)) {
    throw refuse('manifest-invalid', 'formatVersion is missing or not an integer');
  }
  if (header.formatVersion > manifestFormatVersion) {
    throw refuse(
      'unsupported-version',
      `format version ${header.formatVersion} is newer than this Facet reads (${manifestFormatVersion}); update Facet to open it`,
    );
  }
  if (header.formatVersion !== manifestFormatVersion) {
    throw refuse('unsupported-version', `unknown format version ${header.formatVersion}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'manifest'}: ${issue.message}`);
    throw refuse('manifest-invalid', issues.join('; '));
  }
  return parsed.data;
}

async function copyHashing(input: Readable, target: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(input, tap, createWriteStream(target, { flags: 'wx' }));
  return hash.digest('hex');
}
