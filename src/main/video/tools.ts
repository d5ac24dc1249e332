/**
 * ffmpeg and ffprobe come from npm packages that carry one binary per platform
 * (@ffmpeg-installer/*, @ffprobe-installer/*), so `npm ci` needs no other download.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { errorMessage } from '../../shared/error-message';

export type VideoToolName = 'ffmpeg' | 'ffprobe';

const packages: Record<VideoToolName, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/** The packages throw at load time on a platform they carry no binary for: remember why. */
const located = new Map<VideoToolName, { path: string } | { problem: string }>();

/** Absolute path of the tool's binary; throws with a reason a user can act on when there is none. */
export function videoToolPath(name: VideoToolName): string {
  let found = located.get(name);
  if (!found) {
    try {
      const { path } = createRequire(import.meta.url)(packages[name]) as { path: string };
      // A packaged app cannot execute from inside its asar archive (electron-builder.yml unpacks these).
      found = { path: path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2') };
    } catch (error) {
      found = { problem: `${name} is not available (${packages[name]}): ${errorMessage(error)}` };
    }
    located.set(name, found);
  }
  if ('problem' in found) throw new Error(found.problem);
  return found.path;
}

export interface RunOptions {
  /** Killed after this long: a damaged file must not stall an indexing worker. */
  timeoutMs: number;
  /** Refuse more output than this (a raw frame is known in advance). */
  maxBytes: number;
}

/** Runs the tool and resolves with its stdout; rejects with the last line it wrote to stderr. */
export function runVideoTool(name: VideoToolName, args: readonly string[], options: RunOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(videoToolPath(name), args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let failure: string | null = null;
    const stop = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`${name} took longer than ${Math.round(options.timeoutMs / 1000)} s`), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) stop(`${name} wrote more than the ${options.maxBytes} bytes expected`);
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} did not start: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure === null && code === 0) return resolve(Buffer.concat(chunks));
      const said = stderr.trim().split('\n').at(-1)?.trim();
      reject(new Error(failure ?? (said || `${name} exited with code ${code}`)));
    });
  });
}

/** The first line of `<tool> -version` without its copyright, e.g. "ffmpeg version N-47683-g0e8eb07980-static https://...". */
export async function videoToolVersion(name: VideoToolName): Promise<string> {
  const output = await runVideoTool(name, ['-version'], { timeoutMs: 15_000, maxBytes: 1 << 20 });
  return output
    .toString('utf8')
    .split('\n')[0]!
    .replace(/\s+Copyright.*$/, '')
    .trim();
}
