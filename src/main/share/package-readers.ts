import { constants, createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { PackageRefusedError, ratioCheckFromBytes, unsafeNameReason, type ImportLimits } from './refusal';

/** A package opened for reading: its regular files by name ('/' separators) and their sizes. */
export interface PackageReader {
  readonly sizes: ReadonlyMap<string, number>;
  /** The file's bytes; the stream fails if there are more or fewer than its size says. */
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

const symlinkMode = 0o120000;
const fileTypeMask = 0o170000;
/** Info-ZIP Unicode Path: a second name for an entry, which other tools would use instead. */
const unicodePathField = 0x7075;

/** Reads a .zip without trusting it: every entry is checked before any byte is extracted. */
export async function openZipPackage(file: string, limits: ImportLimits): Promise<PackageReader> {
  const refuse = (reason: ConstructorParameters<typeof PackageRefusedError>[1], detail: string) => new PackageRefusedError(file, reason, detail);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, opened) =>
      error || !opened ? reject(refuse('not-a-package', `not a readable zip: ${error?.message}`)) : resolve(opened),
    ),
  );
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw refuse('too-many-entries', `${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
    }
    const names = new Set<string>();
    const files = new Map<string, yauzl.Entry>();
    const spans: EntrySpan[] = [];
    let total = 0;
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(error instanceof PackageRefusedError ? error : refuse('not-a-package', `damaged zip: ${error.message}`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          let name: string;
          try {
            name = utf8.decode(entry.fileNameRaw);
          } catch {
            throw refuse('unsafe-path', 'a file name is not valid UTF-8');
          }
          const unsafe = unsafeNameReason(name);
          if (unsafe !== null) throw refuse('unsafe-path', unsafe);
          if (entry.extraFields.some((field) => field.id === unicodePathField)) {
            throw refuse('unsafe-path', `${name} carries a second (Unicode path) name`);
          }
          if (((entry.externalFileAttributes >>> 16) & fileTypeMask) === symlinkMode) {
            throw refuse('symlink', `${name} is a symbolic link`);
          }
          const key = name.replace(/\/$/, '');
          if (names.has(key)) throw refuse('duplicate-entry', `${key} appears twice`);
          names.add(key);
          spans.push(entrySpan(key, entry));
          if (name.endsWith('/')) {
            zip.readEntry();
            return;
          }
          if (entry.isEncrypted()) throw refuse('unsupported-entry', `${name} is encrypted`);
          if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
            throw refuse('unsupported-entry', `${name} uses compression method ${entry.compressionMethod}`);
          }
          if (entry.uncompressedSize > limits.maxEntryBytes) {
            throw refuse('too-large', `${name} is ${entry.uncompressedSize} bytes, more than the limit of ${limits.maxEntryBytes}`);
          }
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) {
            throw refuse('too-large', `more than ${limits.maxTotalBytes} bytes once uncompressed`);
          }
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (entry.uncompressedSize > ratioCheckFromBytes && ratio > limits.maxRatio) {
            throw refuse('compression-ratio', `${name} expands ${Math.round(ratio)}x (limit ${limits.maxRatio}x): a zip bomb`);
          }
          files.set(key, entry);
          zip.readEntry();
        } catch (error) {
          reject(error);
        }
      });
      zip.readEntry();
    });
    const overlap = firstOverlap(spans);
    if (overlap !== null) {
      throw refuse('overlapping-entries', `${overlap[0]} and ${overlap[1]} share bytes of the zip: one stream read as several files`);
    }
    // Entries that overlap nothing and are each under the ratio limit can still add up to a bomb.
    const maxExpanded = Math.max(ratioCheckFromBytes, limits.maxRatio * zip.fileSize);
    if (total > maxExpanded) {
      throw refuse('compression-ratio', `its files expand to ${total} bytes, more than ${limits.maxRatio}x the package's ${zip.fileSize} bytes: a zip bomb`);
    }
    return {
      sizes: new Map([...files].map(([name, entry]) => [name, entry.uncompressedSize])),
      open: (name) =>
        new Promise((resolve, reject) => {
          const entry = files.get(name);
          if (!entry) return reject(refuse('missing-file', `${name} is not in the package`));
          zip.openReadStream(entry, (error, stream) => {
            if (error || !stream) return reject(refuse('not-a-package', `cannot read ${name}: ${error?.message}`));
            // yauzl counts the bytes against the declared size; a damaged or lying entry fails here.
            const out = new PassThrough();
            stream.on('error', (streamError: Error) => {
              const lie = /bytes in the stream|size mismatch/.test(streamError.message);
              out.destroy(refuse(lie ? 'size-mismatch' : 'not-a-package', `${name}: ${streamError.message}`));
            });
            resolve(stream.pipe(out));
          });
        }),
      close: async () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** The bytes of the zip an entry occupies, at least: its local header, its name and its data. */
interface EntrySpan {
  name: string;
  start: number;
  end: number;
}

/** Local file header before the name (APPNOTE 4.3.7). */
const localHeaderBytes = 30;

function entrySpan(name: string, entry: yauzl.Entry): EntrySpan {
  const start = entry.relativeOffsetOfLocalHeader;
  // The local copy of the name may differ in length only in a crafted zip; writers repeat it.
  return { name, start, end: start + localHeaderBytes + entry.fileNameLength + entry.compressedSize };
}

/**
 * Two entries whose spans overlap, or null. Overlapping entries let a zip hold one deflate stream
 * under many names, each within the ratio limit, so together they expand without bound.
 */
function firstOverlap(spans: EntrySpan[]): [string, string] | null {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) return [sorted[i - 1]!.name, sorted[i]!.name];
  }
  return null;
}

/**
 * Reads a package folder: every entry is listed without following links (a link anywhere refuses
 * the package), counts and sizes are bounded, and files are opened with O_NOFOLLOW so a file
 * swapped for a link after the listing is not followed either.
 */
export async function openFolderPackage(dir: string, limits: ImportLimits): Promise<PackageReader> {
  const refuse = (reason: ConstructorParameters<typeof PackageRefusedError>[1], detail: string) => new PackageRefusedError(dir, reason, detail);
  const root = await fs.realpath(dir);
  const sizes = new Map<string, number>();
  let count = 0;
  let total = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (++count > limits.maxEntries) throw refuse('too-many-entries', `more than the limit of ${limits.maxEntries} entries`);
      if (entry.isSymbolicLink()) throw refuse('symlink', `${name} is a symbolic link`);
      if (entry.isDirectory()) {
        await walk(name);
      } else if (entry.isFile()) {
        const { size } = await fs.lstat(path.join(root, name));
        if (size > limits.maxEntryBytes) throw refuse('too-large', `${name} is ${size} bytes, more than the limit of ${limits.maxEntryBytes}`);
        total += size;
        if (total > limits.maxTotalBytes) throw refuse('too-large', `more than ${limits.maxTotalBytes} bytes`);
        sizes.set(name, size);
      } else {
        throw refuse('unsupported-entry', `${name} is not a regular file or folder`);
      }
    }
  };
  await walk('');
  return {
    sizes,
    async open(name) {
      const size = sizes.get(name);
      if (size === undefined) throw refuse('missing-file', `${name} is not in the package`);
      const handle = await fs.open(path.join(root, ...name.split('/')), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      const out = exactLength(dir, name, size);
      const stream = createReadStream('', { fd: handle });
      stream.on('error', (error) => out.destroy(error));
      return stream.pipe(out);
    },
    close: async () => undefined,
  };
}

/** Passes through exactly `size` bytes: a file that grew or shrank since the listing fails. */
function exactLength(packagePath: string, name: string, size: number): Transform {
  let seen = 0;
  const changed = () => new PackageRefusedError(packagePath, 'size-mismatch', `${name} changed while it was read`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > size ? changed() : null, chunk);
    },
    flush(done) {
      done(seen === size ? null : changed());
    },
  });
}
