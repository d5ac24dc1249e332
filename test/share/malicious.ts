/**
 * A corpus of hostile share packages, generated in code from a valid exported package. Zips are
 * written byte by byte (zip libraries refuse to write most of these), so each case is exactly
 * the attack it names.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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

/** A minimal, standard zip: local headers, central directory, end record. */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
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
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
export function makeMaliciousCorpus(valid: string, outDir: string): MaliciousCase[] {
  fs.mkdirSync(outDir, { recursive: true });
  const validEntries = (): RawEntry[] => filesUnder(valid).map((rel) => ({ name: rel, data: fs.readFileSync(path.join(valid, rel)) }));
  const manifest = JSON.parse(fs.readFileSync(path.join(valid, 'manifest.json'), 'utf8')) as {
    formatVersion: number;
    photos: { image: { path: string; bytes: number } }[];
  };
  const withManifestBytes = (data: Buffer): RawEntry[] => validEntries().map((e) => (e.name === 'manifest.json' ? { ...e, data } : e));
  const withManifest = (change: (m: typeof manifest) => unknown): RawEntry[] =>
    withManifestBytes(Buffer.from(JSON.stringify(change(structuredClone(manifest)))));
  const firstImage = manifest.photos[0]!.image.path;
  const cases: MaliciousCase[] = [];
  const zipCase = (name: string, reason: RefusalReason, entries: RawEntry[], limits: Partial<ImportLimits> = {}) => {
    const file = path.join(outDir, `${name}.zip`);
    fs.writeFileSync(file, rawZip(entries));
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
  zipCase('too-many-entries', 'too-many-entries', [
    ...validEntries(),
    ...Array.from({ length: 60 }, (_, i) => ({ name: `junk/${i}.txt`, data: Buffer.from(String(i)) })),
  ], { maxEntries: 50 });
  zipCase('too-large-total', 'too-large', validEntries(), { maxTotalBytes: 20_000 });
  zipCase('too-large-entry', 'too-large', [...validEntries(), { name: 'big.bin', data: Buffer.alloc(300_000, 7) }], { maxEntryBytes: 200_000 });
  zipCase(
    'manifest-too-large',
    'manifest-too-large',
    withManifest((m) => ({ ...m, padding: 'x'.repeat(300_000) })),
    { maxManifestBytes: 200_000 },
  );
  zipCase('manifest-not-json', 'manifest-invalid', withManifestBytes(Buffer.from('{"format": "facet-share",')));
  zipCase('manifest-path-escape', 'manifest-invalid', withManifest((m) => {
    m.photos[0]!.image.path = '../../../etc/passwd';
    return m;
  }));
  zipCase('manifest-extra-field', 'manifest-invalid', withManifest((m) => ({ ...m, script: '<script>alert(1)</script>' })));
  zipCase('newer-version', 'unsupported-version', withManifest((m) => ({ ...m, formatVersion: 99 })));
  zipCase('older-unknown-version', 'unsupported-version', withManifest((m) => ({ ...m, formatVersion: 0 })));
  zipCase('no-manifest', 'not-a-package', validEntries().filter((e) => e.name !== 'manifest.json'));
  zipCase('missing-image', 'missing-file', validEntries().filter((e) => e.name !== firstImage));
  zipCase('tampered-image', 'checksum-mismatch', validEntries().map((e) => (e.name === firstImage ? { ...e, data: Buffer.from(e.data).fill(1, 100, 200) } : e)));
  zipCase('size-lie', 'size-mismatch', validEntries().map((e) => (e.name === firstImage ? { ...e, method: 8 as const, declaredSize: e.data.length - 10 } : e)));
  // The manifest agrees with the lie, so only counting the bytes while reading catches it.
  zipCase(
    'size-lie-agreed',
    'size-mismatch',
    withManifest((m) => {
      m.photos[0]!.image.bytes -= 10;
      return m;
    }).map((e) => (e.name === firstImage ? { ...e, method: 8 as const, declaredSize: e.data.length - 10 } : e)),
  );
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
  folderCase('folder-tampered-image', 'checksum-mismatch', (dir) => {
    const file = path.join(dir, firstImage);
    fs.writeFileSync(file, Buffer.from(fs.readFileSync(file)).fill(9, 50, 60));
  });
  return cases;
}
