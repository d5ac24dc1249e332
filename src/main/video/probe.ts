/** What ffprobe reads from a video's container: enough to index it without decoding a frame. */
import { runVideoTool } from './tools';

export interface VideoProbe {
  /** Null when neither the container nor the stream records one (some live recordings). */
  durationSeconds: number | null;
  /** Displayed size: the rotation the container asks for is applied. */
  width: number;
  height: number;
  /** Degrees the player turns the picture, as the file's "rotate" tag says them: 0, 90, 180 or 270. */
  rotation: number;
  /** The container's creation time, UTC, as ISO 8601 with +00:00; null when absent or zeroed. */
  createdAt: string | null;
  /** Container format names ffprobe gives, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  format: string;
}

interface ProbedStream {
  codec_type?: string;
  width?: number;
  height?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

interface ProbeOutput {
  streams?: ProbedStream[];
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
}

/** Rejects with ffprobe's own words when the file is not a video it can read. */
export async function probeVideo(filePath: string): Promise<VideoProbe> {
  const output = await runVideoTool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', filePath], {
    timeoutMs: 30_000,
    maxBytes: 4 << 20,
  });
  return readProbe(JSON.parse(output.toString('utf8')) as ProbeOutput);
}

export function readProbe(probe: ProbeOutput): VideoProbe {
  // Cover art in an mp4/mkv is a "video" stream of one picture: never the video itself.
  const stream = probe.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!stream?.width || !stream.height) throw new Error('no video stream with a picture size');
  const rotation = rotationOf(stream);
  const swaps = rotation === 90 || rotation === 270;
  return {
    durationSeconds: positive(probe.format?.duration) ?? positive(stream.duration),
    width: swaps ? stream.height : stream.width,
    height: swaps ? stream.width : stream.height,
    rotation,
    createdAt: creationTime(probe.format?.tags?.creation_time ?? stream.tags?.creation_time),
    format: probe.format?.format_name ?? 'unknown',
  };
}

/**
 * Older ffprobe builds give a "rotate" tag, newer ones a display matrix; this project's ffprobe
 * reports the matrix of a "rotate=90" file as 90 (test/video/probe.test.ts holds it to that).
 */
function rotationOf(stream: ProbedStream): number {
  const matrix = stream.side_data_list?.find((side) => typeof side.rotation === 'number')?.rotation;
  const degrees = matrix ?? Number(stream.tags?.rotate ?? 0);
  const normalized = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return Number.isFinite(normalized) ? normalized : 0;
}

function positive(text: string | undefined): number | null {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

/** Cameras without a clock write the format's epoch (1904 or 1970): that is no date at all. */
function creationTime(text: string | undefined): string | null {
  const time = text === undefined ? NaN : Date.parse(text);
  if (!Number.isFinite(time) || new Date(time).getUTCFullYear() < 1971) return null;
  return new Date(time).toISOString().replace(/\.\d+Z$/, '+00:00');
}
