/**
 * Faces a contributor shared with a photo stand in for finding them here only when they come from
 * this library's face model and fit the fetched photo: like everything in a log, they are
 * untrusted input, and a face taken from them is searched and clustered like one found here.
 */
import sharp from 'sharp';
import type { FaceModelRef, FacePoint, FoundFace } from '../domain/indexed-file';
import type { SharedFaces } from './log-format';

export type SharedFace = Omit<FoundFace, 'thumb'>;

export type SharedFacesVerdict =
  | { kind: 'use'; faces: SharedFace[] }
  /** Sound, but not usable here (another model, a rendition, an older writer): detected here. */
  | { kind: 'recompute'; reason: string }
  /** Not sound: detected here, and the user hears why. */
  | { kind: 'invalid'; reason: string };

/**
 * A face at the edge of the frame has a box partly outside the photo, as the detector gives it;
 * no face has a box that misses the photo, or one more than twice its size.
 */
function boxMisfit([x, y, width, height]: SharedFaces['faces'][number]['box'], size: { width: number; height: number }): string | null {
  const photo = `the ${size.width}x${size.height} photo`;
  if (width <= 0 || height <= 0) return 'is empty';
  if (x >= size.width || y >= size.height || x + width <= 0 || y + height <= 0) return `lies outside ${photo}`;
  if (width > 2 * size.width || height > 2 * size.height) return `is more than twice the size of ${photo}`;
  return null;
}

export async function judgeSharedFaces(
  shared: SharedFaces,
  current: FaceModelRef,
  fetched: { path: string; isOriginal: boolean },
): Promise<SharedFacesVerdict> {
  const { model } = shared;
  if (model.name !== current.name || model.version !== current.version) {
    return { kind: 'recompute', reason: `found by ${model.name} ${model.version}; this library uses ${current.name} ${current.version}` };
  }
  if (model.dim !== current.dim) return { kind: 'invalid', reason: `${model.dim}-d embeddings; ${current.name} ${current.version} makes ${current.dim}-d` };
  // Boxes are in the original's pixels; a web rendition is smaller.
  if (!fetched.isOriginal) return { kind: 'recompute', reason: 'a web rendition was shared, not the original' };
  if (shared.faces.length === 0) return { kind: 'recompute', reason: 'no faces listed' };
  const size = await orientedSize(fetched.path);
  if (size === null) return { kind: 'recompute', reason: 'the photo size cannot be read' };
  const faces: SharedFace[] = [];
  for (const [index, face] of shared.faces.entries()) {
    if (face.keypoints === undefined || face.quality === undefined) {
      return { kind: 'recompute', reason: 'shared without keypoints and quality (an older Facet)' };
    }
    const [x, y, width, height] = face.box;
    const misfit = boxMisfit(face.box, size);
    if (misfit !== null) return { kind: 'invalid', reason: `face ${index}: box ${face.box.join(',')} ${misfit}` };
    // Keypoints of a face at the edge (an ear) may lie outside the photo, never far from the face.
    const near = ([px, py]: FacePoint) => px >= x - width && px <= x + 2 * width && py >= y - height && py <= y + 2 * height;
    if (face.keypoints.length === 0 || !face.keypoints.every(near)) {
      return { kind: 'invalid', reason: `face ${index}: keypoints missing or far from its box` };
    }
    const embedding = embeddingOf(face.embedding);
    if (!isUnitVector(embedding)) return { kind: 'invalid', reason: `face ${index}: the embedding is not a finite unit vector` };
    faces.push({ box: { x, y, width, height }, keypoints: face.keypoints, score: face.score, quality: face.quality, embedding });
  }
  return { kind: 'use', faces };
}

/** Width and height as displayed, which is how boxes are given. */
async function orientedSize(file: string): Promise<{ width: number; height: number } | null> {
  const meta = await sharp(file)
    .metadata()
    .catch(() => null);
  if (!meta?.width || !meta.height) return null;
  const swapped = (meta.orientation ?? 1) >= 5;
  return swapped ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

/** Float32 little-endian, as the log format defines it (its length was checked against the model's dim). */
function embeddingOf(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

function isUnitVector(embedding: Float32Array): boolean {
  let norm = 0;
  for (const v of embedding) norm += v * v;
  return Number.isFinite(norm) && Math.abs(norm - 1) <= 1e-3;
}
