import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { listSupportedBackends } from 'onnxruntime-node';
import sharp from 'sharp';
import { MODEL_MANIFEST_FILE, parseModelManifest } from '../../../shared/model-manifest';
import { openEngine } from '../../api/engine';
import { listBackups } from '../../catalog/backups';
import { CatalogUnusableError } from '../../catalog/catalog-errors';
import { libraryLayout, type LibraryLayout } from '../../catalog/layout';
import { openLibraryCatalog, whatRemainsWithoutCatalog } from '../../catalog/library-catalog';
import { NoGoodBackupError, restoreNewestGoodBackup } from '../../catalog/repair';
import { loadFaceModels } from '../../ml/faces';
import { preferredProviders } from '../../ml/session';
import { defaultModelsDir, facePackDir } from '../../pipeline/face-pack';
import { videoToolPath, videoToolVersion, type VideoToolName } from '../../video/tools';
import { callApi, CliError, libraryDirFrom, printJson, type GlobalOptions } from '../context';
import { errorMessage } from '../../../shared/error-message';

interface Check {
  ok: boolean;
  /** What is wrong, in words a user can act on. */
  problem?: string;
}

export interface DoctorReport {
  ok: boolean;
  node: string;
  library: { dir: string; exists: boolean };
  catalog: Check & {
    file: string;
    schemaVersion: number | null;
    backups: { dir: string; count: number; newest: string | null };
  };
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
  /** Posters, frames for faces and video facts (src/main/video/tools.ts). */
  video: Check & { ffmpeg: VideoToolReport | null; ffprobe: VideoToolReport | null };
}

interface VideoToolReport {
  path: string;
  /** The first line of `-version`. */
  version: string;
}

/**
 * `facet doctor`: what this machine runs Facet with, and whether each part works. With --repair,
 * first puts a damaged catalog right (repairCatalog).
 */
export async function doctor(options: GlobalOptions & { json?: boolean; pack?: string; repair?: boolean }): Promise<void> {
  const libraryDir = libraryDirFrom(options);
  if (options.repair) await repairCatalog(libraryLayout(libraryDir), (line) => process.stderr.write(`${line}\n`));
  const report = await diagnose(libraryDir, path.resolve(options.pack ?? facePackDir(defaultModelsDir())));
  if (options.json) printJson(report);
  else process.stdout.write(describe(report));
  if (!report.ok) process.exitCode = 1;
}

export async function diagnose(libraryDir: string, packDir: string): Promise<DoctorReport> {
  const modelPack = await verifyPack(packDir);
  const [executionProviders, exiftool, heic, video] = await Promise.all([
    probeProviders(packDir, modelPack.ok),
    probeExiftool(),
    probeHeic(),
    probeVideoTools(),
  ]);
  const catalog = checkCatalog(libraryLayout(libraryDir));
  return {
    ok: catalog.ok && modelPack.ok && executionProviders.ok && exiftool.ok && heic.ok && video.ok,
    node: process.versions.node,
    library: { dir: libraryDir, exists: existsSync(libraryDir) },
    catalog,
    modelPack,
    executionProviders,
    exiftool,
    sharp: { sharp: sharp.versions.sharp ?? 'unknown', libvips: sharp.versions.vips },
    heic,
    video,
  };
}

/**
 * Restores the newest good backup when the catalog is damaged or emptied, then indexes every
 * source again: files changed or added since the backup are indexed, unchanged ones skipped,
 * while names, merges, events and guests come back as the backup holds them.
 */
export async function repairCatalog(layout: LibraryLayout, say: (line: string) => void): Promise<void> {
  try {
    openLibraryCatalog(layout).close();
    say('The catalog passed its check: nothing to repair.');
    return;
  } catch (error) {
    if (!(error instanceof CatalogUnusableError)) throw error;
    say(error.message);
  }
  let restored;
  try {
    restored = restoreNewestGoodBackup(layout);
  } catch (error) {
    if (error instanceof NoGoodBackupError) throw new CliError(`cannot repair: ${error.message}`);
    throw error;
  }
  for (const skip of restored.skipped) say(`Passed over the backup ${skip.file}: ${skip.problem}`);
  say(`Restored the backup taken ${restored.backup.takenAt.toISOString()} (${restored.backup.file}).`);
  if (restored.damagedCopy !== null) say(`The damaged catalog is kept as ${restored.damagedCopy}.`);
  say('Indexing what changed since the backup...');
  const engine = await openEngine({ libraryDir: layout.libraryDir });
  try {
    await engine.indexAll();
    const status = await callApi(engine, 'getStatus', {});
    await engine.backUpCatalog();
    say(`Repaired: ${status.photos} photos, ${status.videos} videos, ${status.faces} faces in ${status.sources} sources.`);
  } finally {
    await engine.close();
  }
}

function checkCatalog(layout: LibraryLayout): DoctorReport['catalog'] {
  const backups = listBackups(layout.backupsDir);
  const known = {
    file: layout.catalogFile,
    backups: { dir: layout.backupsDir, count: backups.length, newest: backups[0]?.takenAt.toISOString() ?? null },
  };
  if (!existsSync(layout.catalogFile)) {
    // Never create a catalog just to look at it.
    const remains = whatRemainsWithoutCatalog(layout);
    const problem = remains && `${layout.catalogFile} is missing but ${remains}; \`facet doctor --repair\` restores the newest backup`;
    return { ok: problem === null, ...(problem !== null && { problem }), ...known, schemaVersion: null };
  }
  try {
    const catalog = openLibraryCatalog(layout);
    const schemaVersion = catalog.schemaVersion;
    catalog.close();
    return { ok: true, ...known, schemaVersion };
  } catch (error) {
    return { ok: false, problem: message(error), ...known, schemaVersion: null };
  }
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

/** Runs each binary the npm packages ship for this platform: present is not enough, it must execute. */
async function probeVideoTools(): Promise<DoctorReport['video']> {
  const report = async (name: VideoToolName): Promise<VideoToolReport | string> => {
    try {
      return { path: videoToolPath(name), version: await videoToolVersion(name) };
    } catch (error) {
      return message(error);
    }
  };
  const [ffmpeg, ffprobe] = await Promise.all([report('ffmpeg'), report('ffprobe')]);
  const problems = [ffmpeg, ffprobe].filter((tool): tool is string => typeof tool === 'string');
  return {
    ok: problems.length === 0,
    ...(problems.length > 0 && { problem: `videos cannot be indexed: ${problems.join('; ')}` }),
    ffmpeg: typeof ffmpeg === 'string' ? null : ffmpeg,
    ffprobe: typeof ffprobe === 'string' ? null : ffprobe,
  };
}

function describe(report: DoctorReport): string {
  const mark = (check: Check) => (check.ok ? 'ok' : `PROBLEM: ${check.problem}`);
  const pack = report.modelPack;
  const ep = report.executionProviders;
  return [
    `Node.js          ${report.node}`,
    `Library          ${report.library.dir}${report.library.exists ? '' : ' (not created yet)'}`,
    `Catalog          ${report.catalog.file}` +
      (report.catalog.schemaVersion === null ? '' : ` (schema ${report.catalog.schemaVersion})`) +
      `; ${report.catalog.backups.count} backups in ${report.catalog.backups.dir}` +
      (report.catalog.backups.newest ? `, newest ${report.catalog.backups.newest}` : '') +
      `: ${mark(report.catalog)}`,
    `Model pack       ${pack.dir}`,
    `                 ${pack.name ?? '?'} ${pack.version ?? '?'}: ${pack.files.map((f) => `${f.file} ${f.sha256Verified ? 'verified' : 'NOT verified'}`).join(', ')}: ${mark(pack)}`,
    `Providers        available ${ep.available.join(', ')}` +
      (ep.notInstalled.length ? ` (not installed: ${ep.notInstalled.join(', ')})` : '') +
      `; tried here ${ep.preferred.join(', ')}; in use ${ep.inUse ?? 'none'}: ${mark(ep)}`,
    `exiftool         ${report.exiftool.version ?? '?'}: ${mark(report.exiftool)}`,
    `sharp            ${report.sharp.sharp} (libvips ${report.sharp.libvips})`,
    `HEIC             ${report.heic.decoder}: ${mark(report.heic)}`,
    `ffmpeg           ${report.video.ffmpeg ? `${report.video.ffmpeg.version} (${report.video.ffmpeg.path})` : 'none'}`,
    `ffprobe          ${report.video.ffprobe ? `${report.video.ffprobe.version} (${report.video.ffprobe.path})` : 'none'}: ${mark(report.video)}`,
    report.ok ? 'All checks passed.' : 'Some checks failed (see above).',
    '',
  ].join('\n');
}

function message(error: unknown): string {
  return errorMessage(error);
}
