import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/main/cli/commands/doctor';
import type { VerifyReport } from '../../src/main/ml/eval/verify';
import { copyPack, hasLfw10, lfw10, repoRoot, tempDir } from './helpers';

const run = promisify(execFile);

async function facet(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), ...args], {
      cwd: repoRoot,
      maxBuffer: 10 << 20,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

let root: string;
beforeAll(async () => {
  root = await tempDir('cli');
});
afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

describe.skipIf(!hasLfw10)('facet eval verify', { tags: ['datasets'] }, () => {
  it('scores every pair of a folder of person folders and prints JSON', async () => {
    const { stdout, code } = await facet('eval', 'verify', lfw10);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as VerifyReport;
    console.log(`facet eval verify lfw10: ${JSON.stringify(report)}`);
    expect(report).toMatchObject({ images: 100, facesFound: 100, pairs: { same: 450, different: 4500 }, provider: 'cpu' });
    expect(report.rocAuc).toBeGreaterThanOrEqual(0.98);
  });

  it('scores the pairs of a CSV, relative to --root', async () => {
    const people = (await fs.readdir(lfw10)).sort().slice(0, 2);
    const [a, b] = await Promise.all(people.map(async (p) => (await fs.readdir(path.join(lfw10, p))).sort().map((f) => `${p}/${f}`)));
    const csv = path.join(root, 'pairs.csv');
    const rows = [`${a![0]},${a![1]},Yes`, `${b![0]},${b![1]},Yes`, `${a![0]},${b![0]},No`, `${a![1]},${b![1]},No`];
    await fs.writeFile(csv, ['file_x,file_y,Decision', ...rows].join('\n'));
    const { stdout, code } = await facet('eval', 'verify', '--pairs', csv, '--root', lfw10);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as VerifyReport;
    expect(report).toMatchObject({ images: 4, pairs: { same: 2, different: 2 }, pairsWithoutFace: 0, rocAuc: 1 });
  });
});

describe('facet doctor', () => {
  it('reports the versions in use and a verified model pack running on the CPU', async () => {
    const { stdout, code } = await facet('--library', path.join(root, 'library'), 'doctor', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.node).toBe(process.versions.node);
    expect(report.library).toEqual({ dir: path.join(root, 'library'), exists: false });
    expect(report.modelPack.files.map((f) => f.sha256Verified)).toEqual([true, true, true]);
    expect(report.executionProviders).toMatchObject({ ok: true, inUse: 'cpu' });
    expect(report.executionProviders.available).toContain('cpu');
    expect(report.exiftool.version).toMatch(/^\d+\.\d+/);
    expect(report.sharp.libvips).toMatch(/^\d+\.\d+/);
    expect(report.heic.ok).toBe(true);
  });

  it('names the damaged model file and exits non-zero', async () => {
    const pack = await copyPack(path.join(root, 'broken-pack'), { damage: 'detector-short.onnx' });
    const { stdout, code } = await facet('doctor', '--json', '--pack', pack);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(report.modelPack.problem).toContain(path.join(pack, 'detector-short.onnx'));
    expect(report.executionProviders.inUse).toBeNull();
  });
});
