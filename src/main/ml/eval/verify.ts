/**
 * Face verification on a labelled set: embed the largest face of every image, score pairs by
 * cosine similarity, report how well same-identity pairs separate from different ones, and fit the
 * similarity -> p(same person) calibration that a model pack carries.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecognizerTuning } from '../../../shared/model-manifest';
import type { FaceModels } from '../faces';
import { BUNDLED_PACK_DIR, loadFaceModels } from '../faces';
import { cosineSimilarity } from '../recognizer';
import { embedImages, listLabelledImages } from './labelled-faces';
import { fitLogistic, quantile, scoreAtProbability } from './logistic-fit';
import { bestThreshold, rocAuc } from './roc';

export interface VerifyOptions {
  /**
   * A folder of person folders, or several (identities are then prefixed with the folder's name,
   * so pairs across the sets count as different-person pairs); with `pairsCsv`, the one folder its
   * paths are relative to.
   */
  root: string | readonly string[];
  /** CSV with a header and columns file_x, file_y, Decision (Yes = same person, No = different). */
  pairsCsv?: string;
  /** Images are already aligned face crops: resize to the recognizer's input, skip detection. */
  aligned?: boolean;
  /** Loaded models; otherwise the pack in `packDir` (default: the bundled pack) is loaded on one thread. */
  models?: FaceModels;
  packDir?: string;
  /** Where embeddings are cached (labelled-faces.ts); null turns the cache off. */
  cacheDir?: string | null;
}

export interface Calibration {
  /** p(same | s) = 1 / (1 + exp(-(slope * s + intercept))), both classes weighted equally. */
  slope: number;
  intercept: number;
  iterations: number;
  separable: boolean;
  /** Cosine similarity at which the fitted p(same) is 0.1, 0.5 and 0.9. */
  similarityAt: { p10: number; p50: number; p90: number };
  /** Same-person similarity quantiles: how low genuine pairs go. */
  same: { q01: number; q05: number; median: number };
  /** Different-person similarity quantiles: how high impostor pairs go. */
  different: { median: number; q95: number; q99: number; q999: number; max: number };
  /** What the evaluated pack's manifest carries, to compare with the fit. */
  packSimilarity: RecognizerTuning['similarity'];
}

export interface VerifyReport {
  images: number;
  facesFound: number;
  pairs: { same: number; different: number };
  /** Pairs with an image where no face was found; they score -1 (never judged the same person). */
  pairsWithoutFace: number;
  rocAuc: number;
  /** Cosine similarity at or above which a pair is called the same person. */
  bestThreshold: number;
  /** Balanced accuracy (mean of same-pair and different-pair hit rates) at that threshold. */
  accuracyAtBest: number;
  /** Fitted on the pairs where both faces were found (a missing face is not a similarity). */
  calibration: Calibration;
  modelVersion: string;
  provider: string;
}

interface Pair {
  x: string;
  y: string;
  same: boolean;
}

export async function evalVerify(options: VerifyOptions): Promise<VerifyReport> {
  // Loaded even when every embedding is cached: the report names the provider.
  const models = options.models ?? (await loadFaceModels(options.packDir ?? BUNDLED_PACK_DIR, { threads: 1 }));
  const pairs = options.pairsCsv ? await readPairsCsv(options.pairsCsv, csvRoot(options.root)) : await allPairs(options.root);
  const files = [...new Set(pairs.flatMap((p) => [p.x, p.y]))];
  const { embeddings } = await embedImages(files, { ...options, models });
  const same: number[] = [];
  const different: number[] = [];
  const found = { same: [] as number[], different: [] as number[] };
  let pairsWithoutFace = 0;
  for (const { x, y, same: isSame } of pairs) {
    const a = embeddings.get(x)?.embedding;
    const b = embeddings.get(y)?.embedding;
    if (!a || !b) pairsWithoutFace++;
    const similarity = a && b ? cosineSimilarity(a, b) : -1;
    (isSame ? same : different).push(similarity);
    if (a && b) (isSame ? found.same : found.different).push(similarity);
  }
  const best = bestThreshold(same, different);
  return {
    images: files.length,
    facesFound: [...embeddings.values()].filter(Boolean).length,
    pairs: { same: same.length, different: different.length },
    pairsWithoutFace,
    rocAuc: rocAuc(same, different),
    bestThreshold: best.threshold,
    accuracyAtBest: best.accuracy,
    calibration: { ...calibrate(found.same, found.different), packSimilarity: models.manifest.recognizer.tuning.similarity },
    modelVersion: models.modelVersion,
    provider: models.provider,
  };
}

export function calibrate(same: readonly number[], different: readonly number[]): Omit<Calibration, 'packSimilarity'> {
  const fit = fitLogistic(same, different);
  const s = [...same].sort((a, b) => a - b);
  const d = [...different].sort((a, b) => a - b);
  return {
    ...fit,
    similarityAt: { p10: scoreAtProbability(fit, 0.1), p50: scoreAtProbability(fit, 0.5), p90: scoreAtProbability(fit, 0.9) },
    same: { q01: quantile(s, 0.01), q05: quantile(s, 0.05), median: quantile(s, 0.5) },
    different: { median: quantile(d, 0.5), q95: quantile(d, 0.95), q99: quantile(d, 0.99), q999: quantile(d, 0.999), max: d[d.length - 1]! },
  };
}

function csvRoot(root: string | readonly string[]): string {
  if (typeof root === 'string') return root;
  if (root.length !== 1) throw new Error('a pairs CSV is read relative to one folder');
  return root[0]!;
}

/** Every same-identity pair and every different-identity pair of one or several folders of person folders. */
async function allPairs(roots: string | readonly string[]): Promise<Pair[]> {
  const images = await listLabelledImages(roots);
  const pairs: Pair[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      pairs.push({ x: images[i]!.file, y: images[j]!.file, same: images[i]!.identity === images[j]!.identity });
    }
  }
  return pairs;
}

async function readPairsCsv(csvPath: string, root: string): Promise<Pair[]> {
  const lines = (await readFile(csvPath, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${csvPath}: missing column ${name} (needs file_x, file_y, Decision)`);
    return i;
  };
  const [xi, yi, di] = [col('file_x'), col('file_y'), col('decision')];
  return lines.map((line, n) => {
    const cells = line.split(',').map((c) => c.trim());
    const decision = cells[di]?.toLowerCase();
    if (decision !== 'yes' && decision !== 'no') throw new Error(`${csvPath}: line ${n + 2}: Decision must be Yes or No`);
    return { x: path.resolve(root, cells[xi]!), y: path.resolve(root, cells[yi]!), same: decision === 'yes' };
  });
}
