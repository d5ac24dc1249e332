/**
 * Synthetic face embeddings with the geometry of real ones: each identity is a unit centre; all
 * centres share a common direction (real embeddings of different people are correlated) and
 * differ from one another in a few dominant directions; each face is its centre plus Gaussian
 * noise, normalized. `FaceShape` says how; `realFaceShape` is calibrated on real faceres
 * embeddings. Every face is a pure function of (seed, index), so any slice can be regenerated.
 */
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
}

/**
 * Calibrated on real faceres embeddings of lfw10 + tvcast (140 faces, 18 people; the numbers are
 * held by test/vectors/synthetic-calibration.test.ts):
 * - within-person participation ratio 61 (the same group sizes drawn from this shape: 61);
 * - faces of different people: cosine mean 0.41, standard deviation 0.078 (this shape: 0.41,
 *   0.076). Real people are far more alike than random directions in 1024-d (isotropic centres:
 *   mean 0.14, sd 0.039): the embedding spends most of its spread between people on few directions.
 */
export const realFaceShape: FaceShape = { noiseDecay: 0.77, centreDecay: 1.1, sharedWeight: 1.2 };

/**
 * Every face's variation and every person's difference spread evenly over all 1024 dimensions:
 * the hardest case for a graph index, and the bench's first data.
 */
export const isotropicFaceShape: FaceShape = { noiseDecay: 0, centreDecay: 0, sharedWeight: 0.5 };

/** Names a shape in cache file names. */
export function faceShapeName({ noiseDecay, centreDecay, sharedWeight }: FaceShape): string {
  // Shapes from before centres had a spectrum (isotropic centres, weight 0.5) keep their old names.
  const centres = centreDecay === 0 && sharedWeight === 0.5 ? '' : `-centre${centreDecay}-shared${sharedWeight}`;
  return `decay${noiseDecay}${centres}`;
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
  /** Per-coordinate noise sigma per identity: total noise energy s^2 in [0.3, 0.6] gives same-identity cosine 1/(1+s^2) in ~[0.62, 0.77]. */
  const noise = new Float32Array(identityCount);
  for (let id = 0; id < identityCount; id++) {
    const random = seededRandom(mixSeed(seed, 1, id));
    const offset = id * dim;
    fillGaussian(random, centres, offset, dim, 1 / Math.sqrt(dim));
    for (let i = 0; i < dim; i++) {
      centres[offset + i] = (centres[offset + i] as number) * (centreSpectrum[i] as number) + shape.sharedWeight * (shared[i] as number);
    }
    normalizeInPlace(centres, offset, dim);
    noise[id] = Math.sqrt((0.3 + 0.3 * random()) / dim);
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

/**
 * Effective dimension of how faces of one person vary: the participation ratio
 * (sum of eigenvalues)^2 / (sum of squared eigenvalues) of the residuals from each person's mean,
 * computed on the Gram matrix (same nonzero eigenvalues as the covariance). `groups` holds each
 * person's embeddings.
 */
export function withinPersonParticipationRatio(groups: readonly (readonly Float32Array[])[]): number {
  const residuals: Float32Array[] = [];
  for (const faces of groups) {
    const dim = faces[0]?.length ?? 0;
    const mean = new Float32Array(dim);
    for (const face of faces) for (let i = 0; i < dim; i++) mean[i] = (mean[i] as number) + (face[i] as number) / faces.length;
    for (const face of faces) residuals.push(face.map((value, i) => value - (mean[i] as number)));
  }
  let trace = 0;
  let frobenius = 0;
  for (const a of residuals) {
    for (const b of residuals) {
      let dot = 0;
      for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
      if (a === b) trace += dot;
      frobenius += dot * dot;
    }
  }
  return (trace * trace) / frobenius;
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
