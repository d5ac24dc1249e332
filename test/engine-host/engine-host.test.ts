import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetEvent, LibraryStatus, SourceInfo } from '../../src/shared/api';
import type { BridgeResult } from '../../src/shared/bridge';
import { EngineHost } from '../../src/main/engine-host/engine-host';
import { forkEngine } from '../../src/main/engine-host/fork-engine';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';

const photoCount = 300;

function valueOf<T>(result: BridgeResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function nextEvent(host: EngineHost, wanted: (event: FacetEvent) => boolean, timeoutMs = 120_000): Promise<FacetEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no such event in time'));
    }, timeoutMs);
    const stop = host.subscribe((event) => {
      if (!wanted(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

const indexedSoFar = (event: FacetEvent) => (event.type === 'index-progress' && event.progress.phase === 'indexing' ? event.progress.done : -1);

describe('the engine in its own process (child_process.fork), killed -9 mid-indexing', () => {
  const temp = makeTempDir('engine-host');
  const libraryDir = path.join(temp.dir, 'library');
  const folder = path.join(temp.dir, 'photos');
  let host: EngineHost;

  beforeAll(async () => {
    await writeSmallPhotos(folder, photoCount);
    host = new EngineHost({
      spawn: forkEngine,
      engine: { libraryDir, watch: false, threads: 1, secretsFromHost: false, indexOnOpen: true },
      restartDelaysMs: [200],
    });
    await host.start();
  }, 60_000);
  afterAll(async () => {
    await host.close();
    temp.cleanup();
  });

  it('restarts the engine, answers the calls made meanwhile, tells the UI to reload, and the indexing resumes to the end', async () => {
    const source = valueOf<SourceInfo>(await host.call('addFolderSource', { path: folder }));
    expect(source.kind).toBe('folder');
    await nextEvent(host, (event) => indexedSoFar(event) >= 20);
    const firstPid = host.pid!;

    const reloaded = nextEvent(host, (event) => event.type === 'library-changed');
    process.kill(firstPid, 'SIGKILL');
    // Sent to the dying engine: answered 'unavailable' (it may have half-run, so it is not sent again).
    expect(await host.call('getStatus', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/restarting/) } });
    // Made while the engine is down: it waits for the restarted engine instead of failing.
    const status = valueOf<LibraryStatus>(await host.call('getStatus', {}));
    expect(host.pid).not.toBe(firstPid);
    expect(status.sources).toBe(1);
    expect(status.photos).toBeLessThan(photoCount);
    await reloaded;

    await nextEvent(host, (event) => event.type === 'index-progress' && event.progress.phase === 'idle');
    const after = valueOf<LibraryStatus>(await host.call('getStatus', {}));
    expect(after).toMatchObject({ photos: photoCount, errors: 0 });

    const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT state, count(*) AS n, count(DISTINCT sha256) AS shas FROM files GROUP BY state').all()).toEqual([
        { state: 'indexed', n: photoCount, shas: photoCount },
      ]);
    } finally {
      db.close();
    }
  }, 240_000);

  it('answers invalid calls with the contract error, and media lookups only for what the catalog holds', async () => {
    const bad = await host.call('getStatus', { extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const page = valueOf<{ items: { id: number }[] }>(await host.call('listPhotos', { offset: 0, limit: 1 }));
    const thumb = await host.resolveMedia('thumb', page.items[0]!.id);
    expect(thumb?.contentType).toBe('image/webp');
    expect(thumb?.path?.startsWith(libraryDir)).toBe(true);
    expect(await host.resolveMedia('thumb', 999_999)).toBeNull();
    // Bytes through the channel are for S3 originals only; a folder library has none to read.
    expect(await host.readMedia('original', page.items[0]!.id, { start: 0, end: 9 })).toBeNull();
  });

  it('closes the engine cleanly, and refuses calls once closing', async () => {
    const pid = host.pid!;
    await host.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await host.call('getStatus', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('an engine that cannot open its library', () => {
  const temp = makeTempDir('engine-host-broken');

  afterAll(() => temp.cleanup());

  it('is not restarted in a loop: start() and every call say why', async () => {
    // A file where the library folder should be.
    const libraryDir = path.join(temp.dir, 'not-a-folder');
    await import('node:fs/promises').then((fs) => fs.writeFile(libraryDir, 'x'));
    const host = new EngineHost({ spawn: forkEngine, engine: { libraryDir, watch: false, secretsFromHost: false, indexOnOpen: false }, restartDelaysMs: [50] });
    await expect(host.start()).rejects.toThrow(/the library cannot be opened/);
    expect(await host.call('getStatus', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/cannot be opened/) } });
    await host.close();
  }, 60_000);
});
