import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LibrarySettingsStore } from '../../src/main/library/library-settings';

describe('library settings', () => {
  const dirs: string[] = [];
  const library = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'facet-settings-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('a new library looks for faces of 48 px and up; "find very small faces" is kept for the next open', async () => {
    const dir = await library();
    const settings = new LibrarySettingsStore(dir);
    expect(settings.get()).toEqual({ findSmallFaces: false });
    expect(settings.faceSearch()).toBe('default');
    await settings.update({ findSmallFaces: true });
    expect(settings.faceSearch()).toBe('small-faces');
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ findSmallFaces: true });
    expect(new LibrarySettingsStore(dir).faceSearch()).toBe('small-faces');
  });

  it('a damaged settings file opens with the defaults instead of refusing the library', async () => {
    const dir = await library();
    await writeFile(path.join(dir, 'settings.json'), '{"findSmallFaces": "yes"');
    expect(new LibrarySettingsStore(dir).get()).toEqual({ findSmallFaces: false });
    await writeFile(path.join(dir, 'settings.json'), '{"findSmallFaces": "yes"}');
    expect(new LibrarySettingsStore(dir).get()).toEqual({ findSmallFaces: false });
  });
});
