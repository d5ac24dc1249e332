/**
 * Face detection with BlazeFace: the pack's first detector (full range) on the whole letterboxed
 * photo plus tiles of the photo at finer scales, so small faces in large group photos are found
 * too, merged by weighted NMS; the next detectors (short range) on the whole photo only when
 * nothing was found (it catches the tight face crops the full-range model misses); and, when the
 * pack names one (`closeRange`), large faces from the close-range detector (`withCloseFaces`).
 *
 * Pure: the network and the image resizer come from the caller, so the share viewer runs this very
 * code in the browser (onnxruntime-web) while the desktop runs it with onnxruntime-node and sharp.
 */
import type { DetectorSpec, ModelManifest } from '../../shared/model-manifest';
import type { Detection } from './blazeface';
import { blazeFaceAnchors, KEYPOINTS, ROW } from './blazeface';
import { detectAtScale, EXHAUSTIVE_TILES, levelScales, tileOverlap, type TilePlan } from './detection-tiles';
import type { RawImage } from './raw-image';
import { assertRawImage } from './raw-image';
import { iou, nonMaxSuppression } from './nms';
import type { PixelEncoding } from './tensor';
import { encodingOf } from './tensor';

/** A BlazeFace network behind whatever runs it. */
export interface DetectorModel {
  inputSize: number;
  /** Anchor centres (x, y pairs) in input pixels, in output row order. */
  anchors: Float32Array;
  encoding: PixelEncoding;
  /** 0..255 value of letterbox padding. */
  padValue: number;
  minScore: number;
  /** Largest batch to send at once (1 when the model's batch dimension is fixed). */
  maxBatch: number;
  /** NHWC input of `count` images -> raw rows [count, anchors, 17]. */
  run(input: Float32Array, count: number): Promise<Float32Array>;
}

/** Scales a decoded image to exactly width x height (the desktop uses sharp's default, Lanczos 3). */
export type ResizeImage = (image: RawImage, width: number, height: number) => Promise<RawImage>;

/**
 * The DetectorModel of a manifest entry; `infer` runs the network on NHWC input of `count` images.
 * `preferredBatch` applies when the model's batch dimension is not fixed.
 */
export function detectorModel(spec: DetectorSpec, preferredBatch: number, infer: (input: Float32Array, count: number) => Promise<Float32Array>): DetectorModel {
  const { size, normalization, padValue } = spec.preprocessing;
  const { decoding } = spec;
  if (decoding.scoreIndex !== 0 || decoding.boxIndex !== 1 || decoding.keypointIndex !== 5 || decoding.keypoints.length !== KEYPOINTS) {
    throw new Error(`detector ${spec.file}: only the BlazeFace row layout [score, box, ${KEYPOINTS} keypoints] is supported`);
  }
  const batch = spec.input.shape[0];
  const anchors = blazeFaceAnchors(size, decoding.anchors);
  return {
    inputSize: size,
    anchors,
    encoding: encodingOf(normalization),
    padValue,
    minScore: spec.minScore,
    maxBatch: typeof batch === 'number' ? batch : preferredBatch,
    async run(input, count) {
      const output = await infer(input, count);
      if (output.length !== count * (anchors.length / 2) * ROW) {
        throw new Error(`detector ${spec.file} returned ${output.length} values; its manifest anchors imply ${count * (anchors.length / 2) * ROW}`);
      }
      return output;
    },
  };
}

/** The detector that large faces are taken from (manifest `closeRange`). */
export interface CloseRange {
  model: DetectorModel;
  /** Faces at least this share of the photo's shorter side are its. */
  minFaceShare: number;
}

/** The close-range detector a manifest names, among its detectors' models (in manifest order); null when none. */
export function closeRangeOf(manifest: ModelManifest, detectors: readonly DetectorModel[]): CloseRange | null {
  const closeRange = manifest.closeRange;
  if (closeRange === undefined) return null;
  const index = manifest.detectors.findIndex((d) => d.id === closeRange.detector);
  return { model: detectors[index]!, minFaceShare: closeRange.minFaceShare };
}

/**
 * Where the detector looks: the whole photo letterboxed into the input, plus tiles of the photo at
 * finer scales down to the level where the search's smallest face (SMALLEST_FACE) is its plan's
 * smallest input size (DEFAULT_TILES, EXHAUSTIVE_TILES). On a 12 MP photo 'default' runs 177
 * tiles, ~0.9 s of CPU, and 'small-faces' (the opt-in "find very small faces") 340, ~1.8 s
 * (`npm run bench -- detection` on a loaded machine). 'whole-photo' alone misses faces under ~1/12 of the longer side.
 */
export type FaceSearch = 'whole-photo' | 'default' | 'small-faces';

/** Smallest face width (original pixels) each search tiles for; 0: no tiles. */
export const SMALLEST_FACE: Record<FaceSearch, number> = { 'whole-photo': 0, default: 48, 'small-faces': 24 };

export interface DetectOptions {
  /** Default 'default'. */
  search?: FaceSearch;
  /** The pack's close-range detector, if it has one. */
  closeRange?: CloseRange | null;
  /** Overrides each detector's own score threshold. */
  minScore?: number;
  /** IoU above which detections are merged. Default 0.3. */
  iouThreshold?: number;
}

/** Faces in original pixel coordinates, best score first. */
export async function detectFacesWith(
  resize: ResizeImage,
  image: RawImage,
  detectors: readonly DetectorModel[],
  options: DetectOptions = {},
): Promise<Detection[]> {
  assertRawImage(image);
  const { iouThreshold = 0.3, search = 'default' } = options;
  const found: Detection[] = [];
  for (const [i, detector] of detectors.entries()) {
    // Only the first (full-range) detector tiles; the next ones are fallbacks for tight crops.
    found.push(...(await detectLevels(resize, image, detector, i === 0 ? search : 'whole-photo', options.minScore ?? detector.minScore)));
    if (found.length > 0) break;
  }
  const faces = nonMaxSuppression(found, { iouThreshold, weighted: true });
  return options.closeRange ? withCloseFaces(resize, image, faces, options.closeRange) : faces;
}

/**
 * The default search's tiles: levels owning faces of 22-48 input px, so a 48 px face is seen at 22
 * px, where the full-range model scores it steadily. At 16 px (the exhaustive plan's size, which
 * the default used before) the scores of the same 48-60 px face swing between 0.1 and 0.9 as it
 * moves by a pixel against the 4 px anchor grid; the misses of recall were those (`npm run bench --
 * detection`, README Face detection). The score floor sits in the middle of the range where recall
 * of faces >= 48 px meets 0.98 both on the photos the levels were chosen on and on a held-out set
 * (0.60-0.68); 0.72, chosen on the first set alone, gave 0.973 on the held-out one. It lets in a
 * wristwatch of sample4.jpg (0.70); most other detections it adds are real faces.
 */
export const DEFAULT_TILES: TilePlan = { faceMin: 22, faceMax: 48, minScore: 0.65 };

/**
 * One detector's faces: the whole photo letterboxed into the input, then the tile levels of
 * `search`, each leaving faces below its reliable size to the next finer one.
 */
async function detectLevels(resize: ResizeImage, image: RawImage, detector: DetectorModel, search: FaceSearch, minScore: number): Promise<Detection[]> {
  const plan = search === 'default' ? DEFAULT_TILES : EXHAUSTIVE_TILES;
  const [whole, ...tileScales] = levelScales(image.width, image.height, detector.inputSize, SMALLEST_FACE[search], plan) as [number, ...number[]];
  const finest = tileScales.at(-1);
  const sizeAt = (scale: number): [number, number] => [Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale))];
  // The default search scales its other levels from its finest (a resize of the full photo costs
  // ~20 ms of CPU at 12 MP); 'small-faces' keeps exactly the passes it always made.
  const fine = search === 'default' && finest !== undefined ? await resize(image, ...sizeAt(finest)) : null;
  const scaledAt = async (scale: number) => (fine === null ? undefined : scale === finest ? fine : resize(fine, ...sizeAt(scale)));
  const minFace = finest === undefined ? 0 : plan.faceMin * 0.75;
  const found = await detectAtScale(resize, image, whole, detector, { minFace, maxFace: Infinity, minScore }, { scaled: await scaledAt(whole) });
  const limits = { minFace, maxFace: plan.faceMax * 1.5, minScore: Math.max(minScore, plan.minScore) };
  for (const scale of tileScales) {
    found.push(...(await detectAtScale(resize, image, scale, detector, limits, { overlap: tileOverlap(plan), scaled: await scaledAt(scale) })));
  }
  return found;
}

/**
 * Large faces from the close-range model. The full-range model, made for faces a few metres away,
 * misplaces faces that fill much of its input: a box off to one side, landmarks where the eyes
 * are not, or nothing at all. Measured on tvcast's 150 px face stills (pack v2): verification ROC
 * AUC 0.966 with the full-range faces, 1.000 with the close-range ones; lfw10 0.9999 either way.
 * Faces of at least `minFaceShare` of the photo's shorter side found by the close-range model on
 * the whole photo replace every face they overlap; smaller faces stay the full-range model's (the
 * close-range model finds no small faces, and group photos hold no large ones). A large face the
 * full-range model did not see at all needs CLOSE_NEW_FACE_MIN_SCORE: at the model's own 0.5 a
 * raised hand beside lfw10's Hugo Chavez passes as a face.
 */
const CLOSE_NEW_FACE_MIN_SCORE = 0.7;

async function withCloseFaces(resize: ResizeImage, image: RawImage, faces: Detection[], closeRange: CloseRange): Promise<Detection[]> {
  const minSize = closeRange.minFaceShare * Math.min(image.width, image.height);
  const scale = closeRange.model.inputSize / Math.max(image.width, image.height);
  const limits = { minFace: 0, maxFace: Infinity, minScore: closeRange.model.minScore };
  const close = nonMaxSuppression(
    (await detectAtScale(resize, image, scale, closeRange.model, limits)).filter((d) => Math.max(d.width, d.height) >= minSize),
    { iouThreshold: 0.3, weighted: true },
  );
  const covers = (c: Detection, face: Detection) => iou(face, c) > 0.3 || contains(c, face.x + face.width / 2, face.y + face.height / 2);
  const taken = close.filter((c) => c.score >= CLOSE_NEW_FACE_MIN_SCORE || faces.some((face) => covers(c, face)));
  if (taken.length === 0) return faces;
  return [...taken, ...faces.filter((face) => !taken.some((c) => covers(c, face)))].sort((a, b) => b.score - a.score);
}

function contains(box: Detection, x: number, y: number): boolean {
  return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
}
