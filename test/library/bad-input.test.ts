import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexErrorInfo } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { makeBadCorpus, type BadCorpus } from '../fixtures';
import { writeSmallPhotos } from './helpers/small-photos';
import { makeTempDir } from './helpers/temp';

/** sha256 of every regular, readable file below dir, keyed by its raw (Buffer) path. */
function checksums(dir: string): Map<string, string> {
  const sums = new Map<string, string>();
  const stack: Buffer[] = [Buffer.from(dir)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true, encoding: 'buffer' })) {
      const full = Buffer.concat([current, Buffer.from('/'), entry.name]);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        try {
          sums.set(full.toString('hex'), crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
        } catch {
          sums.set(full.toString('hex'), 'unreadable');
        }
      }
    }
  }
  return sums;
}

describe('indexing a folder of broken files', () => {
  const temp = makeTempDir('bad-input');
  const root = path.join(temp.dir, 'photos');
  const libraryDir = path.join(temp.dir, 'library');
  let corpus: BadCorpus;
  let good: string[];
  let engine: FacetEngine;
  let before: Map<string, string>;
  let errors: IndexErrorInfo[];

  beforeAll(async () => {
    corpus = await makeBadCorpus(path.join(root, 'bad'));
    good = await writeSmallPhotos(path.join(root, 'good'), 5);
    before = checksums(root);
    engine = await openEngine({ libraryDir, threads: 1 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
    errors = await engine.api.listErrors({ limit: 500 });
  });

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  const listedNames = async () => (await engine.api.listPhotos({ offset: 0, limit: 2000 })).items.map((photo) => photo.fileName);

  it('records each bad file as one error naming the file and the reason', () => {
    // A folder named .jpg is a folder to a scanner, and the 200-deep photo is beyond the depth limit (next test).
    const bad = corpus.files.filter((file) => file.expected.outcome === 'error' && file.name !== 'folder named .jpg');
    for (const file of bad) {
      if (file.expected.outcome !== 'error') continue;
      const shownPath = file.rawPath ? path.join(path.dirname(file.path), 'foto\\xff\\xfe.jpg') : file.path;
      const matching = errors.filter((error) => error.path === shownPath);
      expect(matching, `${file.name}: ${shownPath}`).toHaveLength(1);
      expect(matching[0]!.reason, file.name).toMatch(file.expected.reason);
    }
    const expectedCount = bad.length + 1; // + the folder beyond the depth limit
    expect(errors).toHaveLength(expectedCount);
  });

  it('names a folder nested beyond the depth limit instead of crashing', () => {
    const deep = errors.find((error) => /nested more than 100 levels/.test(error.reason));
    // The first folder 101 levels below the source root (bad/ is level 1).
    expect(path.relative(root, deep!.path).split(path.sep)).toHaveLength(101);
    expect(deep?.path).toMatch(/level-099$/);
    expect(deep?.stage).toBe('scan');
  });

  it('indexes every good file, including the misnamed PNG', async () => {
    const names = await listedNames();
    for (const file of good) expect(names).toContain(path.basename(file));
    expect(names).toContain('misnamed.jpg');
    expect(names).toContain('growing.jpg');
    const status = await engine.api.getStatus({});
    expect(status.photos).toBe(good.length + 2);
    expect(status.errors).toBe(errors.length);
    const [source] = await engine.api.listSources({});
    expect(source?.errorCount).toBe(errors.length);
  });

  it('never modifies an original', () => {
    expect(checksums(root)).toEqual(before);
  });

  it('keeps one error per file across rescans', async () => {
    await engine.api.rescanSource({ sourceId: (await engine.api.listSources({}))[0]!.id });
    await engine.indexAll();
    expect(await engine.api.listErrors({ limit: 500 })).toHaveLength(errors.length);
  });
});
