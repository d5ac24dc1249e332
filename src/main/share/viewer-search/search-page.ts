/**
 * Selfie search inside a share package, in the guest's browser: the desktop's own detection,
 * alignment and tensor code (src/main/ml, bundled into search.js) run by onnxruntime-web on one
 * WebAssembly thread, over the models and embeddings the host exported. Nothing leaves the page:
 * the selfie is decoded from the dropped file, and every input comes from scripts of the package.
 */
import * as ort from 'onnxruntime-web/wasm';
import type { ModelManifest } from '../../../shared/model-manifest';
import { detectFacesWith, detectorModel, closeRangeOf, type DetectorModel, type CloseRange } from '../../ml/face-detection';
import { recognizerModel, type Recognizer } from '../../ml/face-recognition';
import type { Box, RawImage } from '../../ml/raw-image';
import type { ManifestBiometrics } from '../manifest';
import { modelsGlobal, runtimeGlobal, searchApiGlobal, type SearchModelsGlobal, type SearchRuntimeGlobal } from './contract';
import { lanczosResize } from './lanczos-resize';
import { decodeEmbedding, rankPhotos, type PackageFace, type PhotoMatch } from './rank';

interface PackageWindow {
  FACET_MANIFEST?: { biometrics?: ManifestBiometrics };
  [runtimeGlobal]?: SearchRuntimeGlobal;
  [modelsGlobal]?: SearchModelsGlobal;
}

export interface SelfieResult {
  /** Faces found in the selfie, largest first; the largest is the query. */
  faces: Box[];
  /**
   * The largest face's embedding (L2-normalized), null without a face: the query the desktop would
   * make of the same selfie, exposed so the package's search can be held to it (test/share-search).
   */
  embedding: Float32Array | null;
  matches: PhotoMatch[];
  timings: { detectEmbedMs: number; searchMs: number };
}

interface Engine {
  detectors: DetectorModel[];
  closeRange: CloseRange | null;
  recognizer: Recognizer;
  faces: PackageFace[];
  threshold: number;
}

let engine: Promise<Engine> | null = null;

/** Loads the runtime and the models once; later calls share them. */
export function ready(): Promise<void> {
  engine ??= load().catch((error: unknown) => {
    engine = null;
    throw error;
  });
  return engine.then(() => undefined);
}

/** The photos of this package the person in `file` (a selfie) is in, best first. */
export async function findPhotos(file: Blob): Promise<SelfieResult> {
  await ready();
  const { detectors, closeRange, recognizer, faces, threshold } = await engine!;
  const started = performance.now();
  const image = await decodeImage(file);
  const detections = (await detectFacesWith(lanczosResize, image, detectors, { closeRange })).sort((a, b) => b.width * b.height - a.width * a.height);
  if (detections.length === 0) return { faces: [], embedding: null, matches: [], timings: { detectEmbedMs: performance.now() - started, searchMs: 0 } };
  const [query] = await recognizer.embed([recognizer.align(image, detections[0]!.keypoints)]);
  const detectEmbedMs = performance.now() - started;
  const searchStarted = performance.now();
  const matches = rankPhotos(query!, faces, threshold);
  return {
    faces: detections.map(({ x, y, width, height }) => ({ x, y, width, height })),
    embedding: query!,
    matches,
    timings: { detectEmbedMs, searchMs: performance.now() - searchStarted },
  };
}

async function load(): Promise<Engine> {
  const page = window as unknown as PackageWindow;
  const biometrics = page.FACET_MANIFEST?.biometrics;
  const runtime = page[runtimeGlobal];
  const models = page[modelsGlobal];
  if (!biometrics || !runtime || !models) throw new Error('this package does not include selfie search');
  if (models.modelVersion !== biometrics.model) {
    throw new Error(`the package's faces were embedded by ${biometrics.model}, its models are ${models.modelVersion}`);
  }
  // One thread, no proxy worker: a file:// page can start neither module workers nor shared memory.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = await gunzip(runtime.wasmGzipBase64);
  const manifest: ModelManifest = models.manifest;
  const session = async (file: string) => {
    const data = models.files[file];
    if (data === undefined) throw new Error(`the package lacks the model file ${file}`);
    return ort.InferenceSession.create(await gunzip(data), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  };
  const detectors = await Promise.all(
    manifest.detectors.map(async (spec) => {
      const s = await session(spec.file);
      const size = spec.preprocessing.size;
      return detectorModel(spec, 1, async (input, count) => {
        const feeds = { [spec.input.name]: new ort.Tensor('float32', input, [count, size, size, 3]) };
        return (await s.run(feeds, [spec.decoding.output.name]))[spec.decoding.output.name]!.data as Float32Array;
      });
    }),
  );
  const spec = manifest.recognizer;
  const r = await session(spec.file);
  const recognizer = recognizerModel(spec, manifest.detectors[0]!.decoding.keypoints, 1, async (input, dims) => {
    const feeds = { [spec.input.name]: new ort.Tensor('float32', input, dims) };
    return (await r.run(feeds, [spec.output.name]))[spec.output.name]!.data as Float32Array;
  });
  const faces = biometrics.faces.map((face) => ({ photo: face.photo, embedding: decodeEmbedding(face.embedding, biometrics.dim) }));
  return { detectors, closeRange: closeRangeOf(manifest, detectors), recognizer, faces, threshold: models.similarityThreshold };
}

async function gunzip(base64: string): Promise<Uint8Array> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decoded, EXIF-oriented 8-bit RGB, as sharp hands it to the desktop pipeline. */
async function decodeImage(file: Blob): Promise<RawImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
  } catch {
    throw new Error('this file is not an image the browser can read');
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  return { data: rgb, width: canvas.width, height: canvas.height, channels: 3 };
}

(window as unknown as Record<string, unknown>)[searchApiGlobal] = { ready, findPhotos };
