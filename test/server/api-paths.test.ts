import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { folderOfSource } from '../../src/main/api/folder-source';
import { absoluteUserPath } from '../../src/main/user-path';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { callApi, signIn } from './http';

async function jpeg(file: string, colour: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
    .jpeg()
    .toFile(file);
}

describe('paths the API takes from a browser', () => {
  let root: string;
  let home: string;
  let pictures: string;
  let engine: FacetEngine;
  let server: WebServer;
  let cookie: string;
  let sourceId: number;
  let eventId: number;
  const savedHome = process.env.HOME;

  const call = (method: string, input: unknown) => callApi(server.origin, cookie, method, input);
  const errorOf = async (method: string, input: unknown) => {
    const { status, result } = await call(method, input);
    if (result.ok) throw new Error(`${method} succeeded: ${JSON.stringify(result.value)}`);
    return { status, ...result.error };
  };
  const addFolder = async (folder: string) => {
    const { result } = await call('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder } });
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { changed: number }).changed;
  };
  const removeAll = () => call('removePhotosFromEvent', { eventId, selection: { kind: 'folder', sourceId, folder: '' } });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'facet-paths-'));
    home = path.join(root, 'home');
    pictures = path.join(home, 'Pictures');
    await jpeg(path.join(pictures, 'people', 'Colin_Powell', 'Colin_Powell_0001.jpg'), '#c04020');
    await jpeg(path.join(pictures, 'people', 'Colin_Powell', 'Colin_Powell_0002.jpg'), '#20c040');
    await jpeg(path.join(pictures, 'people', 'Other', 'Other_0001.jpg'), '#2040c0');
    await mkdir(path.join(pictures, 'empty'));
    await writeFile(path.join(pictures, 'people', 'notes.txt'), 'not a folder');
    // os.homedir() reads HOME: the engine runs in this process, as under `facet serve`.
    process.env.HOME = home;
    // A folder outside the source.
    await mkdir(path.join(root, 'cwd', 'Pictures'), { recursive: true });

    const staticDir = path.join(root, 'renderer');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet</title>');
    engine = await openEngine({ libraryDir: path.join(root, 'library'), watch: false, threads: 1, facePackDir: null });
    server = await startWebServer({ engine, staticDir });
    ({ cookie } = await signIn(server.url));
  });

  afterAll(async () => {
    if (savedHome === undefined) delete process.env.HOME;
    else process.env.HOME = savedHome;
    await server?.close();
    await engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a relative folder source with a message naming it, instead of resolving it against the server', async () => {
    for (const relative of ['Pictures', './Pictures', '../home/Pictures', '~other/Pictures']) {
      const error = await errorOf('addFolderSource', { path: relative });
      expect(error).toMatchObject({ status: 400, code: 'invalid_input' });
      expect(error.message).toContain(`not a relative one: ${relative}`);
      expect(error.message).toContain('~/Pictures');
    }
    const { result } = await call('listSources', {});
    expect(result).toEqual({ ok: true, value: [] });
  });

  it('expands ~ and ~/x to the home folder of the user running Facet', async () => {
    const missing = await errorOf('addFolderSource', { path: '~/NoSuchFolder' });
    expect(missing.message).toBe(`folder not found: ${path.join(home, 'NoSuchFolder')}`);

    const { status, result } = await call('addFolderSource', { path: '~/Pictures' });
    expect(status).toBe(200);
    expect(result.ok && result.value).toMatchObject({ root: pictures, label: 'Pictures' });
    sourceId = (result as { value: { id: number } }).value.id;
    await engine.indexAll();
    expect((await call('getStatus', {})).result).toMatchObject({ ok: true, value: { photos: 3 } });
    const created = await call('createEvent', { name: 'Press' });
    eventId = (created.result as { value: { id: number } }).value.id;
  });

  it('adds a folder of a source to an event given relative to the source root, absolute, or under ~', async () => {
    for (const folder of [
      'people/Colin_Powell',
      '/people/Colin_Powell/',
      path.join(pictures, 'people', 'Colin_Powell'),
      path.join(pictures, 'people', 'Colin_Powell') + path.sep,
      '~/Pictures/people/Colin_Powell',
    ]) {
      await removeAll();
      expect(await addFolder(folder)).toBe(2);
    }
    await removeAll();
    expect(await addFolder(pictures)).toBe(3);
    expect(await addFolder('~/Pictures')).toBe(0);
  });

  it('says why nothing matched instead of "Added 0 photos"', async () => {
    const colin = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: 'Colin_Powell' } });
    expect(colin).toMatchObject({ status: 404, code: 'not_found' });
    expect(colin.message).toBe(
      `no photos of the library are in ${path.join(pictures, 'Colin_Powell')}: there is no such folder in the source Pictures; did you mean people/Colin_Powell?`,
    );

    const empty = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: path.join(pictures, 'empty') } });
    expect(empty.message).toMatch(new RegExp(`^no photos of the library are in ${escape(path.join(pictures, 'empty'))}: it holds no photo or video`));

    const file = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: 'people/notes.txt' } });
    expect(file.message).toBe(`no photos of the library are in ${path.join(pictures, 'people', 'notes.txt')}: it is a file, not a folder`);

    const outside = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: path.join(root, 'cwd', 'Pictures') } });
    expect(outside.message).toBe(`no photos of the library are in ${path.join(root, 'cwd', 'Pictures')}: it is not inside the source Pictures (${pictures})`);
    const outsideHome = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: '~/Documents' } });
    expect(outsideHome).toMatchObject({ status: 400, message: `${path.join(home, 'Documents')} is not inside the source Pictures (${pictures})` });

    const escaping = await errorOf('addPhotosToEvent', { eventId, selection: { kind: 'folder', sourceId, folder: 'people/../..' } });
    expect(escaping).toMatchObject({ status: 400, code: 'invalid_input' });
    // createEvent with a selection that matches nothing creates no event.
    const named = await errorOf('createEvent', { name: 'Nobody', selection: { kind: 'folder', sourceId, folder: 'nobody' } });
    expect(named.message).toContain('no photos of the library are in');
    const events = await call('listEvents', {});
    expect((events.result as { value: { name: string }[] }).value.map((e) => e.name)).toEqual(['Press']);
  });

  it('applies the same rules to export and import destinations and shared folders', async () => {
    for (const [method, input] of [
      ['exportEvent', { eventId, destination: 'press-package', format: 'folder', includeOriginals: false }],
      ['importSharePackage', { source: 'press-package', destination: '~/Imported' }],
      ['linkEventToSharedLocation', { eventId, location: { kind: 'folder', path: 'shared' } }],
    ] as const) {
      const error = await errorOf(method, input);
      expect(error, method).toMatchObject({ status: 400, code: 'invalid_input' });
      expect(error.message, method).toMatch(/must be a full path .* not a relative one: (press-package|shared)$/);
    }
  });

  it('keeps the path rules in one place for other callers', () => {
    expect(absoluteUserPath('~', 'path', '/home/ann')).toBe('/home/ann');
    expect(absoluteUserPath(' ~/Pictures/2023 ', 'path', '/home/ann')).toBe('/home/ann/Pictures/2023');
    expect(absoluteUserPath('/srv/photos/../photos', 'path', '/home/ann')).toBe('/srv/photos');
    expect(() => absoluteUserPath('photos', 'the destination', '/home/ann')).toThrow('the destination must be a full path');
    const source = { kind: 'folder' as const, root: '/home/ann/Pictures', label: 'Pictures' };
    expect(folderOfSource(source, '', '/home/ann')).toEqual({ folder: '', shown: '/home/ann/Pictures' });
    expect(folderOfSource(source, '~/Pictures/a/b', '/home/ann')).toEqual({ folder: 'a/b', shown: '/home/ann/Pictures/a/b' });
    expect(folderOfSource(source, '/trip', '/home/ann')).toEqual({ folder: 'trip', shown: '/home/ann/Pictures/trip', outside: '/trip' });
    expect(folderOfSource({ kind: 's3', root: 's3://b/p', label: 'bucket' }, '/2023/', '/home/ann')).toEqual({ folder: '2023', shown: 'bucket/2023' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
