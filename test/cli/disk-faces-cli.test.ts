import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import type { DiskUsage } from '../../src/shared/library-care-api';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';

describe('facet disk / facet faces / facet dupes', () => {
  const temp = makeTempDir('disk-faces-cli');
  const library = path.join(temp.dir, 'library');
  const photos = path.join(temp.dir, 'photos');

  beforeAll(async () => {
    const [first] = await writeSmallPhotos(photos, 3, 160);
    fs.copyFileSync(first!, path.join(photos, 'copy of the first.jpg'));
    const engine = await openEngine({ libraryDir: library, facePackDir: null });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => temp.cleanup());

  it('prints the size by part and sets the preview cache limit', async () => {
    const shown = await runFacet(library, ['disk']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(library);
    for (const part of ['Catalog', 'Face index', 'Previews', 'Thumbnails', 'Imports and sync', 'Logs and backups', 'Total'])
      expect(shown.stdout).toContain(part);
    expect(shown.stdout).toMatch(/Preview cache: 3 previews, .*no limit/);

    const limited = await runFacet(library, ['disk', '--preview-cache', '0', '--json']);
    expect(limited.code, limited.stderr).toBe(0);
    const usage = JSON.parse(limited.stdout) as DiskUsage;
    expect(usage.previewCache).toEqual({ count: 0, bytes: 0, maxBytes: 0 });
    expect(usage.parts.previews).toBe(0);

    const bad = await runFacet(library, ['disk', '--preview-cache', 'lots']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe('facet: --preview-cache: expected megabytes or "none", not lots');
    expect((await runFacet(library, ['disk', '--preview-cache', 'none'])).stdout).toMatch(/no limit/);
  });

  it('switches face recognition off and on, and deletes all face data only with --yes', async () => {
    const off = await runFacet(library, ['faces', 'off']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Face recognition is off: no face detection or embedding while indexing\./);

    const unconfirmed = await runFacet(library, ['faces', 'delete-all']);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/cannot be undone: add --yes to confirm/);

    const deleted = await runFacet(library, ['faces', 'delete-all', '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted 0 faces, 0 people and 0 face crops \(catalog backups replaced\)\. Face recognition is off/);

    const on = await runFacet(library, ['faces', 'on']);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^Face recognition is on/);
    const engine = await openEngine({ libraryDir: library, facePackDir: null });
    try {
      expect(await engine.api.getFaceRecognition({})).toEqual({ enabled: true, faces: 0, people: 0 });
    } finally {
      await engine.close();
    }
  });

  it('names the photo to keep in each duplicate group, with the reason', async () => {
    const dupes = await runFacet(library, ['dupes']);
    expect(dupes.code, dupes.stderr).toBe(0);
    expect(dupes.stdout).toMatch(/Exact duplicates: 1 groups\n.*photo-00000\.jpg.*\n {4}keep (photo-00000|copy of the first)\.jpg: Same size and sharpness; /);
  });
});
