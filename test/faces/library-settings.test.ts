import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/catalog/catalog';
import { LibrarySettingsStore } from '../../src/main/library/library-settings';

describe('library settings', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('a new library looks for faces of 48 px and up; "find very small faces" is kept in the catalog for the next open', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'facet-settings-'));
    dirs.push(dir);
    const file = path.join(dir, 'catalog.sqlite');
    let catalog = Catalog.open(file);
    const settings = new LibrarySettingsStore(catalog.settings);
    expect(settings.get()).toMatchObject({ findSmallFaces: false });
    expect(settings.faceSearch()).toBe('default');
    expect(settings.update({ findSmallFaces: true })).toMatchObject({ findSmallFaces: true });
    expect(settings.faceSearch()).toBe('small-faces');
    catalog.close();

    catalog = Catalog.open(file);
    try {
      expect(new LibrarySettingsStore(catalog.settings).faceSearch()).toBe('small-faces');
      // Pausing indexing, another setting of the same table, leaves this one as it is.
      catalog.settings.set('indexingPaused', true);
      expect(new LibrarySettingsStore(catalog.settings).update({})).toMatchObject({ findSmallFaces: true });
    } finally {
      catalog.close();
    }
  });
});
