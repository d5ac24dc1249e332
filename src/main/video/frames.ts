/** Single frames of a video as the pipeline's decoded pixels: the poster and the frames faces are looked for in. */
import type { DecodedImage } from '../pipeline/decode';
import { assertWithinPixelLimit } from '../pipeline/pixel-limit';
import type { VideoProbe } from './probe';
import { runVideoTool } from './tools';

/**
 * The poster is taken a little way in: first frames are often black or a fade-in. A tenth of the
 * video, at most 3 s in (a short clip's subject is there already).
 */
export function posterTime(durationSeconds: number | null): number {
  return durationSeconds === null ? 0 : Math.min(3, durationSeconds / 10);
}

/**
 * Where faces are looked for: the middles of `count` equal parts of the video, so a clip of
 * several scenes has a frame from each part. Detection per frame costs as much as a photo.
 */
export function faceSampleTimes(durationSeconds: number | null, count = 4): number[] {
  if (durationSeconds === null) return [0];
  return Array.from({ length: count }, (_, i) => roundMs(((i + 0.5) / count) * durationSeconds));
}

function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * The frame shown at `seconds`, turned as the player would turn it (ffmpeg applies the
 * container's rotation), as RGB pixels: at most `longSide` on its long side, or full size.
 * A time past the last frame (a duration the container overstated) gives the first frame.
 */
export async function videoFrame(filePath: string, probe: VideoProbe, seconds: number, longSide: number | null, maxPixels: number): Promise<DecodedImage> {
  assertWithinPixelLimit(probe.width, probe.height, maxPixels);
  const scale = longSide === null ? 1 : Math.min(1, longSide / Math.max(probe.width, probe.height));
  const width = Math.max(1, Math.round(probe.width * scale));
  const height = Math.max(1, Math.round(probe.height * scale));
  const frameBytes = width * height * 3;
  const grab = (at: number) =>
    runVideoTool(
      'ffmpeg',
      // -ss before -i seeks by keyframe and then decodes up to the time: fast and exact. One decoder
      // thread: parallelism comes from the pool's workers, each of which may be running an ffmpeg.
      [
        '-v',
        'error',
        '-nostdin',
        '-threads',
        '1',
        '-ss',
        at.toFixed(3),
        '-i',
        filePath,
        '-frames:v',
        '1',
        '-an',
        '-sn',
        '-vf',
        `scale=${width}:${height}`,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      { timeoutMs: 60_000, maxBytes: frameBytes },
    );
  let pixels = await grab(seconds);
  if (pixels.length === 0 && seconds > 0) pixels = await grab(0);
  if (pixels.length !== frameBytes) {
    throw new Error(pixels.length === 0 ? 'no frame could be decoded' : `a frame came out ${pixels.length} bytes instead of ${frameBytes}`);
  }
  return { pixels, width, height, fullWidth: probe.width, fullHeight: probe.height };
}
