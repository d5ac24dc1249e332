/** The indexing worker's route for videos: probe, poster derivatives, and faces from sampled frames. */
import { WORKING_LONG_SIDE } from '../pipeline/decode';
import { readStoredDerivatives, storeDerivatives, derivativePaths } from '../pipeline/derivatives';
import { hashOriginal } from '../pipeline/hash';
import { describeFsError } from '../pipeline/original-file';
import { timeStage, type StageTimes } from '../pipeline/stage-times';
import { embedKnownFaces } from '../pipeline/faces';
import { facesNotEnabled, type FaceTask, type ReembedTask, type RenderTask, type WorkerFacts, type WorkerTask } from '../pipeline/task';
import { PipelineError } from '../pipeline/types';
import { type FaceScan, type Reembedded } from '../domain/indexed-file';
import { findVideoFaces } from './faces';
import { posterTime, videoFrame } from './frames';
import { probeVideo, type VideoProbe } from './probe';
import { errorMessage } from '../../shared/error-message';

/**
 * A video that ffprobe or ffmpeg cannot read is reported like a photo that cannot be decoded:
 * stage 'decode', with the tool's own words.
 */
function unreadableVideo(task: WorkerTask): (error: unknown) => never {
  return (error) => {
    throw new PipelineError('decode', task.file.path, `unreadable video (${task.contentType}): ${errorMessage(error)}`);
  };
}

export async function indexVideo(task: WorkerTask, sha256: string, times: StageTimes): Promise<WorkerFacts> {
  const path = task.file.path;
  const unreadable = unreadableVideo(task);
  const probe = await timeStage(times, 'ffprobe', () => probeVideo(path)).catch(unreadable);
  const { thumb, preview } = derivativePaths(task.derivativesDir, sha256);
  const facts = (reused: boolean, faces: FaceScan | null): WorkerFacts => ({
    sha256,
    width: probe.width,
    height: probe.height,
    // A poster's dHash would make a video the near-duplicate of a photo of its first scene.
    dhash: null,
    derivatives: { thumb, preview },
    facesSkippedReason: task.faces === null ? facesNotEnabled : null,
    faces,
    reusedDerivatives: reused,
    stageMs: times,
    video: { durationSeconds: probe.durationSeconds, rotation: probe.rotation, createdAt: probe.createdAt },
  });

  // Content indexed before: its faces are known by content hash, as for photos.
  if (await readStoredDerivatives(task.derivativesDir, sha256)) return facts(true, null);

  const poster = await timeStage(times, 'video poster frame', () =>
    videoFrame(path, probe, posterTime(probe.durationSeconds), WORKING_LONG_SIDE, task.maxPixels),
  ).catch(unreadable);
  await storeDerivatives(task.derivativesDir, sha256, poster, times).catch((error: unknown) => {
    throw new PipelineError('thumbnail', path, `could not write thumbnail: ${describeFsError(error)}`);
  });
  if (task.faces === null) return facts(false, null);
  const input = { filePath: path, probe, sha256, derivativesDir: task.derivativesDir, maxPixels: task.maxPixels };
  const faces = await timeStage(times, 'faces', () => findVideoFaces(input, task.faces!)).catch(unreadable);
  return facts(false, faces);
}

/** Probes an indexed video, refusing it if its content is no longer what was indexed. */
async function probeIndexed(task: RenderTask): Promise<VideoProbe> {
  const { sha256 } = await hashOriginal(task.file, false);
  if (sha256 !== task.sha256) throw new PipelineError('read', task.file.path, 'file content changed since it was indexed');
  return probeVideo(task.file.path).catch(unreadableVideo(task));
}

/** An indexed video's poster derivatives made again (its preview was evicted from the cache). */
export async function renderVideoPosterAgain(task: RenderTask): Promise<void> {
  const probe = await probeIndexed(task);
  const poster = await videoFrame(task.file.path, probe, posterTime(probe.durationSeconds), WORKING_LONG_SIDE, task.maxPixels).catch(unreadableVideo(task));
  await storeDerivatives(task.derivativesDir, task.sha256, poster, {});
}

/** The faces of an indexed video looked for again (its face models had failed to load). */
export async function findVideoFacesAgain(task: FaceTask): Promise<FaceScan> {
  const input = {
    filePath: task.file.path,
    probe: await probeIndexed(task),
    sha256: task.sha256,
    derivativesDir: task.derivativesDir,
    maxPixels: task.maxPixels,
  };
  return findVideoFaces(input, task.faces).catch(unreadableVideo(task));
}

/** New embeddings for a video's known faces (another model), each aligned again in the frame it was found in. */
export async function reembedVideoFaces(task: ReembedTask): Promise<Reembedded> {
  const probe = await probeIndexed(task);
  const embeddings: Float32Array[] = [];
  const qualities: number[] = [];
  let result: Reembedded | null = null;
  for (const seconds of new Set(task.known.map((face) => face.frameSeconds ?? 0))) {
    const frame = await videoFrame(task.file.path, probe, seconds, null, task.maxPixels).catch(unreadableVideo(task));
    const inFrame = task.known.flatMap((face, i) => ((face.frameSeconds ?? 0) === seconds ? [i] : []));
    const frameResult = await embedKnownFaces(
      frame,
      inFrame.map((i) => task.known[i]!),
      task.faces,
      null,
      task.file.path,
    );
    inFrame.forEach((i, k) => {
      embeddings[i] = frameResult.embeddings[k]!;
      qualities[i] = frameResult.qualities[k]!;
    });
    result = frameResult;
  }
  if (result === null) throw new PipelineError('faces', task.file.path, 'no faces to embed again');
  return { embeddings, qualities, model: result.model, provider: result.provider };
}
