/**
 * What the exporter writes for in-browser selfie search and what the viewer loads: scripts in
 * search/ that set globals (a page opened from file:// cannot fetch files or load modules).
 */
import type { ModelManifest } from '../../../shared/model-manifest';

/** Package paths, loaded in this order by viewer.js (which names them too) once the manifest carries biometrics. */
export const searchFiles = { runtime: 'search/runtime.js', models: 'search/models.js', script: 'search/search.js' } as const;

/** runtime.js: onnxruntime-web's WebAssembly binary, gzip then base64. */
export const runtimeGlobal = 'FACET_SEARCH_RUNTIME';
export interface SearchRuntimeGlobal {
  wasmGzipBase64: string;
}

/** models.js: the model pack's manifest and its ONNX files, each gzip then base64. */
export const modelsGlobal = 'FACET_SEARCH_MODELS';
export interface SearchModelsGlobal {
  manifest: ModelManifest;
  /** Model version the package's embeddings were made with: `${name}-v${version}`. */
  modelVersion: string;
  /** Cosine similarity from which a face counts as the same person (the desktop's calibrated match). */
  similarityThreshold: number;
  files: Record<string, string>;
}

/** search.js (built from search-page.ts) sets this. */
export const searchApiGlobal = 'FacetSearch';
