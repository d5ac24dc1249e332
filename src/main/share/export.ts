import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { ApiError, type ShareExportResult } from '../../shared/api';
import { assertStorageDestination, makeFolders } from '../fs/destination';
import {
  manifestFileName,
  manifestFormat,
  manifestFormatVersion,
  manifestSchema,
  manifestScript,
  manifestScriptName,
  type ManifestBiometrics,
  type ManifestMember,
  type ManifestPackageFile,
  type ManifestPhoto,
  type ShareManifest,
} from './manifest';
import { writeSearchRuntime, type SearchRuntimeOptions } from './biometrics-runtime';
import { oneEntryPerName } from './members';
import { packageBytes, packageFiles } from './package-files';
import { linkOrCopy, placeFolder, removeStaleTemps, tempSibling } from './placement';
import { renderingKey, renderWebp, thumbRendering, webRendering, type Rendering } from './render';
import { viewerFiles, viewerSourceDir } from './viewer-files';
import { errorMessage } from '../../shared/error-message';

export interface ExportPhoto {
  id: number;
  sha256: string;
  fileName: string;
  mediaType: 'image' | 'video';
  takenAt: string | null;
  width: number | null;
  height: number | null;
  /** The library's preview derivative, when there is one. */
  preview: string | null;
  /** The original on this machine; null for missing files and remote (S3) sources. */
  original: string | null;
}

export interface ExportRequest {
  destination: string;
  format: 'folder' | 'zip';
  event: ShareManifest['event'];
  photos: readonly ExportPhoto[];
  includeOriginals: boolean;
  /** Videos up to this size go in (their original, their poster as the picture); absent: videos are left out. */
  videoMaxBytes?: number;
  watermark: string | null;
  /** People and guests the host chose to list; empty until faces exist. */
  people?: ManifestMember[];
  guests?: ManifestMember[];
  /** Face data for selfie search: pass it only when the host opted in. */
  biometrics?: ManifestBiometrics;
  /** With biometrics: the models and runtime for the viewer's selfie search (search/). */
  searchRuntime?: SearchRuntimeOptions;
  signal?: AbortSignal;
  /** After each photo, e.g. for progress (and for tests to abort mid-export). */
  onPhoto?: (done: number, total: number) => void;
}

export const generator = 'Facet share 1';

/** Writes an event's share package; see manifest.ts for the layout. */
export async function exportSharePackage(request: ExportRequest): Promise<ShareExportResult> {
  const destination = path.resolve(request.destination);
  await assertStorageDestination(destination, 'the export destination');
  await makeFolders(path.dirname(destination));
  await removeStaleTemps(destination);
  const previous = request.format === 'folder' ? await previousPackage(destination) : await checkZipTarget(destination);
  const built = tempSibling(destination);
  const zipTemp = request.format === 'zip' ? tempSibling(destination) : null;
  try {
    const builder = new PackageBuilder(built, previous, request);
    const manifest = await builder.build();
    request.signal?.throwIfAborted();
    if (zipTemp === null) {
      await placeFolder(built, destination);
    } else {
      await writeZip(built, zipTemp, request.signal);
      await fs.rename(zipTemp, destination);
      await fs.rm(built, { recursive: true, force: true });
    }
    return {
      destination,
      format: request.format,
      photos: manifest.photos.length,
      written: builder.written,
      reused: builder.reused,
      bytes: await packageBytes(destination, request.format),
      skipped: builder.skipped,
    };
  } catch (error) {
    await fs.rm(built, { recursive: true, force: true });
    if (zipTemp !== null) await fs.rm(zipTemp, { force: true });
    throw error;
  }
}

interface PreviousPackage {
  dir: string;
  files: Map<string, ManifestPackageFile & { width?: number; height?: number }>;
}

/** An existing destination folder must be an earlier package (its files are reused) or empty. */
async function previousPackage(destination: string): Promise<PreviousPackage | null> {
  const stat = await fs.lstat(destination).catch(() => null);
  if (stat === null) return null;
  if (!stat.isDirectory()) throw new ApiError('conflict', `${destination} exists and is not a folder`);
  const entries = await fs.readdir(destination);
  if (entries.length === 0) return null;
  const parsed = await fs
    .readFile(path.join(destination, manifestFileName), 'utf8')
    .then((text) => manifestSchema.safeParse(JSON.parse(text)))
    .catch(() => null);
  if (!parsed?.success) {
    throw new ApiError('conflict', `${destination} is not empty and not a Facet share package; choose a new or empty folder`);
  }
  const files = new Map<string, ManifestPackageFile & { width?: number; height?: number }>();
  for (const entry of parsed.data.photos) {
    for (const file of [entry.image, entry.thumb, entry.original]) if (file) files.set(file.path, file);
  }
  return { dir: destination, files };
}

async function checkZipTarget(destination: string): Promise<null> {
  if (!destination.toLowerCase().endsWith('.zip')) throw new ApiError('invalid_input', `a zip package must be named *.zip: ${destination}`);
  const stat = await fs.lstat(destination).catch(() => null);
  if (stat !== null && !stat.isFile()) throw new ApiError('conflict', `${destination} exists and is not a file`);
  return null;
}

/** Fills the temp folder: images, thumbnails, originals, the manifest and the viewer. */
class PackageBuilder {
  written = 0;
  reused = 0;
  readonly skipped: ShareExportResult['skipped'] = [];
  private readonly web: Rendering;

  constructor(
    private readonly dir: string,
    private readonly previous: PreviousPackage | null,
    private readonly request: ExportRequest,
  ) {
    this.web = webRendering(request.watermark);
  }

  async build(): Promise<ShareManifest> {
    await makeFolders(this.dir);
    const photos: ManifestPhoto[] = [];
    const seen = new Set<string>();
    const total = this.request.photos.length;
    for (const [index, photo] of this.request.photos.entries()) {
      this.request.signal?.throwIfAborted();
      if (!seen.has(photo.sha256)) {
        seen.add(photo.sha256);
        const entry = await this.photoEntry(photo);
        if (entry) photos.push(entry);
      }
      this.request.onPhoto?.(index + 1, total);
    }
    this.request.signal?.throwIfAborted();
    const manifest = manifestSchema.parse({
      format: manifestFormat,
      formatVersion: manifestFormatVersion,
      generator,
      createdAt: new Date().toISOString().slice(0, 19) + 'Z',
      event: this.request.event,
      photos,
      ...oneEntryPerName(this.request.people ?? [], this.request.guests ?? []),
      ...(this.request.biometrics ? { biometrics: this.biometricsOf(photos, this.request.biometrics) } : {}),
    });
    await fs.writeFile(path.join(this.dir, manifestFileName), JSON.stringify(manifest, null, 1));
    await fs.writeFile(path.join(this.dir, manifestScriptName), manifestScript(manifest));
    const viewer = viewerSourceDir();
    await Promise.all(viewerFiles.map((name) => fs.copyFile(path.join(viewer, name), path.join(this.dir, name))));
    if (manifest.biometrics && this.request.searchRuntime) await writeSearchRuntime(this.dir, this.request.searchRuntime);
    return manifest;
  }

  /** Skipped photos take their faces with them; a face of a photo never asked for still fails the schema. */
  private biometricsOf(photos: readonly ManifestPhoto[], biometrics: ManifestBiometrics): ManifestBiometrics {
    const written = new Set(photos.map((photo) => photo.sha256));
    const skipped = new Set(this.request.photos.map((photo) => photo.sha256).filter((sha) => !written.has(sha)));
    return { ...biometrics, faces: biometrics.faces.filter((face) => !skipped.has(face.photo)) };
  }

  private async photoEntry(photo: ExportPhoto): Promise<ManifestPhoto | null> {
    const skip = (reason: string) => {
      this.skipped.push({ photoId: photo.id, fileName: photo.fileName, reason });
      return null;
    };
    const video = photo.mediaType === 'video';
    if (video) {
      const refusal = await this.videoRefusal(photo);
      if (refusal !== null) return skip(refusal);
    }
    // A video's picture is its poster frame (the preview derivative).
    const source = photo.preview ?? (video ? null : photo.original);
    if (source === null) return skip('no preview and the original is not on this machine');
    try {
      const image = await this.imageFile(photo.sha256, source, 'images', this.web);
      const thumb = await this.imageFile(photo.sha256, source, 'thumbs', thumbRendering);
      // A video is no video without its original, whatever the photos' choice.
      const withOriginal = this.request.includeOriginals || video;
      const original = withOriginal ? await this.originalFile(photo) : undefined;
      if (withOriginal && original === undefined) skip('original left out: it is not on this machine');
      return {
        sha256: photo.sha256,
        fileName: photo.fileName,
        takenAt: photo.takenAt,
        width: photo.width,
        height: photo.height,
        image,
        thumb,
        ...(original ? { original } : {}),
      };
    } catch (error) {
      if (this.request.signal?.aborted) throw error;
      return skip(`cannot render: ${errorMessage(error)}`);
    }
  }

  /** Why this video stays out of the package (not asked for, not here, over the size chosen), or null. */
  private async videoRefusal(photo: ExportPhoto): Promise<string | null> {
    const limit = this.request.videoMaxBytes;
    if (limit === undefined) return 'videos are left out (no video size limit was chosen)';
    if (photo.original === null) return 'the video is not on this machine';
    const size = (await fs.stat(photo.original).catch(() => null))?.size;
    if (size === undefined) return `cannot read ${photo.original}`;
    return size > limit ? `the video is ${size} bytes, over the ${limit} bytes chosen for videos` : null;
  }

  private async imageFile(sha256: string, source: string, folder: 'images' | 'thumbs', rendering: Rendering) {
    const rel = `${folder}/${sha256}-${renderingKey(rendering)}.webp`;
    const kept = await this.reuse(rel);
    if (kept?.width !== undefined && kept.height !== undefined) return { ...kept, width: kept.width, height: kept.height };
    const rendered = await renderWebp(source, rendering);
    await fs.writeFile(await this.target(rel), rendered.data);
    this.written++;
    return { path: rel, sha256: sha256Of(rendered.data), bytes: rendered.data.length, width: rendered.width, height: rendered.height };
  }

  /** The original, hashed while copied: a file changed since indexing is not what the manifest names. */
  private async originalFile(photo: ExportPhoto): Promise<ManifestPackageFile | undefined> {
    if (photo.original === null) return undefined;
    const extension = /\.([a-z0-9]{1,8})$/.exec(photo.fileName.toLowerCase())?.[1] ?? 'bin';
    const rel = `originals/${photo.sha256}.${extension}`;
    const kept = await this.reuse(rel);
    if (kept) return { path: kept.path, sha256: kept.sha256, bytes: kept.bytes };
    const target = await this.target(rel);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(photo.original), tap, createWriteStream(target), { signal: this.request.signal });
      if (hash.digest('hex') !== photo.sha256) throw new Error(`${photo.original} changed since it was indexed; rescan the source`);
    } catch (error) {
      // Nothing of a failed copy stays: neither the partial file nor a folder made for it alone.
      await fs.rm(target, { force: true });
      await fs.rmdir(path.dirname(target)).catch(() => undefined);
      throw error;
    }
    this.written++;
    return { path: rel, sha256: photo.sha256, bytes };
  }

  /** A file of the previous package with the same name (same content and rendering) is linked, not redone. */
  private async reuse(rel: string) {
    const known = this.previous?.files.get(rel);
    if (!this.previous || !known) return null;
    const from = path.join(this.previous.dir, rel);
    const stat = await fs.lstat(from).catch(() => null);
    if (!stat?.isFile() || stat.size !== known.bytes) return null;
    await linkOrCopy(from, await this.target(rel));
    this.reused++;
    return known;
  }

  /**
   * Where a package file goes; its folder is made with its first file, so a package never holds
   * an empty folder (no originals/ without originals, no images/ when every photo was skipped).
   */
  private async target(rel: string): Promise<string> {
    const target = path.join(this.dir, ...rel.split('/'));
    await makeFolders(path.dirname(target));
    return target;
  }
}

function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Zips a built package folder: WebP and originals are stored (already compressed), text deflated. */
async function writeZip(dir: string, target: string, signal: AbortSignal | undefined): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const { rel } of await packageFiles(dir)) {
    zip.addFile(path.join(dir, ...rel.split('/')), rel, { compress: /\.(html|css|js|json)$/.test(rel) });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target), { signal });
  const handle = await fs.open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
