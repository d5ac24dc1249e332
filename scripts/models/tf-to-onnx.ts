/**
 * Translates a TF.js GraphDef into an ONNX graph (opset 17).
 *
 * The interface stays NHWC like the source; inside, 4-D activations live in NCHW (ONNX's native
 * layout) and are transposed back only where an op depends on the layout (Reshape, outputs, ...).
 * Each value remembers its TF (NHWC) shape, with -1 for the dynamic batch, and whether its ONNX
 * tensor is the NCHW transpose. Shape computations (Shape/StridedSlice/Pack feeding a Reshape) are
 * folded to constants at conversion time; all spatial sizes are static, so TF's SAME padding becomes
 * exact explicit pads.
 */
import { attrBool, attrInt, attrInts, attrString, attrStrings, type TfConst, type TfGraph, type TfNode } from './tfjs-graph';
import { int, ints, OnnxGraphBuilder, str, type FloatTensor } from './onnx-builder';
import { BATCH_IN_SHAPE, broadcastShapes, NCHW_TO_NHWC, NHWC_TO_NCHW, product, reshapeTarget, transposeArray, windowGeometry } from './tensor-math';
import type { Dim } from './onnx-proto';

/** Bumped whenever the converter's output for the same source changes. */
export const CONVERTER_VERSION = '1';

export interface ConversionRequest {
  graph: TfGraph;
  /** TF Placeholder name -> ONNX input name. */
  input: { tf: string; onnx: string };
  /** TF node names -> ONNX output names, in output order. */
  outputs: Array<{ tf: string; onnx: string }>;
  graphName: string;
  docString: string;
  metadata: Record<string, string>;
}

export interface ConversionResult {
  onnx: Uint8Array;
  input: { name: string; shape: Dim[] };
  outputs: Array<{ name: string; shape: Dim[] }>;
  /** TF ops that were translated (sorted), for the report and tests. */
  tfOps: string[];
}

type Tensor = { kind: 'tensor'; name: string; shape: number[]; nchw: boolean };
/** A compile-time value; folded shape vectors hold the dynamic batch as BATCH_IN_SHAPE. */
type Constant = { kind: 'const'; name: string; c: TfConst };
type Value = Tensor | Constant;

const BATCH = 'N';

export function convertTfjsGraph(req: ConversionRequest): ConversionResult {
  return new Converter(req).run();
}

class Converter {
  private readonly b = new OnnxGraphBuilder();
  private readonly values = new Map<string, Value>();
  private readonly tfOps = new Set<string>();

  constructor(private readonly req: ConversionRequest) {}

  run(): ConversionResult {
    const { graph } = this.req;
    const placeholder = graph.nodes.get(this.req.input.tf);
    if (placeholder?.op !== 'Placeholder') throw new Error(`${graph.source}: no Placeholder named ${this.req.input.tf}`);
    const inputShape = placeholderShape(placeholder);
    this.b.reserve(this.req.input.onnx);
    this.values.set(placeholder.name, { kind: 'tensor', name: this.req.input.onnx, shape: inputShape, nchw: false });

    for (const node of this.executionOrder()) {
      if (node.op === 'Placeholder') {
        if (node.name !== placeholder.name) throw new Error(`${graph.source}: unexpected second input ${node.name}`);
        continue;
      }
      try {
        this.values.set(
          node.name,
          this.convert(
            node,
            node.inputs.filter((i) => !i.startsWith('^')).map((i) => this.value(i)),
          ),
        );
      } catch (e) {
        throw new Error(`${graph.source}: ${node.op} ${node.name}: ${(e as Error).message}`);
      }
      this.tfOps.add(node.op);
    }

    const outputs = this.req.outputs.map(({ tf, onnx }) => {
      const v = this.tensor(this.value(tf), `output ${tf}`);
      const name = this.nhwc(v);
      if (name !== onnx) {
        if (this.b.has(onnx)) throw new Error(`${graph.source}: output name ${onnx} is already the name of another tensor`);
        this.b.addNode('Identity', [name], onnx);
      }
      return { name: onnx, shape: toDims(v.shape) };
    });
    const input = { name: this.req.input.onnx, shape: toDims(inputShape) };
    const onnx = this.b.toModel({
      graphName: this.req.graphName,
      docString: this.req.docString,
      producerVersion: CONVERTER_VERSION,
      inputs: [input],
      outputs,
      metadata: this.req.metadata,
    });
    return { onnx, input, outputs, tfOps: [...this.tfOps].sort() };
  }

  /** Nodes the requested outputs depend on, producers first (unused heads are dropped). */
  private executionOrder(): TfNode[] {
    const order: TfNode[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string) => {
      const node = this.req.graph.nodes.get(name);
      if (!node) throw new Error(`${this.req.graph.source}: no node named ${name}`);
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`${this.req.graph.source}: cycle through ${name}`);
      state.set(name, 'visiting');
      for (const input of node.inputs) visit(tensorName(input));
      state.set(name, 'done');
      order.push(node);
    };
    for (const o of this.req.outputs) visit(o.tf);
    return order;
  }

  private value(input: string): Value {
    const name = tensorName(input);
    const existing = this.values.get(name);
    if (existing) return existing;
    const c = this.req.graph.consts.get(name);
    if (!c) throw new Error(`input ${name} has not been converted`);
    const v: Constant = { kind: 'const', name, c };
    this.values.set(name, v);
    return v;
  }

  private convert(node: TfNode, ins: Value[]): Value {
    switch (node.op) {
      case 'Const':
        return this.value(node.name);
      case 'Identity':
        return ins[0]!;
      case 'Conv2D':
      case '_FusedConv2D':
        return this.conv(node, ins, false);
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative':
        return this.conv(node, ins, true);
      case 'MaxPool':
      case 'AvgPool':
        return this.pool(node, ins);
      case 'Pad':
      case 'PadV2':
        return this.pad(node, ins);
      case 'Add':
      case 'AddV2':
      case 'BiasAdd':
        return this.elementwise(node, ins, 'Add');
      case 'Sub':
        return this.elementwise(node, ins, 'Sub');
      case 'Mul':
        return this.elementwise(node, ins, 'Mul');
      case 'RealDiv':
        return this.elementwise(node, ins, 'Div');
      case 'Minimum':
        return this.elementwise(node, ins, 'Min');
      case 'Maximum':
        return this.elementwise(node, ins, 'Max');
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
      case 'Tanh': {
        const x = this.tensor(ins[0]!, 'input');
        return { ...x, name: this.activation(node.op, x.name, node.name) };
      }
      case 'Softmax': {
        const x = this.tensor(ins[0]!, 'input');
        return { kind: 'tensor', name: this.b.addNode('Softmax', [this.nhwc(x)], node.name, { axis: int(-1) }), shape: x.shape, nchw: false };
      }
      case 'Mean':
        return this.mean(node, ins);
      case 'MatMul':
      case '_FusedMatMul':
        return this.matmul(node, ins);
      case 'Reshape':
        return this.reshape(node, ins);
      case 'ConcatV2':
        return this.concat(node, ins);
      case 'DepthToSpace':
        return this.depthToSpace(node, ins);
      case 'ResizeBilinear':
        return this.resizeBilinear(node, ins);
      case 'Shape': {
        const x = this.tensor(ins[0]!, 'input');
        const values = Int32Array.from(x.shape.map((d) => (d === -1 ? BATCH_IN_SHAPE : d)));
        return constant(node.name, { dtype: 'int32', shape: [values.length], values });
      }
      case 'StridedSlice':
        return this.stridedSlice(node, ins);
      case 'Pack':
        return this.pack(node, ins);
      default:
        throw new Error(`op ${node.op} is not supported by the converter`);
    }
  }

  // --- layout helpers ---

  private tensor(v: Value, what: string): Tensor {
    if (v.kind !== 'tensor') throw new Error(`${what} must be a runtime tensor, got constant ${v.name}`);
    return v;
  }

  /** Only shape arithmetic (`shapeValue`) may see the dynamic batch inside a constant. */
  private constant(v: Value | undefined, what: string, shapeValue = false): Constant {
    if (v?.kind !== 'const') throw new Error(`${what} must be a constant`);
    if (!shapeValue && v.c.dtype === 'int32' && v.c.values.includes(BATCH_IN_SHAPE)) {
      throw new Error(`${what} depends on the dynamic batch size, which is only supported as a Reshape target`);
    }
    return v;
  }

  /** The ONNX name of `v` in NCHW (4-D only), transposing once per tensor. */
  private nchw(v: Tensor): string {
    if (v.nchw) return v.name;
    if (v.shape.length !== 4) throw new Error(`expected a 4-D tensor, ${v.name} is [${v.shape}]`);
    const name = `${v.name}/nchw`;
    return this.b.has(name) ? name : this.b.addNode('Transpose', [v.name], name, { perm: ints(NHWC_TO_NCHW) });
  }

  /** The ONNX name of `v` in TF's own layout. */
  private nhwc(v: Tensor): string {
    if (!v.nchw) return v.name;
    const name = `${v.name}/nhwc`;
    return this.b.has(name) ? name : this.b.addNode('Transpose', [v.name], name, { perm: ints(NCHW_TO_NHWC) });
  }

  private floatConst(v: Constant, name = v.name, t: FloatTensor = floatTensor(v)): string {
    return this.b.floatConst(name, t);
  }

  /** A constant operand of an NCHW elementwise op: right-align to rank 4, then move channels to axis 1. */
  private floatConstNchw(v: Constant): string {
    const t = floatTensor(v);
    if (t.shape.length === 0 || product(t.shape) === 1) return this.floatConst(v);
    if (t.shape.length > 4) throw new Error(`constant ${v.name} has rank ${t.shape.length}`);
    const shape4 = [...new Array<number>(4 - t.shape.length).fill(1), ...t.shape];
    return this.floatConst(v, `${v.name}/nchw`, transposeFloat({ ...t, shape: shape4 }, NHWC_TO_NCHW));
  }

  private activation(op: string, input: string, output: string): string {
    switch (op) {
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh':
        return this.b.addNode(op, [input], output);
      case 'Relu6':
        return this.b.addNode('Clip', [input, this.scalar(0), this.scalar(6)], output);
      default:
        throw new Error(`fused activation ${op} is not supported`);
    }
  }

  private scalar(value: number): string {
    return this.b.floatConst(`const/${value}`, { shape: [], values: Float32Array.of(value) });
  }

  /** Applies a _Fused* op's trailing fused_ops (after BiasAdd, which the caller consumes). */
  private fusedTail(node: TfNode, ops: string[], input: string): string {
    let current = input;
    ops.forEach((op, k) => {
      current = this.activation(op, current, k === ops.length - 1 ? node.name : `${node.name}/${op}`);
    });
    return current;
  }

  /** Splits fused_ops into an optional bias operand and the activations that follow. */
  private fusedParts(node: TfNode, ins: Value[]): { bias?: string; activations: string[] } {
    const ops = attrStrings(node, 'fused_ops');
    if (ops.length === 0) return { activations: [] };
    if (ops[0] !== 'BiasAdd') throw new Error(`fused_ops [${ops}] are not supported (expected BiasAdd first)`);
    if (attrInt(node, 'num_args', 1) !== 1) throw new Error(`fused ops with ${attrInt(node, 'num_args')} extra arguments are not supported`);
    const bias = this.floatConst(this.constant(ins[2], 'fused bias'));
    return { bias, activations: ops.slice(1) };
  }

  // --- op translations ---

  private conv(node: TfNode, ins: Value[], depthwise: boolean): Value {
    if (attrString(node, 'data_format', 'NHWC') !== 'NHWC') throw new Error('only NHWC data_format is supported');
    const x = this.tensor(ins[0]!, 'input');
    const w = this.constant(ins[1], 'filter');
    const [kh, kw, cin, k3] = w.c.shape as [number, number, number, number];
    const [n, h, wd, c] = x.shape as [number, number, number, number];
    if (c !== cin) throw new Error(`input has ${c} channels, filter expects ${cin}`);
    const strides = attrInts(node, 'strides');
    const dilations = attrInts(node, 'dilations', [1, 1, 1, 1]);
    const explicit = attrInts(node, 'explicit_paddings', []);
    const geo = windowGeometry(
      attrString(node, 'padding'),
      [h, wd],
      [kh, kw],
      [strides[1]!, strides[2]!],
      [dilations[1]!, dilations[2]!],
      explicit.length === 8 ? [explicit.slice(2, 4), explicit.slice(4, 6)] : undefined,
      node.name,
    );
    // TF filters are HWIO (depthwise: H,W,C,multiplier); ONNX wants OIHW (depthwise: C*M,1,H,W with group C).
    const weights = depthwise
      ? { ...transposeFloat(floatTensor(w), [2, 3, 0, 1]), shape: [cin * k3, 1, kh, kw] }
      : transposeFloat(floatTensor(w), [3, 2, 0, 1]);
    const { bias, activations } = node.op.startsWith('_Fused') || node.op.startsWith('Fused') ? this.fusedParts(node, ins) : { activations: [] };
    const convOut = activations.length ? `${node.name}/conv` : node.name;
    this.b.addNode('Conv', [this.nchw(x), this.floatConst(w, `${w.name}/oihw`, weights), ...(bias ? [bias] : [])], convOut, {
      kernel_shape: ints([kh, kw]),
      strides: ints([strides[1]!, strides[2]!]),
      dilations: ints([dilations[1]!, dilations[2]!]),
      pads: ints([...geo.padBegin, ...geo.padEnd]),
      group: int(depthwise ? cin : 1),
    });
    const out = this.fusedTail(node, activations, convOut);
    return { kind: 'tensor', name: out, shape: [n, geo.out[0]!, geo.out[1]!, depthwise ? cin * k3 : k3], nchw: true };
  }

  private pool(node: TfNode, ins: Value[]): Value {
    if (attrString(node, 'data_format', 'NHWC') !== 'NHWC') throw new Error('only NHWC data_format is supported');
    const x = this.tensor(ins[0]!, 'input');
    const ksize = attrInts(node, 'ksize');
    const strides = attrInts(node, 'strides');
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const geo = windowGeometry(attrString(node, 'padding'), [h, w], [ksize[1]!, ksize[2]!], [strides[1]!, strides[2]!], [1, 1], undefined, node.name);
    const attrs = { kernel_shape: ints([ksize[1]!, ksize[2]!]), strides: ints([strides[1]!, strides[2]!]), pads: ints([...geo.padBegin, ...geo.padEnd]) };
    // TF's AvgPool averages over the window's pixels inside the image: count_include_pad = 0.
    const out = this.b.addNode(node.op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [this.nchw(x)], node.name, attrs);
    return { kind: 'tensor', name: out, shape: [n, geo.out[0]!, geo.out[1]!, c], nchw: true };
  }

  private pad(node: TfNode, ins: Value[]): Value {
    const x = this.tensor(ins[0]!, 'input');
    const paddings = this.constant(ins[1], 'paddings').c.values;
    const rank = x.shape.length;
    if (paddings.length !== rank * 2) throw new Error(`paddings do not match rank ${rank}`);
    const rows = [...Array(rank).keys()].map((d) => [paddings[2 * d]!, paddings[2 * d + 1]!] as const);
    if (x.shape[0] === -1 && (rows[0]![0] !== 0 || rows[0]![1] !== 0)) throw new Error('padding the batch dimension is not supported');
    const ordered = x.nchw ? NHWC_TO_NCHW.map((d) => rows[d]!) : rows;
    const inputs = [x.nchw ? this.nchw(x) : x.name, this.b.int64Const(`${node.name}/pads`, [...ordered.map((r) => r[0]), ...ordered.map((r) => r[1])])];
    if (node.op === 'PadV2') inputs.push(this.floatConst(this.constant(ins[2], 'constant_values')));
    const out = this.b.addNode('Pad', inputs, node.name, { mode: str('constant') });
    return { kind: 'tensor', name: out, shape: x.shape.map((s, d) => (s === -1 ? -1 : s + rows[d]![0] + rows[d]![1])), nchw: x.nchw };
  }

  private elementwise(node: TfNode, ins: Value[], onnxOp: string): Value {
    const tensors = ins.filter((v): v is Tensor => v.kind === 'tensor');
    if (tensors.length === 0) throw new Error('elementwise ops on constants only are not folded');
    const shapes = ins.map((v) => (v.kind === 'tensor' ? v.shape : v.c.shape));
    const shape = broadcastShapes(shapes, node.name);
    // Stay in NCHW when every operand can follow: 4-D tensors, and constants of rank <= 4.
    const useNchw = shape.length === 4 && tensors.some((t) => t.nchw) && tensors.every((t) => t.shape.length === 4);
    const names = ins.map((v) => {
      if (v.kind === 'const') return useNchw ? this.floatConstNchw(v) : this.floatConst(v);
      return useNchw ? this.nchw(v) : this.nhwc(v);
    });
    return { kind: 'tensor', name: this.b.addNode(onnxOp, names, node.name), shape, nchw: useNchw };
  }

  private mean(node: TfNode, ins: Value[]): Value {
    const x = this.tensor(ins[0]!, 'input');
    const rank = x.shape.length;
    const axes = [...this.constant(ins[1], 'reduction_indices').c.values].map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
    const keepDims = attrBool(node, 'keep_dims', false);
    const kept = [...Array(rank).keys()].filter((d) => !axes.includes(d));
    const shape = keepDims ? x.shape.map((s, d) => (axes.includes(d) ? 1 : s)) : kept.map((d) => x.shape[d]!);
    // Reducing in NCHW is fine when what survives is either still NCHW (keep_dims) or already in TF order.
    const nchwOk = x.nchw && (keepDims || NHWC_TO_NCHW.filter((d) => kept.includes(d)).every((d, k) => d === kept[k]));
    const onnxAxes = nchwOk ? axes.map((a) => NHWC_TO_NCHW.indexOf(a)).sort((p, q) => p - q) : axes;
    const out = this.b.addNode('ReduceMean', [nchwOk ? x.name : this.nhwc(x)], node.name, { axes: ints(onnxAxes), keepdims: int(keepDims ? 1 : 0) });
    return { kind: 'tensor', name: out, shape, nchw: nchwOk && keepDims };
  }

  private matmul(node: TfNode, ins: Value[]): Value {
    const a = this.tensor(ins[0]!, 'a');
    const bValue = ins[1]!;
    const transA = attrBool(node, 'transpose_a', false);
    const transB = attrBool(node, 'transpose_b', false);
    const bShape = bValue.kind === 'tensor' ? bValue.shape : bValue.c.shape;
    if (a.shape.length !== 2 || bShape.length !== 2) throw new Error('only 2-D MatMul is supported');
    const bName = bValue.kind === 'tensor' ? this.nhwc(bValue) : this.floatConst(bValue);
    const { bias, activations } = node.op === '_FusedMatMul' ? this.fusedParts(node, ins) : { activations: [] };
    const gemmOut = activations.length ? `${node.name}/gemm` : node.name;
    this.b.addNode('Gemm', [this.nhwc(a), bName, ...(bias ? [bias] : [])], gemmOut, { transA: int(transA ? 1 : 0), transB: int(transB ? 1 : 0) });
    const out = this.fusedTail(node, activations, gemmOut);
    return { kind: 'tensor', name: out, shape: [a.shape[transA ? 1 : 0]!, bShape[transB ? 0 : 1]!], nchw: false };
  }

  private reshape(node: TfNode, ins: Value[]): Value {
    const x = this.tensor(ins[0]!, 'input');
    const { onnxTarget, shape } = reshapeTarget(x.shape, [...this.constant(ins[1], 'shape', true).c.values], node.name);
    const out = this.b.addNode('Reshape', [this.nhwc(x), this.b.int64Const(`${node.name}/shape`, onnxTarget)], node.name);
    return { kind: 'tensor', name: out, shape, nchw: false };
  }

  private concat(node: TfNode, ins: Value[]): Value {
    const parts = ins.slice(0, -1);
    const rank = (parts[0]!.kind === 'tensor' ? parts[0]!.shape : parts[0]!.c.shape).length;
    const axisValue = this.constant(ins[ins.length - 1], 'axis').c.values[0]!;
    const axis = axisValue < 0 ? axisValue + rank : axisValue;
    if (parts.every((p) => p.kind === 'const'))
      return foldConcat(
        node.name,
        parts.map((p) => this.constant(p, 'part', true)),
        axis,
      );

    const tensors = parts.map((p) => this.tensor(p, 'concatenated value'));
    const useNchw = tensors.every((t) => t.nchw);
    const shape = tensors[0]!.shape.map((s, d) => (d === axis ? tensors.reduce((sum, t) => sum + t.shape[d]!, 0) : s));
    const names = tensors.map((t) => (useNchw ? t.name : this.nhwc(t)));
    const out = this.b.addNode('Concat', names, node.name, { axis: int(useNchw ? NHWC_TO_NCHW.indexOf(axis) : axis) });
    return { kind: 'tensor', name: out, shape, nchw: useNchw };
  }

  private depthToSpace(node: TfNode, ins: Value[]): Value {
    if (attrString(node, 'data_format', 'NHWC') !== 'NHWC') throw new Error('only NHWC data_format is supported');
    const x = this.tensor(ins[0]!, 'input');
    const bs = attrInt(node, 'block_size');
    const [n, h, w, c] = x.shape as [number, number, number, number];
    // TF's NHWC DepthToSpace reads channels as (row offset, column offset, channel): ONNX mode DCR.
    const out = this.b.addNode('DepthToSpace', [this.nchw(x)], node.name, { blocksize: int(bs), mode: str('DCR') });
    return { kind: 'tensor', name: out, shape: [n, h * bs, w * bs, c / (bs * bs)], nchw: true };
  }

  private resizeBilinear(node: TfNode, ins: Value[]): Value {
    const x = this.tensor(ins[0]!, 'input');
    const [oh, ow] = [...this.constant(ins[1], 'size').c.values] as [number, number];
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const alignCorners = attrBool(node, 'align_corners', false);
    const halfPixel = attrBool(node, 'half_pixel_centers', false);
    const mode = alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric';
    const scales = Float32Array.of(1, 1, oh / h, ow / w);
    // ONNX derives the output size as floor(size * scale): refuse scales that would round differently.
    if (Math.floor(h * scales[2]!) !== oh || Math.floor(w * scales[3]!) !== ow)
      throw new Error(`resize ${h}x${w} -> ${oh}x${ow} is not expressible as float scales`);
    const scalesName = this.b.floatConst(`${node.name}/scales`, { shape: [4], values: scales });
    const out = this.b.addNode('Resize', [this.nchw(x), '', scalesName], node.name, {
      mode: str('linear'),
      coordinate_transformation_mode: str(mode),
    });
    return { kind: 'tensor', name: out, shape: [n, oh, ow, c], nchw: true };
  }

  private stridedSlice(node: TfNode, ins: Value[]): Value {
    const x = this.constant(ins[0], 'sliced value (only shape vectors are supported)', true);
    if (x.c.shape.length !== 1) throw new Error('only 1-D constant slices are folded');
    if (attrInt(node, 'ellipsis_mask', 0) || attrInt(node, 'new_axis_mask', 0)) throw new Error('ellipsis and new-axis masks are not supported');
    const [begin, end, stride] = [1, 2, 3].map((k) => this.constant(ins[k], 'slice bound').c.values[0]!) as [number, number, number];
    const len = x.c.values.length;
    const norm = (i: number) => (i < 0 ? i + len : i);
    const shrink = attrInt(node, 'shrink_axis_mask', 0) & 1;
    const first = attrInt(node, 'begin_mask', 0) & 1 ? (stride > 0 ? 0 : len - 1) : norm(begin);
    const last = shrink ? first + 1 : attrInt(node, 'end_mask', 0) & 1 ? (stride > 0 ? len : -1) : norm(end);
    const picked: number[] = [];
    for (let i = first; stride > 0 ? i < last : i > last; i += stride) picked.push(x.c.values[i]!);
    return constant(node.name, { dtype: 'int32', shape: shrink ? [] : [picked.length], values: Int32Array.from(picked) });
  }

  private pack(node: TfNode, ins: Value[]): Value {
    const parts = ins.map((v) => this.constant(v, 'packed value (only shape scalars are supported)', true));
    if (attrInt(node, 'axis', 0) !== 0 || parts.some((p) => p.c.shape.length !== 0)) throw new Error('only packing scalars along axis 0 is folded');
    const values = Int32Array.from(parts.map((p) => p.c.values[0]!));
    return constant(node.name, { dtype: 'int32', shape: [values.length], values });
  }
}

function constant(name: string, c: TfConst): Constant {
  return { kind: 'const', name, c };
}

function foldConcat(name: string, parts: Constant[], axis: number): Constant {
  if (axis !== 0 || parts.some((p) => p.c.shape.length !== 1 || p.c.dtype !== 'int32'))
    throw new Error('only 1-D int32 constants are concatenated at conversion');
  const values = Int32Array.from(parts.flatMap((p) => [...p.c.values]));
  return constant(name, { dtype: 'int32', shape: [values.length], values });
}

function floatTensor(v: Constant): FloatTensor {
  if (v.c.dtype !== 'float32') throw new Error(`constant ${v.name} is ${v.c.dtype}, expected float32`);
  return { shape: v.c.shape, values: v.c.values as Float32Array, ...(v.c.float16 ? { float16: v.c.float16 } : {}) };
}

function transposeFloat(t: FloatTensor, perm: number[]): FloatTensor {
  return {
    shape: perm.map((p) => t.shape[p]!),
    values: transposeArray(t.values, t.shape, perm),
    ...(t.float16 ? { float16: transposeArray(t.float16, t.shape, perm) } : {}),
  };
}

/** "name:0" and "name" are the same tensor; other output indices do not occur in these graphs. */
function tensorName(input: string): string {
  const name = input.startsWith('^') ? input.slice(1) : input;
  const colon = name.lastIndexOf(':');
  if (colon < 0) return name;
  if (name.slice(colon + 1) !== '0') throw new Error(`multi-output reference ${input} is not supported`);
  return name.slice(0, colon);
}

function placeholderShape(node: TfNode): number[] {
  const dims = (node.attr.shape?.shape as { dim?: Array<{ size: string }> } | undefined)?.dim;
  if (!dims) throw new Error(`Placeholder ${node.name} has no static shape`);
  const shape = dims.map((d) => Number(d.size));
  if (shape.slice(1).some((d) => d < 0)) throw new Error(`Placeholder ${node.name}: only the batch dimension may be dynamic, got [${shape}]`);
  return shape;
}

function toDims(shape: number[]): Dim[] {
  return shape.map((d) => (d === -1 ? BATCH : d));
}
