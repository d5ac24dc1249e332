import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { Catalog, libraryLayout } from '../../src/main/catalog';
import { renderScene } from '../fixtures';
import { writeDuplicatePhotos } from '../fixtures/duplicate-photos';
import { makeTempDir } from '../library/helpers/temp';

const temp = makeTempDir('duplicates-actions');
// The system trash of this test: the freedesktop trash under a temp XDG_DATA_HOME.
const trashHome = path.join(temp.dir, 'xdg');
process.env.XDG_DATA_HOME = trashHome;
afterAll(() => temp.cleanup());

const photos = path.join(temp.dir, 'photos');
const bucketCopies = path.join(temp.dir, 'bucket');
const libraryDir = path.join(temp.dir, 'library');

async function writePhotos(): Promise<void> {
  const { original } = await writeDuplicatePhotos(photos);
  await (await renderScene(40, { width: 800, height: 600 })).jpeg().toFile(path.join(photos, 'forest.jpg'));
  fs.mkdirSync(bucketCopies, { recursive: true });
  fs.copyFileSync(original, path.join(bucketCopies, 'beach.jpg'));
}

const trashInfos = () => {
  const dir = path.join(trashHome, 'Trash', 'info');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')) : [];
};

describe('duplicates you can act on', () => {
  let engine: FacetEngine;
  const idOf = async (fileName: string) => {
    const page = await engine.api.listPhotos({ offset: 0, limit: 100 });
    const photo = page.items.find((p) => p.fileName === fileName && !p.missing);
    return photo?.id;
  };

  beforeAll(async () => {
    await writePhotos();
    engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
    await engine.api.addFolderSource({ path: photos });
    await engine.api.addFolderSource({ path: bucketCopies });
    await engine.indexAll();
    await engine.close();
    // The second source becomes an S3 source (its rows stay listed): a bucket's copy of the photo.
    const catalog = Catalog.open(libraryLayout(libraryDir).catalogFile);
    catalog.db.prepare(`UPDATE sources SET kind = 's3', root = 's3://holiday-bucket/beach' WHERE root = ?`).run(bucketCopies);
    catalog.close();
    engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
  });
  afterAll(async () => engine?.close());

  it('suggests a keeper per group with the reason: the largest, then the sharpest, then the earliest', async () => {
    const near = await engine.api.listDuplicates({ kind: 'near' });
    expect(near).toHaveLength(1);
    const [group] = near;
    expect(group!.photos.map((p) => p.fileName).sort()).toEqual(['beach copy.jpg', 'beach small.jpg', 'beach soft.jpg', 'beach.jpg', 'beach.jpg'].sort());
    const keeper = group!.photos.find((p) => p.id === group!.keeper.photoId)!;
    // beach.jpg and its copies are as large as the blurred one and sharper; among those three, the earliest.
    expect(['beach.jpg', 'beach copy.jpg']).toContain(keeper.fileName);
    expect(group!.keeper.reason).toMatch(/^Sharpest of the same size \(1200 × 900\)/);
    expect(group!.members.map((m) => m.photoId)).toEqual(group!.photos.map((p) => p.id));
    expect(group!.members.find((m) => m.path.startsWith('s3://'))?.trashRefusal).toMatch(/S3 bucket/);
    expect(group!.members.find((m) => m.path === path.join(photos, 'beach small.jpg'))?.trashRefusal).toBeNull();

    const [exact] = await engine.api.listDuplicates({ kind: 'exact' });
    expect(exact!.keeper.reason).toMatch(/^Same size and sharpness; /);
  });

  it('keeps one and hides the rest, and shows them again on undo', async () => {
    const [exact] = await engine.api.listDuplicates({ kind: 'exact' });
    const keep = exact!.keeper.photoId;
    const rest = exact!.photos.map((p) => p.id).filter((id) => id !== keep);
    const result = await engine.api.resolveDuplicates({ keepPhotoId: keep, photoIds: rest, action: 'hide' });
    expect(result).toMatchObject({ action: 'hide', keptPhotoId: keep, undo: 'unhide' });
    expect(result.files.map((f) => f.photoId).sort()).toEqual([...rest].sort());
    expect(await engine.api.listDuplicates({ kind: 'exact' })).toEqual([]);
    expect((await engine.api.listPhotos({ offset: 0, limit: 100 })).items.map((p) => p.id)).not.toContain(rest[0]);

    await engine.api.setHidden({ photoIds: rest, hidden: false });
    expect(await engine.api.listDuplicates({ kind: 'exact' })).toHaveLength(1);
  });

  it('acts only on the rest of one duplicate group', async () => {
    const keep = (await idOf('beach.jpg'))!;
    const forest = (await idOf('forest.jpg'))!;
    for (const action of ['hide', 'trash'] as const) {
      await expect(engine.api.resolveDuplicates({ keepPhotoId: keep, photoIds: [forest], action })).rejects.toThrow(
        `photo ${forest} is not a duplicate of photo ${keep}: only the rest of one duplicate group can be hidden or moved to the trash`,
      );
    }
    await expect(engine.api.resolveDuplicates({ keepPhotoId: keep, photoIds: [999_999], action: 'trash' })).rejects.toThrow('no photo with id 999999');
    expect(fs.existsSync(path.join(photos, 'forest.jpg'))).toBe(true);
  });

  it('refuses to move a file of an S3 source to the trash, naming it', async () => {
    const [group] = await engine.api.listDuplicates({ kind: 'near' });
    const inBucket = group!.members.find((m) => m.path.startsWith('s3://'))!;
    const keep = group!.members.find((m) => m.path === path.join(photos, 'beach.jpg'))!;
    await expect(engine.api.resolveDuplicates({ keepPhotoId: keep.photoId, photoIds: [inBucket.photoId], action: 'trash' })).rejects.toThrow(
      /cannot move to the trash: s3:\/\/holiday-bucket\/beach\/beach\.jpg is in an S3 bucket/,
    );
    expect(trashInfos()).toEqual([]);
  });

  it('moves the rest to the system trash, out of the library, and puts them back on undo', async () => {
    const keep = (await idOf('beach.jpg'))!;
    const small = (await idOf('beach small.jpg'))!;
    const soft = (await idOf('beach soft.jpg'))!;
    const result = await engine.api.resolveDuplicates({ keepPhotoId: keep, photoIds: [small, soft], action: 'trash' });
    expect(result).toMatchObject({ action: 'trash', undo: 'restore' });
    const trashed = [path.join(photos, 'beach small.jpg'), path.join(photos, 'beach soft.jpg')];
    expect(result.files.map((f) => f.path).sort()).toEqual(trashed);
    for (const file of trashed) expect(fs.existsSync(file)).toBe(false);
    // In the freedesktop trash, each with the .trashinfo naming where it was.
    expect(
      trashInfos()
        .map((info) => decodeURI(/^Path=(.*)$/m.exec(info)![1]!))
        .sort(),
    ).toEqual(trashed);
    expect(fs.readdirSync(path.join(trashHome, 'Trash', 'files'))).toHaveLength(2);
    // The kept photo and its copies are untouched; the trashed ones left the library.
    expect(fs.existsSync(path.join(photos, 'beach.jpg'))).toBe(true);
    expect(await idOf('beach small.jpg')).toBeUndefined();
    await expect(engine.api.getPhoto({ photoId: small })).rejects.toThrow(/no photo/);
    // Only copies of one content are left: no similar photos any more.
    expect(await engine.api.listDuplicates({ kind: 'near' })).toEqual([]);

    const restored = await engine.api.restoreFromTrash({ paths: trashed });
    expect(restored).toEqual({ restored: trashed, failed: [] });
    for (const file of trashed) expect(fs.existsSync(file)).toBe(true);
    expect(trashInfos()).toEqual([]);
    await engine.indexAll();
    expect(await idOf('beach small.jpg')).toBeDefined();

    const again = await engine.api.restoreFromTrash({ paths: [trashed[0]!] });
    expect(again.failed).toEqual([{ path: trashed[0], reason: 'a file is at that path again' }]);
  });
});
