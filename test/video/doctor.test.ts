/** `facet doctor` names the ffmpeg and ffprobe it runs: the binaries of the npm packages, executed for real. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/main/cli/commands/doctor';
import { repoRoot } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';

const run = promisify(execFile);
const temp = makeTempDir('video-doctor');
afterAll(() => temp.cleanup());

const doctor = (...args: string[]) =>
  run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), '--library', path.join(temp.dir, 'library'), 'doctor', ...args], { cwd: repoRoot });

describe('facet doctor: video tools', () => {
  it('reports ffmpeg and ffprobe from @ffmpeg-installer / @ffprobe-installer with their versions', async () => {
    const report = JSON.parse((await doctor('--json')).stdout) as DoctorReport;
    expect(report.video.ok).toBe(true);
    expect(report.video.ffmpeg?.path).toContain(path.join('node_modules', '@ffmpeg-installer'));
    expect(report.video.ffprobe?.path).toContain(path.join('node_modules', '@ffprobe-installer'));
    expect(report.video.ffmpeg?.version).toMatch(/^ffmpeg version /);
    expect(report.video.ffprobe?.version).toMatch(/^ffprobe version /);
  }, 60_000);

  it('says so in its text report', async () => {
    const { stdout } = await doctor();
    expect(stdout).toMatch(/^ffmpeg {11}ffmpeg version .+\(.+@ffmpeg-installer.+\)$/m);
    expect(stdout).toMatch(/^ffprobe {10}ffprobe version .+: ok$/m);
  }, 60_000);
});
