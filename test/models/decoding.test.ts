/**
 * The manifest's decoding facts (anchor layout, row layout, keypoint order, score activation) read
 * the converted detectors' output as real faces: upright faces come out with the eyes above the nose
 * above the mouth, the subject's right eye on the image's left, all keypoints inside the box.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import type { DetectorSpec } from '../../src/shared/model-manifest';
import { letterboxRgb, loadCommittedManifest, normalizePixels, PACK_DIR, SAMPLE_IMAGE } from './model-test-helpers';

interface Face {
  score: number;
  box: { cx: number; cy: number; w: number; h: number };
  points: Record<string, { x: number; y: number }>;
}

const manifest = loadCommittedManifest();
const [full, short] = manifest.detectors as [DetectorSpec, DetectorSpec];

/** Plain reading of a blazeface output per the manifest (no NMS), in input pixels. */
function decode(spec: DetectorSpec, rows: Float32Array): Face[] {
  const d = spec.decoding;
  const size = spec.preprocessing.size;
  const width = d.output.shape[2] as number;
  const anchors = d.anchors.flatMap(({ stride, anchorsPerCell }) => {
    const cells = size / stride;
    return Array.from({ length: cells * cells * anchorsPerCell }, (_, k) => {
      const cell = Math.floor(k / anchorsPerCell);
      return { x: ((cell % cells) + 0.5) * stride, y: (Math.floor(cell / cells) + 0.5) * stride };
    });
  });
  expect(anchors.length * width).toBe(rows.length);
  return anchors.flatMap((a, i) => {
    const r = rows.subarray(i * width, (i + 1) * width);
    const score = 1 / (1 + Math.exp(-r[d.scoreIndex]!));
    if (score < spec.minScore) return [];
    const b = d.boxIndex;
    const points = Object.fromEntries(d.keypoints.map((name, k) => [name, { x: a.x + r[d.keypointIndex + 2 * k]!, y: a.y + r[d.keypointIndex + 2 * k + 1]! }]));
    return [{ score, box: { cx: a.x + r[b]!, cy: a.y + r[b + 1]!, w: r[b + 2]!, h: r[b + 3]! }, points }];
  });
}

/** Best detection per face: drop any detection whose centre lies inside a better one's box. */
function distinct(faces: Face[]): Face[] {
  const kept: Face[] = [];
  for (const f of [...faces].sort((p, q) => q.score - p.score)) {
    if (!kept.some((k) => Math.abs(f.box.cx - k.box.cx) < k.box.w / 2 && Math.abs(f.box.cy - k.box.cy) < k.box.h / 2)) kept.push(f);
  }
  return kept;
}

function expectUprightFace(f: Face): void {
  const { rightEye, leftEye, noseTip, mouthCenter } = f.points as Record<'rightEye' | 'leftEye' | 'noseTip' | 'mouthCenter', { x: number; y: number }>;
  expect(rightEye.x).toBeLessThan(leftEye.x);
  expect(Math.max(rightEye.y, leftEye.y)).toBeLessThan(noseTip.y);
  expect(noseTip.y).toBeLessThan(mouthCenter.y);
  for (const p of [rightEye, leftEye, noseTip, mouthCenter]) {
    expect(Math.abs(p.x - f.box.cx)).toBeLessThan(f.box.w / 2);
    expect(Math.abs(p.y - f.box.cy)).toBeLessThan(f.box.h / 2);
  }
}

async function detect(session: ort.InferenceSession, spec: DetectorSpec, rgb: Buffer): Promise<Face[]> {
  const size = spec.preprocessing.size;
  const input = new ort.Tensor('float32', normalizePixels(rgb, spec.preprocessing.normalization), [1, size, size, 3]);
  const out = await session.run({ [spec.input.name]: input });
  return distinct(decode(spec, out[spec.decoding.output.name]!.data as Float32Array));
}

describe('detector decoding per the manifest', () => {
  let fullSession: ort.InferenceSession;
  let shortSession: ort.InferenceSession;
  beforeAll(async () => {
    fullSession = await ort.InferenceSession.create(path.join(PACK_DIR, full.file));
    shortSession = await ort.InferenceSession.create(path.join(PACK_DIR, short.file));
  });
  afterAll(async () => {
    await fullSession?.release();
    await shortSession?.release();
  });

  it('finds the three upright faces of the group photo with the full-range detector', async () => {
    const faces = await detect(fullSession, full, await letterboxRgb(SAMPLE_IMAGE, full.preprocessing.size, full.preprocessing.padValue));
    expect(faces).toHaveLength(3);
    faces.forEach(expectUprightFace);
  });

  it('finds the same face in a tight crop with the short-range detector', async () => {
    const size = full.preprocessing.size;
    const [face] = await detect(fullSession, full, await letterboxRgb(SAMPLE_IMAGE, size, full.preprocessing.padValue));
    const meta = await sharp(SAMPLE_IMAGE).metadata();
    const scale = Math.max(meta.width!, meta.height!) / size;
    // A square of 1.6 face widths around the face, in original pixels.
    const side = Math.round(face!.box.w * 1.6 * scale);
    const left = Math.round(face!.box.cx * scale - side / 2);
    const top = Math.round(face!.box.cy * scale - side / 2);
    const crop = await sharp(SAMPLE_IMAGE).extract({ left, top, width: side, height: side }).toBuffer();
    const s = short.preprocessing.size;
    const found = await detect(shortSession, short, await sharp(crop).resize(s, s).removeAlpha().raw().toBuffer());
    expect(found).toHaveLength(1);
    expectUprightFace(found[0]!);
    expect(Math.abs(found[0]!.box.cx - s / 2)).toBeLessThan(s * 0.1);
    expect(Math.abs(found[0]!.box.cy - s / 2)).toBeLessThan(s * 0.1);
    expect(found[0]!.box.w / s).toBeGreaterThan(1 / 1.6 - 0.15);
    expect(found[0]!.box.w / s).toBeLessThan(1 / 1.6 + 0.15);
  });
});
