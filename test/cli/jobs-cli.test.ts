import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';

const photoCount = 4;

describe('facet jobs', () => {
  const temp = makeTempDir('jobs-cli');
  const libraryDir = path.join(temp.dir, 'library');
  const photos = path.join(temp.dir, 'photos');
  const away = path.join(temp.dir, 'photos-away');

  beforeAll(async () => {
    await writeSmallPhotos(photos, photoCount, 96);
    const engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
      // The folder goes away (an unplugged disk): the next scan of it fails, and is kept as a dead letter.
      fs.renameSync(photos, away);
      await engine.indexAll();
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => temp.cleanup());

  it('lists the failed scan with its reason, refuses ids it does not know, and retries it once the folder is back', async () => {
    const listed = await runFacet(libraryDir, ['jobs']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Failed jobs (1), kept until they succeed:');
    expect(listed.stdout).toMatch(/\[\d+\] Scan photos: .*photos.*\(1 try, last \d{4}-/);

    const json = await runFacet(libraryDir, ['jobs', '--json']);
    const status = JSON.parse(json.stdout) as { active: unknown[]; failed: { id: number; kind: string; reason: string }[] };
    expect(status.active).toEqual([]);
    expect(status.failed).toEqual([expect.objectContaining({ kind: 'scan', reason: expect.stringContaining(photos) })]);

    const notAnId = await runFacet(libraryDir, ['jobs', 'retry', 'first']);
    expect(notAnId.code).not.toBe(0);
    expect(notAnId.stderr.trim()).toBe('facet: not a job id: first (an id that `facet jobs` lists, or all)');
    const unknown = await runFacet(libraryDir, ['jobs', 'retry', '999']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/not_found: no job with id 999/);

    // Still away: retried, and failed again.
    const again = await runFacet(libraryDir, ['jobs', 'retry', String(status.failed[0]!.id)]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Ran 1 failed job again.');
    expect(again.stdout).toMatch(/\[\d+\] Scan photos: .*\(2 tries/);

    fs.renameSync(away, photos);
    const retried = await runFacet(libraryDir, ['jobs', 'retry', 'all']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain('Ran 1 failed job again.');
    expect(retried.stdout).toContain('No background work, and no failed jobs.');
    const after = await runFacet(libraryDir, ['status']);
    expect(after.stdout).toMatch(new RegExp(`photos ${photoCount} .*errors 0`));
  }, 180_000);
});
