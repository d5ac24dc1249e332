import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FACE_PACK, MODEL_MANIFEST_FILE, parseModelManifest, type ModelManifest } from '../../shared/model-manifest';
import type { FaceModelRef } from '../domain/indexed-file';

const MODELS_SUBDIR = path.join('resources', 'models');

/**
 * The resources/models folder: FACET_MODELS_DIR when set (the Electron entry sets it), else
 * found by walking up from this module, which works from source (src/main/pipeline), from the
 * electron-vite bundle (out/main) and from a packaged app, where the models are unpacked beside
 * app.asar because onnxruntime reads them as real files.
 */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): string {
  if (env.FACET_MODELS_DIR) return path.resolve(env.FACET_MODELS_DIR);
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, MODELS_SUBDIR);
    if (existsSync(candidate)) return unpackedFromAsar(candidate);
    if (path.dirname(dir) === dir) return path.resolve(start, '../../..', MODELS_SUBDIR);
  }
}

function unpackedFromAsar(dir: string): string {
  return dir.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function facePackDir(modelsDir: string = defaultModelsDir(), pack: string = DEFAULT_FACE_PACK): string {
  return path.join(modelsDir, pack);
}

/** A pack's manifest, validated (no model is opened). */
export async function readFacePack(packDir: string): Promise<ModelManifest> {
  const file = path.join(packDir, MODEL_MANIFEST_FILE);
  return parseModelManifest(JSON.parse(await readFile(file, 'utf8')), file);
}

/** Which model a pack's embeddings belong to, from its manifest alone. */
export async function readFaceModelRef(packDir: string): Promise<FaceModelRef> {
  return faceModelRef(await readFacePack(packDir));
}

export function faceModelRef(manifest: ModelManifest): FaceModelRef {
  return { name: manifest.name, version: manifest.version, dim: manifest.recognizer.embeddingDim };
}
