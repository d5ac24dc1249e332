/**
 * Destinations on virtual file systems (/proc, /sys, /dev): exporting to /proc/x.zip used to spin
 * forever in Node's recursive mkdir at 100% CPU. Each call here runs under a time guard, so a
 * regression fails instead of hanging the run.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { makeFolders } from '../../src/main/fs/destination';
import { mountOf, parseMountInfo } from '../../src/main/fs/mount-table';
import { facetBin, repoRoot } from '../catalog/helpers/facet-cli';
import { writeSmallPhotos } from '../library/helpers/small-photos';
import { makeTempDir } from '../library/helpers/temp';

const guardMs = 20_000;
const linux = process.platform === 'linux' && fs.existsSync('/proc/self/mountinfo');

/** The promise's outcome, or a failure once `guardMs` have passed without one. */
function guarded<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still running after ${guardMs} ms: it hangs`)), guardMs);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

/** `facet ...` in a child process, killed (SIGKILL: a spinning one ignored SIGTERM) past the guard. */
async function facet(...args: string[]): Promise<{ code: number; stderr: string; killed: boolean }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [facetBin, ...args], { cwd: repoRoot, timeout: guardMs, killSignal: 'SIGKILL' });
    return { code: 0, stderr, killed: false };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string; killed?: boolean };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '', killed: failed.killed ?? false };
  }
}

describe('the mount table', () => {
  const table = [
    '22 27 0:21 / /proc rw,relatime - proc proc rw',
    '27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
    '24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,mode=755',
    '25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw',
    '60 27 0:50 / /media/My\\040Photos rw master:7 - vfat /dev/sdb1 rw',
    '61 60 0:51 / /media/My\\040Photos rw - fuse.sshfs host:/ rw',
  ].join('\n');
  const mounts = parseMountInfo(table);

  it('reads mount points (octal escapes undone) and types, optional fields skipped', () => {
    expect(mounts.map((m) => `${m.mountPoint} ${m.type}`)).toEqual([
      '/proc proc',
      '/ ext4',
      '/dev devtmpfs',
      '/dev/shm tmpfs',
      '/media/My Photos vfat',
      '/media/My Photos fuse.sshfs',
    ]);
  });

  it('finds the deepest mount above a path, the later of two on the same point', () => {
    expect(mountOf(mounts, '/proc/self')?.type).toBe('proc');
    expect(mountOf(mounts, '/procession')?.type).toBe('ext4');
    expect(mountOf(mounts, '/dev/shm/x.zip')?.type).toBe('tmpfs');
    expect(mountOf(mounts, '/dev/x.zip')?.type).toBe('devtmpfs');
    expect(mountOf(mounts, '/media/My Photos/a')?.type).toBe('fuse.sshfs');
  });
});

describe.runIf(linux)('making folders on a file system that answers mkdir strangely', () => {
  const temp = makeTempDir('make-folders');
  afterAll(() => temp.cleanup());

  it('fails naming the folder instead of retrying forever (/proc answers ENOENT under a parent that exists)', async () => {
    await expect(guarded('makeFolders under /proc', makeFolders('/proc/facet-test/a/b'))).rejects.toThrow(
      /cannot create the folder \/proc\/facet-test: .*ENOENT/,
    );
  });

  it('makes missing folders, and says when a file is in the way', async () => {
    await makeFolders(path.join(temp.dir, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(temp.dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(temp.dir, 'file'), 'mine');
    await expect(makeFolders(path.join(temp.dir, 'file', 'sub'))).rejects.toThrow(
      `cannot create the folder ${path.join(temp.dir, 'file')}: a file of that name is in the way`,
    );
    expect(fs.readFileSync(path.join(temp.dir, 'file'), 'utf8')).toBe('mine');
  });
});

describe.runIf(linux)('exporting and importing to a virtual file system', { timeout: 120_000 }, () => {
  const temp = makeTempDir('virtual-destinations');
  const libraryDir = path.join(temp.dir, 'library');
  const validPackage = path.join(temp.dir, 'out', 'party');
  let engine: FacetEngine | null = null;
  let eventId = 0;

  beforeAll(async () => {
    const root = path.join(temp.dir, 'photos');
    await writeSmallPhotos(root, 2);
    engine = await openEngine({ libraryDir, threads: 1 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
    const photoIds = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items.map((p) => p.id);
    eventId = (await engine.api.createEvent({ name: 'Party', selection: { kind: 'photos', photoIds } })).id;
    await engine.api.exportEvent({ eventId, destination: validPackage, format: 'folder', includeOriginals: false });
    fs.symlinkSync('/proc', path.join(temp.dir, 'link-to-proc'));
  });

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  const exportTo = (destination: string, format: 'zip' | 'folder') =>
    guarded(`export to ${destination}`, engine!.api.exportEvent({ eventId, destination, format, includeOriginals: false }));

  it.each([
    ['/proc/facet-test.zip', 'zip', '/proc is a proc file system'],
    ['/proc/facet-test/party', 'folder', '/proc is a proc file system'],
    ['/sys/facet-test', 'folder', '/sys is a sysfs file system'],
    // Root may write to /dev: the file would land in the kernel's device folder, in memory.
    ['/dev/facet-test.zip', 'zip', '/dev is a devtmpfs file system'],
  ] as const)('refuses to export to %s (%s), naming the path and the reason', async (destination, format, reason) => {
    await expect(exportTo(destination, format)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`${destination}: cannot use it as the export destination: ${reason}`),
    });
    expect(fs.existsSync(destination)).toBe(false);
  });

  it('follows links to find where a destination really is', async () => {
    const destination = path.join(temp.dir, 'link-to-proc', 'facet-test.zip');
    await expect(exportTo(destination, 'zip')).rejects.toMatchObject({ message: expect.stringContaining('/proc is a proc file system') });
  });

  it('refuses to import to /proc, and writes nothing', async () => {
    const before = fs.readdirSync(temp.dir).sort();
    await expect(guarded('import to /proc', engine!.api.importSharePackage({ source: validPackage, destination: '/proc/facet-import' }))).rejects.toMatchObject(
      {
        code: 'invalid_input',
        message: expect.stringContaining('/proc/facet-import: cannot use it as the import destination: /proc is a proc file system'),
      },
    );
    expect(fs.readdirSync(temp.dir).sort()).toEqual(before);
  });

  it('still exports and imports on a disk', async () => {
    const zip = path.join(temp.dir, 'out', 'party.zip');
    expect((await exportTo(zip, 'zip')).photos).toBe(2);
    const imported = await guarded('import', engine!.api.importSharePackage({ source: zip, destination: path.join(temp.dir, 'imported') }));
    expect(imported.photos).toBe(2);
  });

  it('refuses both from the command line, exiting with the reason', async () => {
    await engine!.close();
    engine = null;
    const exported = await facet('--library', libraryDir, 'export', String(eventId), '--to', '/proc/facet-test.zip');
    expect(exported.killed, 'facet export hung').toBe(false);
    expect(exported.code).not.toBe(0);
    expect(exported.stderr).toContain('/proc/facet-test.zip: cannot use it as the export destination: /proc is a proc file system');
    const imported = await facet('--library', libraryDir, 'import', validPackage, '--to', '/proc/facet-import');
    expect(imported.killed, 'facet import hung').toBe(false);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toContain('/proc/facet-import: cannot use it as the import destination: /proc is a proc file system');
  });
});
