/**
 * Numerical parity of the committed ONNX models with the TF.js graphs they were converted from, on
 * real face images preprocessed as the manifest declares: max|ONNX - TF.js| <= 1e-3 * max|TF.js|
 * per output. Also checks that the dynamic batch dimension really is dynamic.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { SOURCE_MODELS_DIR } from '../../scripts/models/build-pack';
import { FACET_PACK_V1, type ModelDefinition } from '../../scripts/models/facet-pack';
import {
  centreCropRgb,
  DATASETS_DIR,
  letterboxRgb,
  lfwImages,
  loadCommittedManifest,
  loadReferenceGraph,
  normalizePixels,
  PACK_DIR,
  SAMPLE_IMAGE,
  type Normalization,
} from './model-test-helpers';

const TOLERANCE = 1e-3;
const manifest = loadCommittedManifest();
const convertedRecognizer = FACET_PACK_V1.recognizer.kind === 'converted' ? FACET_PACK_V1.recognizer : null;
if (convertedRecognizer === null) throw new Error('pack v1 converts its recognizer from TF.js');
const lfw = lfwImages(3);
if (lfw.length === 0) console.warn(`[models/parity] ${path.join(DATASETS_DIR, 'lfw10')} is missing: parity runs on ${SAMPLE_IMAGE} only`);
const images = [SAMPLE_IMAGE, ...lfw];

interface Case {
  def: ModelDefinition;
  file: string;
  size: number;
  prepare: (image: string) => Promise<Buffer>;
  normalization: Normalization;
}

const cases: Case[] = [
  ...manifest.detectors.map((d) => ({
    def: FACET_PACK_V1.detectors.find((x) => x.id === d.id)!,
    file: d.file,
    size: d.preprocessing.size,
    prepare: (image: string) => letterboxRgb(image, d.preprocessing.size, d.preprocessing.padValue),
    normalization: d.preprocessing.normalization,
  })),
  {
    def: convertedRecognizer,
    file: manifest.recognizer.file,
    size: manifest.recognizer.preprocessing.size,
    // Alignment is the pipeline's business; any face-sized crop exercises the same arithmetic.
    prepare: (image: string) => centreCropRgb(image, manifest.recognizer.preprocessing.size),
    normalization: manifest.recognizer.preprocessing.normalization,
  },
];

describe.each(cases)('$file matches its TF.js source', ({ def, file, size, prepare, normalization }) => {
  let session: ort.InferenceSession;
  let batch: Float32Array;

  beforeAll(async () => {
    session = await ort.InferenceSession.create(path.join(PACK_DIR, file));
    const pixels = await Promise.all(images.map(async (image) => normalizePixels(await prepare(image), normalization)));
    batch = new Float32Array(pixels.length * size * size * 3);
    pixels.forEach((p, k) => batch.set(p, k * p.length));
  });

  afterAll(async () => {
    await session?.release();
  });

  it('gives the same outputs on real faces', async () => {
    const graph = await loadReferenceGraph(path.join(SOURCE_MODELS_DIR, def.sourceFile));
    const input = tf.tensor4d(batch, [images.length, size, size, 3]);
    // execute() returns a bare tensor when one output is asked for.
    const expected = [
      graph.execute(
        input,
        def.outputs.map((o) => o.tf),
      ),
    ].flat();
    const actual = await session.run({ [def.input.onnx]: new ort.Tensor('float32', batch, [images.length, size, size, 3]) });

    def.outputs.forEach((o, k) => {
      const want = expected[k]!.dataSync() as Float32Array;
      const got = actual[o.onnx]!;
      expect(got.dims).toEqual(expected[k]!.shape);
      const { maxDiff, scale } = compare(got.data as Float32Array, want);
      console.log(
        `[models/parity] ${file} ${o.onnx}: max|Δ| ${maxDiff.toExponential(2)}, max|out| ${scale.toFixed(3)}, ratio ${(maxDiff / scale).toExponential(2)} (${images.length} images)`,
      );
      expect(maxDiff).toBeLessThanOrEqual(TOLERANCE * scale);
      // Detector rows mix score logits with pixel coordinates: hold each column to its own scale too.
      if (got.dims.length === 3) {
        const columns = got.dims[2]!;
        for (let c = 0; c < columns; c++) {
          const column = compare(strided(got.data as Float32Array, c, columns), strided(want, c, columns));
          expect(column.maxDiff, `column ${c}`).toBeLessThanOrEqual(TOLERANCE * column.scale);
        }
      }
    });
    tf.dispose([input, ...expected]);
    graph.dispose();
  });

  it('runs one image the same as inside a batch', async () => {
    const one = batch.subarray(0, size * size * 3);
    const single = await session.run({ [def.input.onnx]: new ort.Tensor('float32', one, [1, size, size, 3]) });
    const batched = await session.run({ [def.input.onnx]: new ort.Tensor('float32', batch, [images.length, size, size, 3]) });
    for (const o of def.outputs) {
      const s = single[o.onnx]!.data as Float32Array;
      const b = (batched[o.onnx]!.data as Float32Array).subarray(0, s.length);
      expect(single[o.onnx]!.dims[0]).toBe(1);
      const { maxDiff, scale } = compare(s, b);
      expect(maxDiff).toBeLessThanOrEqual(1e-5 * scale);
    }
  });
});

function compare(actual: Float32Array, expected: Float32Array): { maxDiff: number; scale: number } {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  expect(Number.isFinite(maxDiff)).toBe(true);
  expect(scale).toBeGreaterThan(0);
  return { maxDiff, scale };
}

function strided(a: Float32Array, offset: number, step: number): Float32Array {
  return Float32Array.from({ length: a.length / step }, (_, i) => a[i * step + offset]!);
}
