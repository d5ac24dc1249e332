import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFolder, SourceUnavailableError, type ScanEntry } from '../../src/main/sources/folder-scanner';
import { makeTempDir } from './helpers/temp';

const temp = makeTempDir('scanner');
afterAll(() => temp.cleanup());

let counter = 0;
function tree(files: string[]): string {
  const root = path.join(temp.dir, `tree-${counter++}`);
  for (const rel of files) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rel);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

async function scan(root: string, options?: Parameters<typeof scanFolder>[1]) {
  const entries: ScanEntry[] = [];
  for await (const entry of scanFolder(root, options)) entries.push(entry);
  return {
    files: entries.flatMap((e) => (e.type === 'file' ? [e.relPath] : [])).sort(),
    problems: entries.flatMap((e) => (e.type === 'problem' ? [e] : [])),
  };
}

describe('folder scanner', () => {
  it('finds media files in name order and skips hidden, system and non-media entries', async () => {
    const root = tree([
      'b.jpg',
      'a/IMG_1.HEIC',
      'a/clip.MOV',
      'a/notes.txt',
      'a/photo.json',
      '.hidden/x.jpg',
      'a/.DS_Store',
      'a/._IMG_1.HEIC',
      '$RECYCLE.BIN/deleted.jpg',
      'System Volume Information/x.jpg',
      '@eaDir/b.jpg/SYNOPHOTO_THUMB_XL.jpg',
      '.Trashes/501/old.jpg',
      '.Spotlight-V100/x.jpg',
      '.thumbnails/t.png',
      'raw/DSC_0001.NEF',
    ]);
    const { files, problems } = await scan(root);
    expect(files).toEqual(['a/IMG_1.HEIC', 'a/clip.MOV', 'b.jpg', 'raw/DSC_0001.NEF']);
    expect(problems).toEqual([]);
  });

  it('survives symbolic link loops and lists a folder reached twice only once', async () => {
    const root = tree(['photos/one.jpg', 'other/two.jpg']);
    fs.symlinkSync(root, path.join(root, 'photos', 'loop-to-root'));
    fs.symlinkSync(path.join(root, 'photos'), path.join(root, 'photos', 'loop-to-self'));
    fs.symlinkSync(path.join(root, 'other'), path.join(root, 'z-link-to-other'));
    fs.symlinkSync(path.join(root, 'other', 'two.jpg'), path.join(root, 'linked-file.jpg'));
    const { files, problems } = await scan(root);
    expect(files).toEqual(['linked-file.jpg', 'other/two.jpg', 'photos/one.jpg']);
    expect(problems).toEqual([]);
  });

  it('reports broken links and special files that look like photos', async () => {
    const root = tree(['ok.jpg']);
    fs.symlinkSync(path.join(root, 'nowhere.jpg'), path.join(root, 'broken.jpg'));
    fs.symlinkSync(path.join(root, 'nowhere.txt'), path.join(root, 'broken.txt'));
    const { files, problems } = await scan(root);
    expect(files).toEqual(['ok.jpg']);
    expect(problems).toEqual([{ type: 'problem', path: path.join(root, 'broken.jpg'), reason: 'broken symbolic link: its target does not exist' }]);
  });

  it('records a folder deeper than the limit by name and keeps the rest', async () => {
    const deep = Array.from({ length: 8 }, (_, i) => `d${i}`);
    const root = tree([`${deep.join('/')}/bottom.jpg`, `${deep.slice(0, 5).join('/')}/mid.jpg`, 'top.jpg']);
    const { files, problems } = await scan(root, { maxDepth: 5 });
    expect(files).toEqual([`${deep.slice(0, 5).join('/')}/mid.jpg`, 'top.jpg']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(path.join(root, ...deep.slice(0, 6)));
    expect(problems[0]!.reason).toMatch(/nested more than 5 levels deep/);
    expect(problems[0]!.unreadableRelDir).toBe(deep.slice(0, 6).join('/'));
  });

  it('walks thousands of nested folders without recursion', async () => {
    const levels = Array.from({ length: 1500 }, () => 'd');
    const root = tree([`${levels.join('/')}/deep.jpg`]);
    const { files, problems } = await scan(root, { maxDepth: 2000 });
    expect(files).toEqual([`${levels.join('/')}/deep.jpg`]);
    expect(problems).toEqual([]);
  });

  it('reports names that are not valid UTF-8 instead of mangling them', async () => {
    const root = tree(['fine.jpg']);
    const rootBuffer = Buffer.from(root);
    fs.writeFileSync(Buffer.concat([rootBuffer, Buffer.from('/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]), 'x');
    const badDir = Buffer.concat([rootBuffer, Buffer.from('/dir'), Buffer.from([0xff])]);
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from('/inside.jpg')]), 'x');
    const { files, problems } = await scan(root);
    expect(files).toEqual(['fine.jpg']);
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      [path.join(root, 'caf\\xe9.jpg'), 'file name is not valid UTF-8'],
      [path.join(root, 'dir\\xff'), 'file name is not valid UTF-8 (folder skipped with its contents)'],
    ]);
  });

  it('scans one folder below the root when asked', async () => {
    const root = tree(['a/one.jpg', 'a/b/two.jpg', 'c/three.jpg']);
    expect((await scan(root, { startRel: 'a' })).files).toEqual(['a/b/two.jpg', 'a/one.jpg']);
    expect((await scan(root, { startRel: 'gone' })).files).toEqual([]);
  });

  it('tells an unavailable root apart from an empty one', async () => {
    await expect(scan(path.join(temp.dir, 'unplugged-drive'))).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(scan(path.join(temp.dir, 'unplugged-drive'))).rejects.toThrow(/folder not found/);
    expect(await scan(tree([]))).toEqual({ files: [], problems: [] });
  });
});
