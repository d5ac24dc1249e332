/**
 * The indexing pipeline on real clips (made with ffmpeg in the test): poster frames and thumbnails
 * of the photos' kinds and sizes, ffprobe's facts, faces from sampled frames, and broken videos
 * reported as files that could not be indexed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, PipelineError, type Pipeline, type ProcessedFile } from '../../src/main/pipeline';
import { thumbnailSize } from '../../src/main/pipeline/derivatives';
import { faceSampleTimes } from '../../src/main/video/frames';
import { bundledPack, writeGroupPhoto } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';
import { clipCreatedAt, faceClip, patternClips, writeClip, writeNoiseMp4, writeTruncatedClip } from './clips';

const temp = makeTempDir('video-pipeline');
const clipsDir = join(temp.dir, 'clips');
let pipeline: Pipeline;

function scanned(path: string) {
  const info = statSync(path);
  return { path, sizeBytes: info.size, mtimeMs: info.mtimeMs };
}

beforeAll(async () => {
  for (const [name, options] of Object.entries(patternClips)) writeClip(clipsDir, name, options);
  pipeline = await createPipeline({ derivativesDir: join(temp.dir, 'cache'), threads: 1 });
});

afterAll(async () => {
  await pipeline?.close();
  temp.cleanup();
});

describe('poster frames and thumbnails', () => {
  it.each(Object.entries(patternClips))("%s: a poster preview and a thumbnail of the photos' short side", async (name, options) => {
    const result = await pipeline.process(scanned(join(clipsDir, name)));
    const [width, height] = options.rotate === 90 ? [options.height, options.width] : [options.width, options.height];
    expect(result).toMatchObject({ mediaType: 'video', width, height, dhash: null, facesSkippedReason: 'face models not enabled' });
    expect(result.contentType).toMatch(/^video\//);
    expect(result.metadata.durationSeconds).toBeCloseTo(options.durationSeconds, 0);
    const preview = await sharp(result.derivatives!.preview).metadata();
    const thumb = await sharp(result.derivatives!.thumb).metadata();
    expect([preview.format, preview.width, preview.height]).toEqual(['jpeg', width, height]);
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', ...thumbnailSize(width, height)]);
  });

  it('takes the capture time from the container when exiftool has none better', async () => {
    const result = await pipeline.process(scanned(join(clipsDir, 'pattern.mp4')));
    expect(result.metadata.takenAt).toBe(clipCreatedAt.toISOString().replace('.000Z', '+00:00'));
  });

  it("shows an upright phone video upright: the poster is turned by the container's rotation", async () => {
    const result = await pipeline.process(scanned(join(clipsDir, 'portrait.mp4')));
    const preview = await sharp(result.derivatives!.preview).metadata();
    expect(preview.height).toBeGreaterThan(preview.width!);
    // Its rotation is kept as the EXIF orientation that turns a picture the same way (90 degrees: 6).
    expect(result.metadata.orientation).toBe(6);
  });
});

describe('broken videos', () => {
  it.each([
    ['truncated.mkv', writeTruncatedClip],
    ['noise.mp4', writeNoiseMp4],
  ])('%s is refused at the decode stage with the reason', async (name, write) => {
    const file = write(join(temp.dir, 'broken'), name);
    const error = await pipeline.process(scanned(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ stage: 'decode', filePath: file });
    expect((error as Error).message).toMatch(/^unreadable video \(video\/[\w-]+\): \S/);
  });
});

describe('faces in a video', () => {
  let facePipeline: Pipeline;
  let video: ProcessedFile;
  let photo: ProcessedFile;
  const cache = join(temp.dir, 'face-cache');

  beforeAll(async () => {
    facePipeline = await createPipeline({ derivativesDir: cache, threads: 1, facePackDir: bundledPack });
    const dir = join(temp.dir, 'faces');
    video = await facePipeline.process(scanned(writeClip(dir, 'group.mp4', faceClip)));
    await writeGroupPhoto(join(dir, 'group.jpg'));
    photo = await facePipeline.process(scanned(join(dir, 'group.jpg')));
  }, 240_000);

  afterAll(() => facePipeline?.close());

  it('finds the people of its frames, each once, with the time of the frame they were found in', () => {
    expect(video.faces?.state).toBe('done');
    expect(photo.faces?.state).toBe('done');
    if (video.faces?.state !== 'done' || photo.faces?.state !== 'done') return;
    const inPhoto = photo.faces.faces.length;
    expect(inPhoto).toBeGreaterThan(1);
    // The same people in every sampled frame: kept once each, not once per frame.
    expect(video.faces.faces.length).toBeGreaterThanOrEqual(inPhoto - 1);
    expect(video.faces.faces.length).toBeLessThanOrEqual(inPhoto + 1);
    const times = faceSampleTimes(faceClip.durationSeconds);
    for (const face of video.faces.faces) {
      expect(times).toContain(face.frameSeconds);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(faceClip.width);
      expect(face.box.y + face.box.height).toBeLessThanOrEqual(faceClip.height);
    }
    expect(photo.faces.faces.every((face) => face.frameSeconds === undefined)).toBe(true);
  });

  it('keeps a thumbnail for each face it keeps and none for the repeats it dropped', () => {
    if (video.faces?.state !== 'done') throw new Error('no faces');
    const prefix = `${video.sha256}.face-`;
    const stored = readdirSync(join(cache, video.sha256.slice(0, 2))).filter((name) => name.startsWith(prefix));
    expect(stored.sort()).toEqual(video.faces.faces.map((face) => face.thumb.path.split('/').at(-1)).sort());
  });
});
