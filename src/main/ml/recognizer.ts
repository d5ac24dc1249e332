/** Face recognition on the desktop: the pure recognizer of face-recognition.ts run by onnxruntime-node. */
import * as ort from 'onnxruntime-node';
import type { FaceLandmark, RecognizerSpec } from '../../shared/model-manifest';
import type { Recognizer } from './face-recognition';
import { recognizerModel } from './face-recognition';

export type { Recognizer } from './face-recognition';
export { cosineSimilarity, l2Normalize } from './face-recognition';

/** Faces per inference call: one at a time is fastest on a CPU thread (measured 16.6 vs 18.5 ms at 4). */
const CPU_BATCH = 1;
const ACCELERATOR_BATCH = 8;

/**
 * `detectorKeypoints` names the detector's keypoints in order, so the manifest's alignment
 * landmarks can be picked out of them.
 */
export function onnxRecognizer(spec: RecognizerSpec, session: ort.InferenceSession, provider: string, detectorKeypoints: readonly FaceLandmark[]): Recognizer {
  return recognizerModel(spec, detectorKeypoints, provider === 'cpu' ? CPU_BATCH : ACCELERATOR_BATCH, async (input, dims) => {
    const feeds = { [spec.input.name]: new ort.Tensor('float32', input, dims) };
    return (await session.run(feeds, [spec.output.name]))[spec.output.name]!.data as Float32Array;
  });
}
