/**
 * The converter on a small hand-written TF.js graph that uses the ops and cases the bundled models do
 * not: even and odd spatial sizes with stride 2 (asymmetric and symmetric SAME pads), plain BiasAdd, Relu6, AvgPool, PadV2, Sub, Tanh,
 * RealDiv, MatMul, float32 and float16 weights; checked against TF.js itself. Plus the error a
 * graph with an unsupported op gets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { loadTfjsGraph } from '../../scripts/models/tfjs-graph';
import { convertTfjsGraph } from '../../scripts/models/tf-to-onnx';
import { loadReferenceGraph } from './model-test-helpers';

type Attr = Record<string, unknown>;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const intList = (xs: number[]) => ({ list: { i: xs.map(String) } });
const FLOAT = { type: 'DT_FLOAT' };

interface Weight {
  name: string;
  shape: number[];
  values: number[];
  dtype: 'float32' | 'int32';
  float16?: boolean;
}

/** Writes model.json + weights.bin for nodes and constants; float16 weights are stored quantized. */
function writeGraph(dir: string, nodes: Array<{ name: string; op: string; input?: string[]; attr?: Attr }>, weights: Weight[]): string {
  const constNodes = weights.map((w) => ({
    name: w.name,
    op: 'Const',
    attr: {
      value: { tensor: { dtype: w.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT', tensorShape: { dim: w.shape.map((d) => ({ size: String(d) })) } } },
      dtype: { type: w.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' },
    },
  }));
  const chunks = weights.map((w) => {
    if (w.dtype === 'int32') return Buffer.from(Int32Array.from(w.values).buffer);
    const f32 = Float32Array.from(w.values);
    return w.float16 ? Buffer.from(Uint16Array.from(float32ToFloat16Bits(f32)).buffer) : Buffer.from(f32.buffer);
  });
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat(chunks));
  const json = {
    format: 'graph-model',
    modelTopology: { node: [...constNodes, ...nodes], library: {}, versions: {} },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: weights.map((w) => ({
          name: w.name,
          shape: w.shape,
          dtype: w.dtype,
          ...(w.float16 ? { quantization: { dtype: 'float16', original_dtype: 'float32' } } : {}),
        })),
      },
    ],
  };
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

/** Round-to-nearest float16 bits; the test values are chosen exactly representable anyway. */
function float32ToFloat16Bits(values: Float32Array): number[] {
  return [...values].map((v) => {
    if (v === 0) return 0;
    const sign = v < 0 ? 0x8000 : 0;
    const a = Math.abs(v);
    const e = Math.floor(Math.log2(a));
    return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
  });
}

const ramp = (n: number, scale: number, offset = 0) => Array.from({ length: n }, (_, k) => ((k * 7) % 11) * scale + offset);

describe('tfjs -> onnx converter', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-converter-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('matches TF.js on ops beyond the bundled models', async () => {
    const modelJson = writeGraph(
      dir,
      [
        { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: [{ size: '-1' }, { size: '8' }, { size: '7' }, { size: '3' }] } } } },
        {
          name: 'conv',
          op: 'Conv2D',
          input: ['x', 'w'],
          attr: { T: FLOAT, strides: intList([1, 2, 2, 1]), dilations: intList([1, 1, 1, 1]), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } },
        },
        { name: 'bias', op: 'BiasAdd', input: ['conv', 'b'], attr: { T: FLOAT, data_format: { s: b64('NHWC') } } },
        { name: 'relu6', op: 'Relu6', input: ['bias'], attr: { T: FLOAT } },
        {
          name: 'avg',
          op: 'AvgPool',
          input: ['relu6'],
          attr: { T: FLOAT, ksize: intList([1, 3, 3, 1]), strides: intList([1, 2, 2, 1]), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } },
        },
        { name: 'pad', op: 'PadV2', input: ['avg', 'paddings', 'pad_value'], attr: { T: FLOAT, Tpaddings: { type: 'DT_INT32' } } },
        { name: 'sub', op: 'Sub', input: ['pad', 'shift'], attr: { T: FLOAT } },
        { name: 'tanh', op: 'Tanh', input: ['sub'], attr: { T: FLOAT } },
        { name: 'half', op: 'RealDiv', input: ['tanh', 'two'], attr: { T: FLOAT } },
        { name: 'mean', op: 'Mean', input: ['half', 'axes'], attr: { T: FLOAT, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
        { name: 'logits', op: 'MatMul', input: ['mean', 'proj'], attr: { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: false } } },
      ],
      [
        { name: 'w', shape: [3, 3, 3, 4], values: ramp(108, 0.0625, -0.25), dtype: 'float32', float16: true },
        { name: 'b', shape: [4], values: [0.5, -0.25, 1, 0], dtype: 'float32' },
        { name: 'paddings', shape: [4, 2], values: [0, 0, 1, 0, 0, 1, 0, 0], dtype: 'int32' },
        { name: 'pad_value', shape: [], values: [0.5], dtype: 'float32' },
        { name: 'shift', shape: [4], values: [0.1, 0.2, 0.3, 0.4], dtype: 'float32' },
        { name: 'two', shape: [], values: [2], dtype: 'float32' },
        { name: 'axes', shape: [2], values: [1, 2], dtype: 'int32' },
        { name: 'proj', shape: [4, 2], values: [1, -1, 0.5, 2, -0.5, 1, 3, 0], dtype: 'float32' },
      ],
    );
    const converted = convertTfjsGraph({
      graph: loadTfjsGraph(modelJson),
      input: { tf: 'x', onnx: 'image' },
      outputs: [{ tf: 'logits', onnx: 'logits' }],
      graphName: 'synthetic',
      docString: '',
      metadata: {},
    });
    expect(converted.outputs).toEqual([{ name: 'logits', shape: ['N', 2] }]);

    const batch = 2;
    const pixels = Float32Array.from({ length: batch * 8 * 7 * 3 }, (_, k) => Math.sin(k) * 2);
    const session = await ort.InferenceSession.create(converted.onnx);
    const got = (await session.run({ image: new ort.Tensor('float32', pixels, [batch, 8, 7, 3]) })).logits!;
    await session.release();

    const graph = await loadReferenceGraph(modelJson);
    const want = tf.tidy(() => (graph.execute(tf.tensor4d(pixels, [batch, 8, 7, 3]), 'logits') as tf.Tensor).dataSync());
    graph.dispose();

    expect(got.dims).toEqual([batch, 2]);
    const scale = Math.max(...[...want].map(Math.abs));
    const maxDiff = Math.max(...[...want].map((v, k) => Math.abs(v - (got.data as Float32Array)[k]!)));
    expect(scale).toBeGreaterThan(0.01);
    expect(maxDiff).toBeLessThanOrEqual(1e-5 * scale);
  });

  it('names the file and the op it cannot convert', () => {
    const sub = fs.mkdtempSync(path.join(dir, 'bad-'));
    const modelJson = writeGraph(
      sub,
      [
        { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } } } },
        { name: 'erf', op: 'Erf', input: ['x'], attr: { T: FLOAT } },
      ],
      [],
    );
    const request = {
      graph: loadTfjsGraph(modelJson),
      input: { tf: 'x', onnx: 'x' },
      outputs: [{ tf: 'erf', onnx: 'y' }],
      graphName: 'bad',
      docString: '',
      metadata: {},
    };
    expect(() => convertTfjsGraph(request)).toThrow(`${modelJson}: Erf erf: op Erf is not supported by the converter`);
  });
});
