/**
 * Accumulates ONNX nodes and initializers under unique, deterministic names (derived from the TF node
 * names), and serializes them into a ModelProto.
 */
import {
  AttributeType,
  encodeModel,
  OnnxDataType,
  valueInfo,
  type AttributeProto,
  type Dim,
  type NodeProto,
  type OnnxDataTypeId,
  type TensorProto,
} from './onnx-proto';

export type Attr = { kind: 'int'; value: number } | { kind: 'ints'; value: number[] } | { kind: 'string'; value: string };

export const int = (value: number): Attr => ({ kind: 'int', value });
export const ints = (value: number[]): Attr => ({ kind: 'ints', value });
export const str = (value: string): Attr => ({ kind: 'string', value });

/** Float weights, optionally with the float16 bits they were published as. */
export interface FloatTensor {
  shape: number[];
  values: Float32Array;
  float16?: Uint16Array;
}

export interface GraphIo {
  name: string;
  shape: Dim[];
}

export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17. */
const IR_VERSION = 8;

export class OnnxGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly produced = new Set<string>();

  /** Claims a name that no node produces (the graph input). */
  reserve(name: string): void {
    this.claim(name);
  }

  has(name: string): boolean {
    return this.produced.has(name);
  }

  addNode(opType: string, inputs: string[], output: string, attrs: Record<string, Attr> = {}): string {
    this.claim(output);
    this.nodes.push({
      name: output,
      op_type: opType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([name, a]) => toAttribute(name, a)),
    });
    return output;
  }

  /**
   * A float32 constant. Weights published as float16 are stored as float16 and widened by a Cast
   * (exact, folded by the runtime at load), which halves the file size at no numerical cost.
   */
  floatConst(name: string, t: FloatTensor): string {
    if (this.produced.has(name)) return name;
    if (t.float16) {
      const half = this.addInitializer(`${name}/f16`, OnnxDataType.FLOAT16, t.shape, bytesOf(t.float16));
      return this.addNode('Cast', [half], name, { to: int(OnnxDataType.FLOAT) });
    }
    return this.addInitializer(name, OnnxDataType.FLOAT, t.shape, bytesOf(t.values));
  }

  int64Const(name: string, values: number[], shape: number[] = [values.length]): string {
    if (this.produced.has(name)) return name;
    return this.addInitializer(name, OnnxDataType.INT64, shape, bytesOf(BigInt64Array.from(values.map(BigInt))));
  }

  toModel(opts: {
    graphName: string;
    docString: string;
    producerVersion: string;
    inputs: GraphIo[];
    outputs: GraphIo[];
    metadata: Record<string, string>;
  }): Uint8Array {
    return encodeModel({
      ir_version: IR_VERSION,
      opset_import: [{ domain: '', version: OPSET }],
      producer_name: 'facet-tfjs-to-onnx',
      producer_version: opts.producerVersion,
      doc_string: opts.docString,
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: opts.inputs.map((io) => valueInfo(io.name, OnnxDataType.FLOAT, io.shape)),
        output: opts.outputs.map((io) => valueInfo(io.name, OnnxDataType.FLOAT, io.shape)),
      },
      metadata_props: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })),
    });
  }

  private addInitializer(name: string, dataType: OnnxDataTypeId, dims: number[], raw: Uint8Array): string {
    this.claim(name);
    this.initializers.push({ name, dims, data_type: dataType, raw_data: raw });
    return name;
  }

  private claim(name: string): void {
    if (this.produced.has(name)) throw new Error(`internal error: ONNX tensor name ${name} produced twice`);
    this.produced.add(name);
  }
}

function toAttribute(name: string, a: Attr): AttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: a.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: a.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
  }
}

/** ONNX raw_data is little-endian, as are typed arrays on every platform Node supports. */
function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
