/**
 * Reads a TF.js graph model (model.json with a GraphDef topology + binary weight shards) into plain
 * nodes and constant tensors. float16-quantized weights are kept as their float16 bits as well as
 * dequantized to float32, so the converter can ship them at the precision they were published in.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TfAttrValue {
  i?: string;
  f?: number;
  b?: boolean;
  s?: string;
  type?: string;
  list?: { i?: string[]; s?: string[]; f?: number[] };
  tensor?: unknown;
  shape?: unknown;
}

export interface TfNode {
  name: string;
  op: string;
  inputs: string[];
  attr: Record<string, TfAttrValue>;
}

export interface TfConst {
  dtype: 'float32' | 'int32';
  shape: number[];
  values: Float32Array | Int32Array;
  /** The published float16 bits when the weight was float16-quantized; values is their exact float32. */
  float16?: Uint16Array;
}

export interface TfGraph {
  /** The model.json path, for error messages. */
  source: string;
  nodes: Map<string, TfNode>;
  consts: Map<string, TfConst>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; original_dtype?: string };
}

interface ModelJson {
  format?: string;
  modelTopology?: { node?: Array<{ name: string; op: string; input?: string[]; attr?: Record<string, TfAttrValue> }> };
  weightsManifest?: Array<{ paths: string[]; weights: WeightSpec[] }>;
}

export function loadTfjsGraph(modelJsonPath: string): TfGraph {
  const fail = (reason: string): never => {
    throw new Error(`${modelJsonPath}: ${reason}`);
  };
  const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as ModelJson;
  if (json.format !== 'graph-model') fail(`not a TF.js graph model (format ${String(json.format)})`);
  const topology = json.modelTopology?.node ?? fail('no modelTopology.node');

  const nodes = new Map<string, TfNode>();
  for (const n of topology) {
    nodes.set(n.name, { name: n.name, op: n.op, inputs: n.input ?? [], attr: n.attr ?? {} });
  }

  const consts = new Map<string, TfConst>();
  for (const group of json.weightsManifest ?? fail('no weightsManifest')) {
    const data = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(path.dirname(modelJsonPath), p))));
    let offset = 0;
    for (const spec of group.weights) {
      const { tensor, bytes } = readWeight(spec, data, offset, fail);
      consts.set(spec.name, tensor);
      offset += bytes;
    }
    if (offset !== data.length) fail(`weights use ${offset} bytes but the shards hold ${data.length}`);
  }
  for (const n of nodes.values()) {
    if (n.op === 'Const' && !consts.has(n.name)) fail(`Const ${n.name} has no entry in weightsManifest`);
  }
  return { source: modelJsonPath, nodes, consts };
}

function readWeight(spec: WeightSpec, data: Buffer, offset: number, fail: (reason: string) => never): { tensor: TfConst; bytes: number } {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  // Copy into aligned buffers: shard offsets are not multiples of 4 in general.
  const slice = (bytes: number) => {
    if (offset + bytes > data.length) fail(`weight ${spec.name} runs past the end of the shards`);
    return new Uint8Array(data.subarray(offset, offset + bytes)).buffer;
  };
  const q = spec.quantization;
  if (q) {
    if (q.dtype !== 'float16' || spec.dtype !== 'float32') {
      fail(`weight ${spec.name}: quantization ${q.dtype} of ${spec.dtype} is not supported (only float16)`);
    }
    const float16 = new Uint16Array(slice(count * 2));
    return { tensor: { dtype: 'float32', shape: spec.shape, values: float16ToFloat32(float16), float16 }, bytes: count * 2 };
  }
  if (spec.dtype === 'float32') return { tensor: { dtype: 'float32', shape: spec.shape, values: new Float32Array(slice(count * 4)) }, bytes: count * 4 };
  if (spec.dtype === 'int32') return { tensor: { dtype: 'int32', shape: spec.shape, values: new Int32Array(slice(count * 4)) }, bytes: count * 4 };
  return fail(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
}

/** Exact IEEE 754 half -> single conversion (subnormals, infinities and NaN included). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let k = 0; k < bits.length; k++) {
    const h = bits[k]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[k] = sign * fraction * 2 ** -24;
    else if (exponent === 31) out[k] = fraction ? NaN : sign * Infinity;
    else out[k] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

// --- attribute accessors: TF.js JSON keeps int64 as decimal strings and strings as base64 ---

export function attrInt(node: TfNode, key: string, fallback?: number): number {
  const v = node.attr[key]?.i;
  if (v !== undefined) return Number(v);
  if (fallback !== undefined) return fallback;
  throw new Error(`${node.op} ${node.name}: missing int attribute ${key}`);
}

export function attrInts(node: TfNode, key: string, fallback?: number[]): number[] {
  const list = node.attr[key]?.list;
  if (list) return (list.i ?? []).map(Number);
  if (fallback !== undefined) return fallback;
  throw new Error(`${node.op} ${node.name}: missing int list attribute ${key}`);
}

export function attrBool(node: TfNode, key: string, fallback: boolean): boolean {
  return node.attr[key]?.b ?? fallback;
}

export function attrString(node: TfNode, key: string, fallback?: string): string {
  const v = node.attr[key]?.s;
  if (v !== undefined) return Buffer.from(v, 'base64').toString('utf8');
  if (fallback !== undefined) return fallback;
  throw new Error(`${node.op} ${node.name}: missing string attribute ${key}`);
}

export function attrStrings(node: TfNode, key: string): string[] {
  return (node.attr[key]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
}
