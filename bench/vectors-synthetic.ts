/**
 * Synthetic face embeddings with the geometry of real ones: each identity is a unit centre; all
 * centres share a common direction (real embeddings of different people are correlated) and
 * differ from one another in a few dominant directions; each face is its centre plus Gaussian
 * noise, normalized. `FaceShape` says how; each `CalibratedFaceShape` is fitted to one
 * recognizer's real embeddings, and `realFaceShape` is the default pack's. Every face is a pure
 * function of (seed, index), so any slice can be regenerated.
 */
import { FACET_PACK_V1, FACET_PACK_V2 } from '../scripts/models/facet-pack';
import { DEFAULT_FACE_PACK } from '../src/shared/model-manifest';
import { seededRandom } from '../test/fixtures/seeded-random';

function mixSeed(seed: number, stream: number, index: number): number {
  return Math.imul(seed ^ Math.imul(stream, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
}

function fillGaussian(random: () => number, out: Float32Array, offset: number, length: number, scale: number): void {
  for (let i = 0; i < length; i += 2) {
    // Box-Muller: two independent normals per pair of uniforms.
    const radius = Math.sqrt(-2 * Math.log(1 - random())) * scale;
    const angle = 2 * Math.PI * random();
    out[offset + i] = radius * Math.cos(angle);
    if (i + 1 < length) out[offset + i + 1] = radius * Math.sin(angle);
  }
}

function normalizeInPlace(out: Float32Array, offset: number, length: number): void {
  let squares = 0;
  for (let i = 0; i < length; i++) squares += (out[offset + i] as number) ** 2;
  const norm = Math.sqrt(squares);
  for (let i = 0; i < length; i++) out[offset + i] = (out[offset + i] as number) / norm;
}

/**
 * Per-coordinate scales whose variances fall as (i+1)^-decay, with mean square 1 so that the total
 * energy does not depend on the decay.
 */
function powerSpectrum(dim: number, decay: number): Float32Array {
  const spectrum = Float32Array.from({ length: dim }, (_, i) => (i + 1) ** (-decay / 2));
  const meanSquare = spectrum.reduce((sum, v) => sum + v * v, 0) / dim;
  return spectrum.map((v) => v / Math.sqrt(meanSquare));
}

function shuffled(values: Float32Array, random: () => number): Float32Array {
  const out = Float32Array.from(values);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

export interface FaceShape {
  /**
   * How unevenly a face's variation (pose, light, expression) spreads over the dimensions: the
   * variance of coordinate i falls as (i+1)^-noiseDecay. 0 is isotropic noise, every dimension alike.
   */
  noiseDecay: number;
  /** The same for how people differ from one another (the centres' own variation). */
  centreDecay: number;
  /** Weight of the direction all centres share: centres correlate at ~w^2/(1+w^2) on average. */
  sharedWeight: number;
  /**
   * Range of a person's total noise energy s^2 (drawn uniformly per person): two faces of one
   * person have cosine ~1/(1+s^2), so [0.3, 0.6] gives ~[0.62, 0.77].
   */
  noiseEnergy: readonly [number, number];
}

/** A shape fitted to one recognizer's real embeddings (by bench/calibrate-shape.ts). */
export interface CalibratedFaceShape extends FaceShape {
  /** Picks it by name: FACET_BENCH_VECTOR_SHAPE=<name>. */
  name: string;
  /** The model pack (folder under resources/models) whose embeddings it was fitted to. */
  pack: string;
  /** That recognizer's embedding size: the statistics it was fitted to hold only at this size. */
  dim: number;
}

/**
 * Calibrated on real faceres embeddings (pack v1) of lfw10 + tvcast (140 faces, 18 people; the
 * numbers are held by test/vectors/synthetic-calibration.test.ts, the shape's averaged over six
 * draws of the same group sizes):
 * - within-person participation ratio 61.3 (this shape: 62.9), same-person median cosine 0.709
 *   (0.695);
 * - faces of different people: cosine mean 0.414, standard deviation 0.078 (this shape: 0.412,
 *   0.077). Real people are far more alike than random directions in 1024-d (isotropic centres:
 *   mean 0.14, sd 0.031): the embedding spends most of its spread between people on few directions.
 */
export const faceresFaceShape: CalibratedFaceShape = {
  name: 'faceres-v1',
  pack: FACET_PACK_V1.dir,
  dim: 1024,
  noiseDecay: 0.77,
  centreDecay: 1.1,
  sharedWeight: 1.2,
  noiseEnergy: [0.3, 0.6],
};

/**
 * Calibrated on real ArcFace embeddings (pack v2, the default) of the same faces (bench/
 * calibrate-shape.ts; held by the same test), averaged over six draws:
 * - within-person participation ratio 49.3 (this shape: 49.1), same-person median cosine 0.644
 *   (0.645);
 * - faces of different people: cosine mean 0.017, standard deviation 0.102 (this shape: 0.016,
 *   0.101). Unlike faceres, ArcFace spreads strangers around orthogonal (a shared direction of
 *   weight 0.15 instead of 1.2) and more widely; a person varies in fewer dimensions, and two
 *   faces of one person are a little less alike (noise energy [0.38, 0.76] instead of [0.3, 0.6]).
 */
export const arcfaceFaceShape: CalibratedFaceShape = {
  name: 'arcface-v2',
  pack: FACET_PACK_V2.dir,
  dim: 512,
  noiseDecay: 0.79,
  centreDecay: 0.92,
  sharedWeight: 0.15,
  noiseEnergy: [0.38, 0.76],
};

export const calibratedFaceShapes: readonly CalibratedFaceShape[] = [arcfaceFaceShape, faceresFaceShape];

/** The shape of the default pack's embeddings: what the vector, search and people benches draw. */
export const realFaceShape: CalibratedFaceShape = calibratedShape(DEFAULT_FACE_PACK);

/** The calibrated shape with this name, or of this pack. */
export function calibratedShape(nameOrPack: string): CalibratedFaceShape {
  const shape = calibratedFaceShapes.find((s) => s.name === nameOrPack || s.pack === nameOrPack);
  if (!shape) throw new Error(`no face shape calibrated for ${nameOrPack}; known: ${calibratedFaceShapes.map((s) => s.name).join(', ')}`);
  return shape;
}

/**
 * Every face's variation and every person's difference spread evenly over all dimensions: the
 * hardest case for a graph index, and the bench's first data.
 */
export const isotropicFaceShape: FaceShape = { noiseDecay: 0, centreDecay: 0, sharedWeight: 0.5, noiseEnergy: [0.3, 0.6] };

/** The generator's parameters alone (without a calibrated shape's name, pack and size). */
export function shapeParameters({ noiseDecay, centreDecay, sharedWeight, noiseEnergy }: FaceShape): FaceShape {
  return { noiseDecay, centreDecay, sharedWeight, noiseEnergy };
}

/** Names a shape in cache file names. */
export function faceShapeName({ noiseDecay, centreDecay, sharedWeight, noiseEnergy: [low, high] }: FaceShape): string {
  // Shapes from before centres had a spectrum (isotropic centres, weight 0.5) or the noise energy a
  // parameter ([0.3, 0.6]) keep their old names.
  const centres = centreDecay === 0 && sharedWeight === 0.5 ? '' : `-centre${centreDecay}-shared${sharedWeight}`;
  const noise = low === 0.3 && high === 0.6 ? '' : `-noise${low}-${high}`;
  return `decay${noiseDecay}${centres}${noise}`;
}

export interface FaceGenerator {
  dim: number;
  identityCount: number;
  /** Writes face `index` (unit vector) at `out[offset..]` and returns its identity. */
  face(index: number, out: Float32Array, offset?: number): number;
}

export interface FaceGeneratorOptions {
  dim: number;
  identityCount: number;
  seed?: number;
  shape?: FaceShape;
}

export function createFaceGenerator({ dim, identityCount, seed = 1, shape = realFaceShape }: FaceGeneratorOptions): FaceGenerator {
  const noiseSpectrum = powerSpectrum(dim, shape.noiseDecay);
  // The directions people differ in most are not assumed to be those a face varies in most: the
  // centres' spectrum lies on a random permutation of the axes.
  const centreSpectrum = shuffled(powerSpectrum(dim, shape.centreDecay), seededRandom(mixSeed(seed, 3, 0)));
  const shared = new Float32Array(dim);
  fillGaussian(seededRandom(mixSeed(seed, 0, 0)), shared, 0, dim, 1);
  normalizeInPlace(shared, 0, dim);
  const centres = new Float32Array(identityCount * dim);
  /** Per-coordinate noise sigma per identity (see `FaceShape.noiseEnergy`). */
  const noise = new Float32Array(identityCount);
  const [lowEnergy, highEnergy] = shape.noiseEnergy;
  for (let id = 0; id < identityCount; id++) {
    const random = seededRandom(mixSeed(seed, 1, id));
    const offset = id * dim;
    fillGaussian(random, centres, offset, dim, 1 / Math.sqrt(dim));
    for (let i = 0; i < dim; i++) {
      centres[offset + i] = (centres[offset + i] as number) * (centreSpectrum[i] as number) + shape.sharedWeight * (shared[i] as number);
    }
    normalizeInPlace(centres, offset, dim);
    noise[id] = Math.sqrt((lowEnergy + (highEnergy - lowEnergy) * random()) / dim);
  }
  return {
    dim,
    identityCount,
    face(index, out, offset = 0) {
      const random = seededRandom(mixSeed(seed, 2, index));
      // Skewed sizes, as in real libraries: a few people appear in many photos, many in few.
      const identity = Math.min(identityCount - 1, Math.floor(identityCount * random() ** 2));
      fillGaussian(random, out, offset, dim, noise[identity] as number);
      for (let i = 0; i < dim; i++) out[offset + i] = (out[offset + i] as number) * (noiseSpectrum[i] as number) + (centres[identity * dim + i] as number);
      normalizeInPlace(out, offset, dim);
      return identity;
    },
  };
}

/** Faces `start .. start+count-1` as one row-major matrix, with the identity of each row. */
export function generateFaces(generator: FaceGenerator, start: number, count: number): { matrix: Float32Array; identities: Int32Array } {
  const matrix = new Float32Array(count * generator.dim);
  const identities = new Int32Array(count);
  for (let row = 0; row < count; row++) identities[row] = generator.face(start + row, matrix, row * generator.dim);
  return { matrix, identities };
}

/** Identities for a library of `faceCount` faces: ~25 faces per person on average. */
export function identityCountFor(faceCount: number): number {
  return Math.max(4, Math.round(faceCount / 25));
}

/** Synthetic people with exactly these numbers of faces each, drawn from the generator. */
export function facesInGroups(generator: FaceGenerator, sizes: readonly number[]): Float32Array[][] {
  const byIdentity = new Map<number, Float32Array[]>();
  const wanted = Math.max(...sizes);
  const groups: Float32Array[][] = [];
  for (let index = 0; groups.length < sizes.length; index++) {
    const face = new Float32Array(generator.dim);
    const identity = generator.face(index, face);
    const faces = byIdentity.get(identity) ?? [];
    byIdentity.set(identity, faces);
    faces.push(face);
    if (faces.length === wanted) groups.push(faces);
  }
  return groups.map((faces, i) => faces.slice(0, sizes[i]));
}
