/** Shape arithmetic and constant transforms used while converting; -1 marks the dynamic batch. */

export type NumericArray = Float32Array | Int32Array | Uint16Array;

export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];

export function product(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Permutes the axes of a row-major array (used on weights, which are small enough). */
export function transposeArray<T extends NumericArray>(data: T, shape: number[], perm: number[]): T {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = stridesOf(shape);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < data.length; k++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += index[d]! * inStrides[perm[d]!]!;
    out[k] = data[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < outShape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

function stridesOf(shape: number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  return strides;
}

/** NumPy/TF broadcasting of static shapes, where -1 (the batch) broadcasts like an unknown size. */
export function broadcastShapes(shapes: number[][], where: string): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let dim = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + d] ?? 1;
      if (v === 1 || v === dim) continue;
      if (dim === 1) dim = v;
      else throw new Error(`${where}: shapes ${shapes.map((x) => `[${x}]`).join(' and ')} do not broadcast`);
    }
    out.push(dim);
  }
  return out;
}

export interface SpatialGeometry {
  out: number[];
  padBegin: number[];
  padEnd: number[];
}

/**
 * Output size and explicit pads of a TF convolution or pooling window over static spatial sizes.
 * SAME pads the odd pixel at the end, as TF does (ONNX's SAME_UPPER would agree, but explicit pads
 * make the graph independent of that reading).
 */
export function windowGeometry(
  padding: string,
  size: number[],
  kernel: number[],
  stride: number[],
  dilation: number[],
  explicit: number[][] | undefined,
  where: string,
): SpatialGeometry {
  const geometry: SpatialGeometry = { out: [], padBegin: [], padEnd: [] };
  size.forEach((n, d) => {
    if (n < 0) throw new Error(`${where}: spatial size must be static, got ${n}`);
    const span = (kernel[d]! - 1) * dilation[d]! + 1;
    const s = stride[d]!;
    let begin = 0;
    let end = 0;
    if (padding === 'SAME') {
      const total = Math.max((Math.ceil(n / s) - 1) * s + span - n, 0);
      begin = Math.floor(total / 2);
      end = total - begin;
    } else if (padding === 'EXPLICIT') {
      begin = explicit?.[d]?.[0] ?? 0;
      end = explicit?.[d]?.[1] ?? 0;
    } else if (padding !== 'VALID') {
      throw new Error(`${where}: padding ${padding} is not supported`);
    }
    geometry.out.push(Math.floor((n + begin + end - span) / s) + 1);
    geometry.padBegin.push(begin);
    geometry.padEnd.push(end);
  });
  return geometry;
}

/**
 * Marks the dynamic batch inside shape vectors folded at conversion (the output of Shape and what
 * is sliced and packed from it), as distinct from Reshape's own -1 ("infer this dimension").
 */
export const BATCH_IN_SHAPE = -0x80000000;

/**
 * TF Reshape -> the ONNX Reshape target and the TF output shape. The batch may only stay where it
 * is (index 0, written as ONNX's 0 = "copy from the input"), so one genuine -1 can still be inferred.
 */
export function reshapeTarget(input: number[], target: number[], where: string): { onnxTarget: number[]; shape: number[] } {
  const fail = () => {
    throw new Error(`${where}: cannot reshape [${input}] to [${target.map((d) => (d === BATCH_IN_SHAPE ? 'batch' : d))}]`);
  };
  const dynamicBatch = input[0] === -1;
  if (input.slice(1).includes(-1) || target.slice(1).includes(BATCH_IN_SHAPE)) fail();
  if (dynamicBatch !== (target[0] === BATCH_IN_SHAPE)) fail();
  const inferred = target.filter((d) => d === -1).length;
  if (inferred > 1) fail();
  const inputSize = product(dynamicBatch ? input.slice(1) : input);
  const known = product(target.filter((d) => d !== -1 && d !== BATCH_IN_SHAPE));
  if (inferred ? inputSize % known !== 0 : inputSize !== known) fail();
  return {
    onnxTarget: target.map((d) => (d === BATCH_IN_SHAPE ? 0 : d)),
    shape: target.map((d) => (d === BATCH_IN_SHAPE ? -1 : d === -1 ? inputSize / known : d)),
  };
}
