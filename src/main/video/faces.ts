/**
 * People in a video: faces are looked for in a few frames spread over it (video/frames.ts), and
 * each person is kept once, from the frame where their face was best, with that frame's time.
 */
import { unlink } from 'node:fs/promises';
import { cosineDistance } from '../people/neighbours';
import { readFacePack } from '../pipeline/face-pack';
import { findFaces } from '../pipeline/faces';
import type { FaceConfig } from '../pipeline/task';
import type { FaceScan, FoundFace } from '../domain/indexed-file';
import { faceSampleTimes, videoFrame } from './frames';
import type { VideoProbe } from './probe';

export interface VideoFaceInput {
  filePath: string;
  probe: VideoProbe;
  sha256: string;
  derivativesDir: string;
  maxPixels: number;
}

export async function findVideoFaces(input: VideoFaceInput, config: FaceConfig): Promise<FaceScan> {
  const found: FoundFace[] = [];
  let scan: FaceScan | null = null;
  for (const seconds of faceSampleTimes(input.probe.durationSeconds)) {
    // Full size: the tiled detection finds small faces only in full-resolution pixels.
    const frame = await videoFrame(input.filePath, input.probe, seconds, null, input.maxPixels);
    // Thumbnail names follow the face's place among all frames' faces, so no frame overwrites another's.
    scan = await findFaces(frame, input.sha256, input.derivativesDir, config, null, found.length);
    if (scan.state !== 'done') return scan;
    found.push(...scan.faces.map((face) => ({ ...face, frameSeconds: seconds })));
  }
  if (scan?.state !== 'done') return { state: 'error', reason: 'no frame was looked at' };
  const sameFace = (await readFacePack(config.packDir)).recognizer.tuning.clustering.attachDistance;
  const kept = oncePerPerson(found, sameFace);
  await Promise.all(found.filter((face) => !kept.includes(face)).map((face) => unlink(face.thumb.path).catch(() => undefined)));
  return { ...scan, faces: kept };
}

/**
 * Best face first; a face within `sameFace` (cosine distance) of a kept face from another frame
 * is the same person seen again. Faces of one frame are always different people.
 */
export function oncePerPerson(faces: readonly FoundFace[], sameFace: number): FoundFace[] {
  const kept: FoundFace[] = [];
  for (const face of [...faces].sort((a, b) => b.quality - a.quality)) {
    const seen = kept.some((k) => k.frameSeconds !== face.frameSeconds && cosineDistance(k.embedding, face.embedding) <= sameFace);
    if (!seen) kept.push(face);
  }
  // Stored in the order they appear in the video.
  return kept.sort((a, b) => (a.frameSeconds ?? 0) - (b.frameSeconds ?? 0));
}
