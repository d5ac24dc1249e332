/**
 * The files that make a package's selfie search work, written only when the host opted in:
 * onnxruntime-web's WebAssembly binary, the face model pack, and search.js (the browser pipeline,
 * bundled from viewer-search/search-page.ts and the desktop's own src/main/ml code), each a
 * classic script setting a global, because a page opened from file:// may load nothing else.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { MODEL_MANIFEST_FILE, parseModelManifest } from '../../shared/model-manifest';
import { makeFolders } from '../fs/destination';
import { matchConfidence, similarityAt } from '../search/calibration';
import { modelsGlobal, runtimeGlobal, searchFiles, type SearchModelsGlobal, type SearchRuntimeGlobal } from './viewer-search/contract';

const gzipAsync = promisify(gzip);

/** The search entry, bundled as one IIFE script. */
const searchEntry = fileURLToPath(new URL('./viewer-search/search-page.ts', import.meta.url));

export interface SearchRuntimeOptions {
  /** Face model pack folder whose models made the library's embeddings. */
  packDir: string;
  /** `${name}-v${version}` of that pack, as the embeddings record it. */
  modelVersion: string;
}

/** Writes search/runtime.js, search/models.js and search/search.js into a package folder. */
export async function writeSearchRuntime(packageDir: string, options: SearchRuntimeOptions): Promise<void> {
  const target = (rel: string) => path.join(packageDir, ...rel.split('/'));
  await makeFolders(path.dirname(target(searchFiles.script)));
  const wasm = await readFile(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  const runtime: SearchRuntimeGlobal = { wasmGzipBase64: await gzipBase64(wasm) };
  await writeFile(target(searchFiles.runtime), globalScript(runtimeGlobal, runtime));

  const manifestPath = path.join(options.packDir, MODEL_MANIFEST_FILE);
  const manifest = parseModelManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
  const packVersion = `${manifest.name}-v${manifest.version}`;
  if (packVersion !== options.modelVersion) {
    throw new Error(`the face models in ${options.packDir} are ${packVersion}; the library's faces were embedded by ${options.modelVersion}`);
  }
  const files: Record<string, string> = {};
  for (const model of [...manifest.detectors, manifest.recognizer]) {
    const file = path.join(options.packDir, model.file);
    const data = await readFile(file);
    if (createHash('sha256').update(data).digest('hex') !== model.sha256) throw new Error(`face model file ${file} does not match its manifest sha256`);
    files[model.file] = await gzipBase64(data);
  }
  // The desktop's match rule for this model: a face matches when it is more likely than not the person.
  const similarityThreshold = similarityAt(manifest.recognizer.tuning.similarity, matchConfidence);
  const models: SearchModelsGlobal = { manifest, modelVersion: options.modelVersion, similarityThreshold, files };
  await writeFile(target(searchFiles.models), globalScript(modelsGlobal, models));
  await writeFile(target(searchFiles.script), await searchScript());
}

/**
 * gzip -9 of the wasm and the models takes seconds; the packages of one process (export for
 * everyone, the size estimate's sample packages, exporting again) share it. Keyed by content, so a
 * changed file is compressed again.
 */
const compressed = new Map<string, Promise<string>>();

function gzipBase64(data: Buffer): Promise<string> {
  const key = createHash('sha256').update(data).digest('hex');
  let result = compressed.get(key);
  if (result === undefined) {
    result = gzipAsync(data, { level: 9 }).then((gzipped) => gzipped.toString('base64'));
    result.catch(() => compressed.delete(key));
    compressed.set(key, result);
  }
  return result;
}

function globalScript(name: string, value: unknown): string {
  return `window.${name} = ${JSON.stringify(value).replace(/</g, '\\u003c')};\n`;
}

/** Where electron-vite's build leaves search.js: beside the bundled main process (see electron.vite.config.ts). */
export const prebuiltSearchScriptName = 'share-viewer-search.js';

let built: Promise<string> | null = null;

/**
 * search.js: prebuilt beside the bundle in the Electron app; built from the TypeScript sources,
 * once per process, when running from source (tsx: tests, CLI), so it never goes stale.
 */
export function searchScript(moduleUrl: string = import.meta.url): Promise<string> {
  if (!moduleUrl.endsWith('.ts')) return readFile(path.join(path.dirname(fileURLToPath(moduleUrl)), prebuiltSearchScriptName), 'utf8');
  built ??= buildSearchScript().catch((error: unknown) => {
    built = null;
    throw error;
  });
  return built;
}

/**
 * Bundles search-page.ts with onnxruntime-web (its Emscripten glue inlined; the .wasm goes in
 * runtime.js) into one minified classic script. esbuild, not vite: vite's library mode would inline
 * the 14 MB wasm that ort references through `new URL(..., import.meta.url)` a second time.
 */
export async function buildSearchScript(entry: string = searchEntry): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
    // ort reads import.meta.url for files it would fetch; it fetches none here (wasmBinary, one thread).
    banner: { js: 'var FACET_SEARCH_SCRIPT_URL = document.currentScript && document.currentScript.src;' },
    define: { 'import.meta.url': 'FACET_SEARCH_SCRIPT_URL' },
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('building the share viewer search script produced no code');
  return code;
}
