import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { listSupportedBackends } from 'onnxruntime-node';
import sharp from 'sharp';
import { MODEL_MANIFEST_FILE, parseModelManifest } from '../../../shared/model-manifest';
import { loadFaceModels } from '../../ml/faces';
import { preferredProviders } from '../../ml/session';
import { defaultModelsDir, facePackDir } from '../../pipeline/face-pack';
import { libraryDirFrom, printJson, type GlobalOptions } from '../context';

interface Check {
  ok: boolean;
  /** What is wrong, in words a user can act on. */
  problem?: string;
}

export interface DoctorReport {
  ok: boolean;
  node: string;
  library: { dir: string; exists: boolean };
  modelPack: Check & {
    dir: string;
    name?: string;
    version?: string;
    files: { file: string; bytes: number; sha256Verified: boolean }[];
  };
  executionProviders: Check & {
    /** Shipped with this onnxruntime-node build. */
    available: string[];
    /** Supported by the build but needing a separate download (e.g. cuda: `npm run install:cuda`). */
    notInstalled: string[];
    /** What Facet tries here, best first. */
    preferred: string[];
    inUse: string | null;
  };
  exiftool: Check & { version: string | null };
  sharp: { sharp: string; libvips: string };
  heic: Check & { decoder: string };
}

/** `facet doctor`: what this machine runs Facet with, and whether each part works. */
export async function doctor(options: GlobalOptions & { json?: boolean; pack?: string }): Promise<void> {
  const report = await diagnose(libraryDirFrom(options), path.resolve(options.pack ?? facePackDir(defaultModelsDir())));
  if (options.json) printJson(report);
  else process.stdout.write(describe(report));
  if (!report.ok) process.exitCode = 1;
}

export async function diagnose(libraryDir: string, packDir: string): Promise<DoctorReport> {
  const modelPack = await verifyPack(packDir);
  const [executionProviders, exiftool, heic] = await Promise.all([
    probeProviders(packDir, modelPack.ok),
    probeExiftool(),
    probeHeic(),
  ]);
  return {
    ok: modelPack.ok && executionProviders.ok && exiftool.ok && heic.ok,
    node: process.versions.node,
    library: { dir: libraryDir, exists: existsSync(libraryDir) },
    modelPack,
    executionProviders,
    exiftool,
    sharp: { sharp: sharp.versions.sharp ?? 'unknown', libvips: sharp.versions.vips },
    heic,
  };
}

async function verifyPack(dir: string): Promise<DoctorReport['modelPack']> {
  const files: DoctorReport['modelPack']['files'] = [];
  try {
    const manifestPath = path.join(dir, MODEL_MANIFEST_FILE);
    const manifest = parseModelManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
    const problems: string[] = [];
    for (const model of [...manifest.detectors, manifest.recognizer]) {
      const file = path.join(dir, model.file);
      const data = await readFile(file).catch(() => null);
      const verified = data !== null && createHash('sha256').update(data).digest('hex') === model.sha256;
      files.push({ file: model.file, bytes: data?.length ?? 0, sha256Verified: verified });
      if (!verified) problems.push(`${file} ${data === null ? 'is missing' : 'does not match its manifest sha256'}`);
    }
    const check = problems.length === 0 ? { ok: true } : { ok: false, problem: problems.join('; ') };
    return { ...check, dir, name: manifest.name, version: manifest.version, files };
  } catch (error) {
    return { ok: false, problem: message(error), dir, files };
  }
}

/** Opens the pack's models for real: the provider in use is the one that loaded them. */
async function probeProviders(packDir: string, packOk: boolean): Promise<DoctorReport['executionProviders']> {
  const backends = listSupportedBackends();
  const preferred = preferredProviders();
  const known = {
    available: backends.filter((b) => b.bundled || preferred.includes(b.name)).map((b) => b.name),
    notInstalled: backends.filter((b) => !b.bundled && !preferred.includes(b.name)).map((b) => b.name),
    preferred,
  };
  if (!packOk) return { ok: false, problem: 'no usable model pack to load', ...known, inUse: null };
  try {
    const models = await loadFaceModels(packDir, { threads: 1 });
    return { ok: true, ...known, inUse: models.provider };
  } catch (error) {
    return { ok: false, problem: message(error), ...known, inUse: null };
  }
}

async function probeExiftool(): Promise<DoctorReport['exiftool']> {
  const exiftool = new ExifTool({ maxProcs: 1 });
  try {
    return { ok: true, version: await exiftool.version() };
  } catch (error) {
    return { ok: false, problem: `exiftool (needs Perl) did not start: ${message(error)}`, version: null };
  } finally {
    await exiftool.end();
  }
}

/** sharp's libvips carries no HEVC decoder, so HEIC photos go through libheif compiled to wasm. */
async function probeHeic(): Promise<DoctorReport['heic']> {
  let decoder = 'libheif-js (wasm)';
  try {
    const pkg = createRequire(import.meta.url)('libheif-js/package.json') as { version: string };
    decoder = `libheif-js ${pkg.version} (wasm)`;
    const libheif = (await import('libheif-js/wasm-bundle')) as { default: { HeifDecoder: new () => unknown } };
    new libheif.default.HeifDecoder();
    return { ok: true, decoder };
  } catch (error) {
    return { ok: false, problem: `HEIC decoder did not load: ${message(error)}`, decoder };
  }
}

function describe(report: DoctorReport): string {
  const mark = (check: Check) => (check.ok ? 'ok' : `PROBLEM: ${check.problem}`);
  const pack = report.modelPack;
  const ep = report.executionProviders;
  return [
    `Node.js          ${report.node}`,
    `Library          ${report.library.dir}${report.library.exists ? '' : ' (not created yet)'}`,
    `Model pack       ${pack.dir}`,
    `                 ${pack.name ?? '?'} ${pack.version ?? '?'}: ${pack.files.map((f) => `${f.file} ${f.sha256Verified ? 'verified' : 'NOT verified'}`).join(', ')}: ${mark(pack)}`,
    `Providers        available ${ep.available.join(', ')}` +
      (ep.notInstalled.length ? ` (not installed: ${ep.notInstalled.join(', ')})` : '') +
      `; tried here ${ep.preferred.join(', ')}; in use ${ep.inUse ?? 'none'}: ${mark(ep)}`,
    `exiftool         ${report.exiftool.version ?? '?'}: ${mark(report.exiftool)}`,
    `sharp            ${report.sharp.sharp} (libvips ${report.sharp.libvips})`,
    `HEIC             ${report.heic.decoder}: ${mark(report.heic)}`,
    report.ok ? 'All checks passed.' : 'Some checks failed (see above).',
    '',
  ].join('\n');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
