import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { writeSmallPhotos } from './helpers/small-photos';
import { makeTempDir } from './helpers/temp';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('watching a folder source', () => {
  const temp = makeTempDir('watcher');
  const root = path.join(temp.dir, 'photos');
  let engine: FacetEngine;

  const listed = async () => (await engine.api.listPhotos({ offset: 0, limit: 100 })).items;

  beforeAll(async () => {
    await writeSmallPhotos(root, 2);
    engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), threads: 1, watch: true, watchDebounceMs: 100 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
  });

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  it('indexes a file added while the app runs', async () => {
    expect(await listed()).toHaveLength(2);
    // 'watching' is shown once the watcher has crawled the tree and no scan is running.
    await until('the watching state', async () => (await engine.api.listSources({}))[0]?.state === 'watching');
    const incoming = path.join(temp.dir, 'incoming');
    const [added] = await writeSmallPhotos(incoming, 1);
    fs.mkdirSync(path.join(root, 'new'), { recursive: true });
    fs.renameSync(added!, path.join(root, 'new', 'added.jpg'));
    const photo = await until('the added photo', async () => (await listed()).find((p) => p.fileName === 'added.jpg'));
    expect(photo.hasThumb).toBe(true);
    expect(engine.resolveMedia('original', photo.id)?.path).toBe(path.join(root, 'new', 'added.jpg'));
  });

  it('marks a file deleted while the app runs as missing', async () => {
    const target = (await listed()).find((p) => p.fileName === 'photo-00000.jpg')!;
    fs.rmSync(path.join(root, 'batch-0', 'photo-00000.jpg'));
    await until('the missing flag', async () => (await listed()).find((p) => p.id === target.id)?.missing);
    expect((await engine.api.getStatus({})).missing).toBe(1);
  });
});
