/** The clips the video tests index: real files made with ffmpeg, one per container the library takes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testClip, type TestClipOptions } from '../fixtures';
import { groupPhoto } from '../faces/helpers';

export const clipCreatedAt = new Date('2022-08-14T09:30:00Z');

export const patternClips: Record<string, TestClipOptions> = {
  'pattern.mp4': { durationSeconds: 5, width: 1280, height: 720, createdAt: clipCreatedAt },
  'portrait.mp4': { durationSeconds: 2, width: 640, height: 360, rotate: 90 },
  'pattern.mov': { durationSeconds: 2, width: 640, height: 360, container: 'mov' },
  'pattern.m4v': { durationSeconds: 2, width: 640, height: 360 },
  'pattern.webm': { durationSeconds: 2, width: 640, height: 360, container: 'webm' },
  'pattern.mkv': { durationSeconds: 2, width: 640, height: 360, container: 'mkv' },
  'pattern.avi': { durationSeconds: 2, width: 640, height: 360, container: 'avi' },
  // H.263 takes only its standard picture sizes (QCIF here).
  'pattern.3gp': { durationSeconds: 2, width: 176, height: 144, container: '3gp' },
};

/** A group photo of @vladmandic/face-api's demo held for 4 s: its people, in a video. */
export const faceClip: TestClipOptions = { durationSeconds: 4, width: 960, height: 640, stillImage: groupPhoto(1), fps: 5 };

export function writeClip(dir: string, name: string, options: TestClipOptions): string {
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, testClip(options));
  return file;
}

/** The start of a real clip: a container ffprobe may still name, with frames cut off mid-stream. */
export function writeTruncatedClip(dir: string, name: string): string {
  const whole = testClip({ durationSeconds: 2, width: 320, height: 240, container: 'mkv' });
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, whole.subarray(0, 600));
  return file;
}

/** An MP4 signature (ftyp) followed by noise: detected as a video, readable by no decoder. */
export function writeNoiseMp4(dir: string, name: string): string {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2', 'latin1')]);
  const noise = Buffer.alloc(20_000);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, Buffer.concat([ftyp, noise]));
  return file;
}
