import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { scanFolder } from '../../src/main/sources/folder-scanner';
import { watchFolder, type FolderWatcher } from '../../src/main/sources/folder-watcher';
import { writeSmallPhotos } from '../library/helpers/small-photos';
import { makeTempDir } from '../library/helpers/temp';

const quietMs = 1_500;

/** Every path the watcher reports, and every error it raises, while `act` runs and the watcher settles. */
async function watchWhile(root: string, act: () => Promise<void>): Promise<{ touched: string[]; errors: unknown[] }> {
  const touched: string[] = [];
  const errors: unknown[] = [];
  watcher = watchFolder(root, (paths) => touched.push(...paths), { debounceMs: 100, onError: (error) => errors.push(error) });
  await watcher.ready;
  await act();
  // Settled: no report for a while after the last one (written files settle after 400 ms).
  for (let seen = -1; seen !== touched.length;) {
    seen = touched.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  return { touched: touched.sort(), errors };
}

let watcher: FolderWatcher | null = null;

describe('watching a folder that reaches itself again', { timeout: 30_000 }, () => {
  const temp = makeTempDir('watch-loop');
  const incoming = path.join(temp.dir, 'incoming');

  afterEach(async () => {
    await watcher?.close();
    watcher = null;
  });
  afterAll(() => temp.cleanup());

  const copyIn = async (dest: string) => {
    const [photo] = await writeSmallPhotos(path.join(incoming, path.basename(dest)), 1);
    fs.copyFileSync(photo!, dest);
  };

  it('reports a photo copied next to a symlink loop once, with no errors', async () => {
    const root = path.join(temp.dir, 'loop', 'p');
    await writeSmallPhotos(root, 1);
    fs.symlinkSync('.', path.join(root, 'loop'));
    const { touched, errors } = await watchWhile(root, () => copyIn(path.join(root, 'c.jpg')));
    expect(errors).toEqual([]);
    expect(touched).toEqual(['c.jpg']);
  });

  it('watches a linked folder once, under the name met first, as the scanner does', async () => {
    const root = path.join(temp.dir, 'alias');
    fs.mkdirSync(path.join(root, 'a'), { recursive: true });
    fs.symlinkSync('a', path.join(root, 'b'));
    // A link to a folder above it: descending into it would find 'a' again, and the link again.
    fs.symlinkSync('..', path.join(root, 'a', 'up'));
    const { touched, errors } = await watchWhile(root, () => copyIn(path.join(root, 'a', 'c.jpg')));
    expect(errors).toEqual([]);
    expect(touched).toEqual(['a/c.jpg']);
  });

  it('reports a folder reached by a link and by its own name under the name the scanner keeps', async () => {
    const root = path.join(temp.dir, 'alias-first');
    fs.mkdirSync(path.join(root, 'z'), { recursive: true });
    // The scanner lists 'a' before 'z' and keeps 'a/...': the watcher must say 'a/c.jpg' too.
    fs.symlinkSync('z', path.join(root, 'a'));
    const { touched, errors } = await watchWhile(root, () => copyIn(path.join(root, 'z', 'c.jpg')));
    expect(errors).toEqual([]);
    expect(touched).toEqual(['a/c.jpg']);
    const scanned: string[] = [];
    for await (const entry of scanFolder(root)) if (entry.type === 'file') scanned.push(entry.relPath);
    expect(scanned).toEqual(['a/c.jpg']);
  });

  it('ignores a loop made while watching', async () => {
    const root = path.join(temp.dir, 'late');
    await writeSmallPhotos(root, 1);
    const { touched, errors } = await watchWhile(root, async () => {
      fs.symlinkSync('.', path.join(root, 'loop'));
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      await copyIn(path.join(root, 'c.jpg'));
    });
    expect(errors).toEqual([]);
    // Neither the link (a rescan of 'loop' would walk the whole folder again under that name) nor anything below it.
    expect(touched).toEqual(['c.jpg']);
  });

  it('watches a folder again under a new name once the first name is gone', async () => {
    const root = path.join(temp.dir, 'moved');
    fs.mkdirSync(path.join(root, 'a'), { recursive: true });
    fs.symlinkSync('a', path.join(root, 'b'));
    const { touched, errors } = await watchWhile(root, async () => {
      fs.rmSync(path.join(root, 'b'));
      fs.renameSync(path.join(root, 'a'), path.join(root, 'z'));
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      await copyIn(path.join(root, 'z', 'c.jpg'));
    });
    expect(errors).toEqual([]);
    expect(touched).toContain('z/c.jpg');
  });
});

describe('a library watching a folder with a symlink loop', { timeout: 60_000 }, () => {
  const temp = makeTempDir('watch-loop-library');
  const root = path.join(temp.dir, 'w', 'p');
  let engine: FacetEngine;
  const warnings: string[] = [];

  beforeAll(async () => {
    await writeSmallPhotos(root, 2);
    fs.symlinkSync('.', path.join(root, 'loop'));
    fs.mkdirSync(path.join(root, 'z'));
    fs.symlinkSync('z', path.join(root, 'a'));
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), threads: 1, watch: true, watchDebounceMs: 100 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
  });

  afterAll(async () => {
    await engine?.close();
    vi.restoreAllMocks();
    temp.cleanup();
  });

  it('indexes a photo copied in once, and logs nothing', async () => {
    await until('the watching state', async () => (await engine.api.listSources({}))[0]?.state === 'watching');
    const [photo] = await writeSmallPhotos(path.join(temp.dir, 'incoming'), 3);
    fs.copyFileSync(photo!, path.join(root, 'c.jpg'));
    await until('the copied photo', async () => (await engine.api.getStatus({})).photos >= 3);
    // Time for copies under loop/loop/... to arrive, had the watcher reported any.
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const listed = (await engine.api.listPhotos({ offset: 0, limit: 100 })).items;
    expect(listed.map((p) => p.fileName).sort()).toEqual(['c.jpg', 'photo-00000.jpg', 'photo-00001.jpg']);
    expect((await engine.api.getStatus({})).photos).toBe(3);
    expect(warnings).toEqual([]);
  });

  it('indexes a photo copied into a linked folder once, under the path a full scan keeps', async () => {
    const [photo] = await writeSmallPhotos(path.join(temp.dir, 'incoming-z'), 4);
    fs.copyFileSync(photo!, path.join(root, 'z', 'd.jpg'));
    await until('the copied photo', async () => (await engine.api.getStatus({})).photos >= 4);
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const copied = (await engine.api.listPhotos({ offset: 0, limit: 100 })).items.filter((p) => p.fileName === 'd.jpg');
    expect(copied).toHaveLength(1);
    expect(engine.resolveMedia('original', copied[0]!.id)?.path).toBe(path.join(root, 'a', 'd.jpg'));
    await engine.indexAll();
    expect(await engine.api.getStatus({})).toMatchObject({ photos: 4, missing: 0 });
    expect(warnings).toEqual([]);
  });
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
