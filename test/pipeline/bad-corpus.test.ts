import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, PipelineError, type FileToProcess, type Pipeline } from '../../src/main/pipeline';
import { appendWhileProcessing, growingFileExpectation, makeBadCorpus, type BadCorpus, type BadFile, type Expectation } from '../fixtures';
import { tempDir } from './helpers';

let root: string;
let corpus: BadCorpus;
let pipeline: Pipeline;

/** What a scanner would hand over; for names no string can hold, the stat of the real bytes. */
function scannedBad(file: BadFile): FileToProcess {
  const stats = lstatSync(file.rawPath ?? file.path);
  return { path: file.path, sizeBytes: stats.size, mtimeMs: stats.mtimeMs };
}

async function expectOutcome(promise: Promise<unknown>, expected: Expectation, file: BadFile): Promise<void> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (expected.outcome === 'ok') {
    expect(outcome, file.name).toHaveProperty('value');
    expect((outcome as { value: { contentType: string } }).value.contentType).toBe(expected.contentType);
    return;
  }
  const error = (outcome as { error?: unknown }).error;
  expect(error, file.name).toBeInstanceOf(PipelineError);
  expect((error as PipelineError).stage, file.name).toBe(expected.stage);
  expect((error as PipelineError).message, file.name).toMatch(expected.reason);
  expect((error as PipelineError).filePath).toBe(file.path);
}

beforeAll(async () => {
  root = tempDir('bad');
  corpus = await makeBadCorpus(join(root, 'bad'));
  pipeline = await createPipeline({ derivativesDir: join(root, 'cache'), threads: 2 });
});

afterAll(async () => {
  await pipeline?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('bad files end as a PipelineError naming the stage and the cause', () => {
  it('covers the cases the corpus promises', () => {
    const names = corpus.files.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'zero bytes',
        'truncated JPEG',
        'random bytes',
        'decompression bomb',
        'broken symbolic link',
        'named pipe',
        'name not valid UTF-8',
        'photo 200 folders deep',
      ]),
    );
  });

  it('handles each file as expected, all in flight together', async () => {
    await Promise.all(corpus.files.filter((f) => f !== corpus.growing).map((file) => expectOutcome(pipeline.process(scannedBad(file)), file.expected, file)));
  });

  it('refuses a file that grows while it is read', async () => {
    const file = corpus.growing;
    const before = scannedBad(file);
    await expectOutcome(
      appendWhileProcessing(file.path, () => pipeline.process(before)),
      growingFileExpectation,
      file,
    );
  });

  it('never writes to an original', async () => {
    const digest = (f: BadFile) =>
      createHash('sha256')
        .update(readFileSync(f.rawPath ?? f.path))
        .digest('hex');
    const regular = corpus.files.filter((f) => lstatSync(f.rawPath ?? f.path).isFile() && f !== corpus.growing);
    const before = regular.map(digest);
    await Promise.all(regular.map((f) => pipeline.process(scannedBad(f)).catch(() => null)));
    expect(regular.map(digest)).toEqual(before);
  });
});
