/**
 * Converts every model of a pack definition and writes the .onnx files plus a validated manifest.json.
 * The output depends only on the source files and the converter, so a rebuild is byte-identical.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_MANIFEST_FILE, parseModelManifest, type ModelManifest } from '../../src/shared/model-manifest';
import {
  SOURCE_PACKAGE,
  SOURCE_VERSION,
  type ConvertedRecognizerDefinition,
  type CopiedRecognizerDefinition,
  type ModelDefinition,
  type PackDefinition,
} from './facet-pack';
import { npmPackageFile } from './npm-package-file';
import { loadTfjsGraph } from './tfjs-graph';
import { convertTfjsGraph, CONVERTER_VERSION, type ConversionResult } from './tf-to-onnx';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SOURCE_MODELS_DIR = path.join(REPO_ROOT, 'node_modules', SOURCE_PACKAGE, 'models');
/** Tarballs of packages a pack copies model files from (kept so a rebuild works offline). */
export const PACKAGE_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'model-packages');

export interface BuiltModel {
  id: string;
  file: string;
  bytes: number;
  sha256: string;
  tfOps: string[];
  seconds: number;
}

export interface BuiltPack {
  dir: string;
  manifest: ModelManifest;
  models: BuiltModel[];
}

export function buildPack(pack: PackDefinition, outDir: string, sourceDir = SOURCE_MODELS_DIR, packageCacheDir = PACKAGE_CACHE_DIR): BuiltPack {
  checkSourceVersion(sourceDir);
  fs.mkdirSync(outDir, { recursive: true });
  const models: BuiltModel[] = [];

  const convert = (def: ModelDefinition) => {
    const started = performance.now();
    const sourcePath = path.join(sourceDir, def.sourceFile);
    const result = convertTfjsGraph({
      graph: loadTfjsGraph(sourcePath),
      input: def.input,
      outputs: def.outputs,
      graphName: def.id,
      docString: `${def.id} of model pack ${pack.name} ${pack.version}: ${def.origin}`,
      metadata: { source: `${SOURCE_PACKAGE}@${SOURCE_VERSION}/models/${def.sourceFile}`, layout: 'NHWC' },
    });
    fs.writeFileSync(path.join(outDir, def.file), result.onnx);
    const built = {
      id: def.id,
      file: def.file,
      bytes: result.onnx.byteLength,
      sha256: crypto.createHash('sha256').update(result.onnx).digest('hex'),
      tfOps: result.tfOps,
      seconds: (performance.now() - started) / 1000,
    };
    models.push(built);
    return { built, result, common: common(def, built, result) };
  };

  const detectors = pack.detectors.map((def) => {
    const { result, common: c } = convert(def);
    return {
      ...c,
      preprocessing: def.preprocessing,
      decoding: { ...def.decoding, output: output(result, 'detections', def.id) },
      minScore: def.minScore,
    };
  });

  const convertedRecognizer = (rec: ConvertedRecognizerDefinition) => {
    const { result, common: c } = convert(rec);
    return {
      ...c,
      preprocessing: rec.preprocessing,
      output: output(result, 'embedding', rec.id),
      embeddingDim: rec.embeddingDim,
      normalize: 'l2' as const,
      extraOutputs: result.outputs
        .filter((o) => o.name !== 'embedding')
        .map((o) => ({ ...o, description: rec.extraOutputDescriptions[o.name] ?? fail(`${rec.id}: no description for output ${o.name}`) })),
      tuning: rec.tuning,
    };
  };

  const copiedRecognizer = (rec: CopiedRecognizerDefinition) => {
    const started = performance.now();
    const data = npmPackageFile(rec.from, packageCacheDir);
    fs.writeFileSync(path.join(outDir, rec.file), data);
    const built = {
      id: rec.id,
      file: rec.file,
      bytes: data.byteLength,
      sha256: crypto.createHash('sha256').update(data).digest('hex'),
      tfOps: [],
      seconds: (performance.now() - started) / 1000,
    };
    models.push(built);
    const { integrity, ...from } = rec.from;
    return {
      id: rec.id,
      file: rec.file,
      sha256: built.sha256,
      bytes: built.bytes,
      source: { ...from, converter: 'none (the file exactly as the package ships it)', integrity },
      input: rec.input,
      preprocessing: rec.preprocessing,
      output: rec.output,
      embeddingDim: rec.embeddingDim,
      normalize: 'l2' as const,
      extraOutputs: [],
      tuning: rec.tuning,
    };
  };

  const recognizer = pack.recognizer.kind === 'converted' ? convertedRecognizer(pack.recognizer) : copiedRecognizer(pack.recognizer);

  const manifest = parseModelManifest(
    { schemaVersion: 1, name: pack.name, version: pack.version, description: pack.description, detectors, closeRange: pack.closeRange, recognizer },
    `${pack.name} (generated)`,
  );
  fs.writeFileSync(path.join(outDir, MODEL_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: outDir, manifest, models };
}

function common(def: ModelDefinition, built: BuiltModel, result: ConversionResult) {
  return {
    id: def.id,
    file: def.file,
    sha256: built.sha256,
    bytes: built.bytes,
    source: {
      package: SOURCE_PACKAGE,
      version: SOURCE_VERSION,
      file: `models/${def.sourceFile}`,
      license: 'MIT',
      origin: def.origin,
      converter: `scripts/models (facet-tfjs-to-onnx ${CONVERTER_VERSION})`,
    },
    input: { ...result.input, layout: 'NHWC' as const },
  };
}

function output(result: ConversionResult, name: string, id: string) {
  return result.outputs.find((o) => o.name === name) ?? fail(`${id}: no output named ${name}`);
}

function checkSourceVersion(sourceDir: string): void {
  const pkgPath = path.join(sourceDir, '..', 'package.json');
  const version = (JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as { version?: string }).version;
  if (version !== SOURCE_VERSION) fail(`${pkgPath}: expected ${SOURCE_PACKAGE} ${SOURCE_VERSION}, found ${String(version)}`);
}

function fail(reason: string): never {
  throw new Error(reason);
}
