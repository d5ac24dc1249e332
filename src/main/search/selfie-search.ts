/**
 * "Find me": faces in selfies -> one query embedding -> the library's most similar faces within a
 * scope -> photos, best face each, above a calibrated similarity.
 */
import os from 'node:os';
import sharp from 'sharp';
import { ApiError, type ApiParsedInput } from '../../shared/api';
import type { RecognizerTuning } from '../../shared/model-manifest';
import type { QueryFace, SearchScope, SelfieMatch, SelfieSearchResult } from '../../shared/people-api';
import type { Catalog } from '../catalog/catalog';
import { FaceVectorsRepository } from '../catalog/face-vectors-repo';
import { SearchRepository } from '../catalog/search-repo';
import { detectAndEmbed, loadFaceModels, type FaceModels, type FaceResult } from '../ml/faces';
import type { RawImage } from '../ml/image';
import type { Neighbor, VectorIndex } from '../vectors/vector-index';
import { confidenceOf, matchConfidence, similarityAt, suggestionConfidence, type SimilarityCalibration } from './calibration';
import type { FaceVectors } from './face-vectors';
import { queryVectorOf, type QueryVector } from './query-vector';

export interface SelfieSearchOptions {
  catalog: Catalog;
  vectors: FaceVectors;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
  /** Face model pack folder; null when faces are off. */
  packDir: string | null;
  /** The pack's measured thresholds; null when faces are off. */
  tuning: () => RecognizerTuning | null;
  /** Intra-op threads of the query's sessions (default: half the cores, at most 4). */
  threads?: number;
}

export type SelfieImage = ApiParsedInput<'searchBySelfie'>['images'][number];

/** Faces looked at in the first round; doubled while the last one still matches. */
const firstRound = 64;

export class SelfieSearch {
  private models: Promise<FaceModels> | null = null;
  private readonly repo: SearchRepository;
  private readonly vectorsRepo: FaceVectorsRepository;

  constructor(private readonly options: SelfieSearchOptions) {
    this.repo = new SearchRepository(options.catalog.db);
    this.vectorsRepo = new FaceVectorsRepository(options.catalog.db);
  }

  async search(input: ApiParsedInput<'searchBySelfie'>): Promise<SelfieSearchResult> {
    if (this.options.modelId() !== null && !this.repo.scopeExists(input.scope)) {
      throw new ApiError('not_found', `the search scope ${describeScope(input.scope)} does not exist`);
    }
    const started = performance.now();
    const { models, modelId } = await this.queryModels();
    const query = await embedQuery(input.images, input.faceIndex, models);
    const detectEmbedMs = performance.now() - started;

    const searchStarted = performance.now();
    const index = this.options.vectors.current();
    const matches = index === null ? [] : this.rankPhotos(index, query.vector, input.scope, input.limit, modelId);
    const suggestion = index === null ? null : this.suggest(index, query.vector, input.scope, matches);
    return {
      queryFaces: query.queryFaces,
      usedFaceIndex: query.usedFaceIndex,
      suggestion,
      matches,
      timings: { detectEmbedMs, searchMs: performance.now() - searchStarted },
    };
  }

  /**
   * The engine part of a search, from query vector to ranked photos (what the latency goal is
   * about). Similarities are mean similarities to the query's references (query-vector.ts).
   */
  rankPhotos(index: VectorIndex, query: QueryVector, scope: SearchScope, limit: number, modelId: number): SelfieMatch[] {
    const calibration = this.calibration();
    const threshold = similarityAt(calibration, matchConfidence);
    const scopeIds = scope.kind === 'library' ? null : this.repo.faceIdsInScope(scope, modelId);
    const size = scopeIds?.length ?? index.count;
    const search = (k: number): Neighbor[] =>
      (scopeIds === null ? index.search(query.direction, k) : index.searchWithin(query.direction, k, scopeIds)).map(
        (hit) => ({ faceId: hit.faceId, similarity: hit.similarity * query.length }),
      );

    // Most people are in few photos: ask for a few faces, and more only while the last still matches.
    let hits: Neighbor[] = [];
    for (let k = Math.min(firstRound, size); k > 0; k = Math.min(k * 4, size)) {
      hits = search(k);
      const last = hits.at(-1);
      if (hits.length < k || last === undefined || last.similarity < threshold || k === size || k >= limit * 8) break;
    }
    const matched = hits.filter((hit) => hit.similarity >= threshold);
    const faces = this.repo.faces(matched.map((hit) => hit.faceId));
    const best = new Map<string, { hit: Neighbor; sha256: string }>();
    for (const hit of matched) {
      const face = faces.get(hit.faceId);
      // Hits come best first: the first face of a content is its best.
      if (face && !best.has(face.sha256)) best.set(face.sha256, { hit, sha256: face.sha256 });
    }
    const photos = this.repo.photosOf(scope, [...best.keys()]);
    const result: SelfieMatch[] = [];
    for (const { hit, sha256 } of best.values()) {
      const photo = photos.get(sha256);
      const face = faces.get(hit.faceId)!;
      if (photo === undefined) continue;
      result.push({ photo, faceId: hit.faceId, box: face.box, similarity: hit.similarity, confidence: confidenceOf(calibration, hit.similarity) });
      if (result.length === limit) break;
    }
    return result;
  }

  /** The named person of the best sure match in the whole library (a scope may exclude them). */
  private suggest(index: VectorIndex, query: QueryVector, scope: SearchScope, matches: SelfieMatch[]): SelfieSearchResult['suggestion'] {
    const calibration = this.calibration();
    const sure = similarityAt(calibration, suggestionConfidence);
    const hits =
      scope.kind === 'library'
        ? matches.map((m) => ({ faceId: m.faceId, similarity: m.similarity }))
        : index.search(query.direction, 16).map((hit) => ({ faceId: hit.faceId, similarity: hit.similarity * query.length }));
    const candidates = hits.filter((hit) => hit.similarity >= sure);
    const faces = this.repo.faces(candidates.map((hit) => hit.faceId));
    const top = candidates.find((hit) => faces.get(hit.faceId)?.personId != null);
    if (top === undefined) return null;
    const personId = faces.get(top.faceId)!.personId!;
    const name = this.repo.namedPeople([personId]).get(personId);
    return name === undefined ? null : { personId, name, confidence: confidenceOf(calibration, top.similarity) };
  }

  private calibration(): SimilarityCalibration {
    const tuning = this.options.tuning();
    if (tuning === null) throw new ApiError('unavailable', 'face search needs the face models, which are off');
    return tuning.similarity;
  }

  /** The face models for query images, checked to embed like the library's faces (also for event guests). */
  async queryModels(): Promise<{ models: FaceModels; modelId: number }> {
    const modelId = this.options.modelId();
    if (modelId === null || this.options.packDir === null) throw new ApiError('unavailable', 'face search needs the face models, which are off');
    const models = await this.loadModels();
    const model = this.vectorsRepo.model(modelId);
    if (model === null || models.modelVersion !== `${model.name}-v${model.version}`) {
      throw new ApiError('unavailable', `the library's faces were embedded by another model than ${models.modelVersion}`);
    }
    return { models, modelId };
  }

  private loadModels(): Promise<FaceModels> {
    const threads = this.options.threads ?? Math.max(1, Math.min(4, Math.floor(os.availableParallelism() / 2)));
    this.models ??= loadFaceModels(this.options.packDir!, { threads }).catch((error: unknown) => {
      this.models = null;
      throw new ApiError('unavailable', `the face models could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.models;
  }
}

export interface QueryEmbedding {
  vector: QueryVector;
  queryFaces: QueryFace[];
  usedFaceIndex: number;
}

/**
 * Decodes the selfies and embeds one face of each: `faceIndex` of the first image (default its
 * largest), the largest of the others; several faces make one query of their mean.
 */
export async function embedQuery(images: readonly SelfieImage[], faceIndex: number | undefined, models: FaceModels): Promise<QueryEmbedding> {
  const references: Float32Array[] = [];
  let queryFaces: QueryFace[] = [];
  let usedFaceIndex = 0;
  for (const [i, image] of images.entries()) {
    const faces = largestFirst(await detectAndEmbed(await decodeSelfie(image), { models }));
    if (faces.length === 0) throw new ApiError('invalid_input', `${image.fileName}: no face found in the image`);
    let face = faces[0]!;
    if (i === 0) {
      queryFaces = faces.map((f, index) => ({ index, box: f.box, score: f.score }));
      usedFaceIndex = faceIndex ?? 0;
      if (usedFaceIndex >= faces.length) {
        throw new ApiError('invalid_input', `${image.fileName}: faceIndex ${usedFaceIndex} asked for, but the image has ${faces.length} face(s)`);
      }
      face = faces[usedFaceIndex]!;
    }
    references.push(face.embedding);
  }
  return { vector: queryVectorOf(references), queryFaces, usedFaceIndex };
}

export async function decodeSelfie(image: SelfieImage): Promise<RawImage> {
  const bytes = Buffer.from(image.base64, 'base64');
  if (bytes.length === 0) throw new ApiError('invalid_input', `${image.fileName}: the image data is empty or not base64`);
  try {
    const { data, info } = await sharp(bytes).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw new ApiError('invalid_input', `${image.fileName}: not a readable image (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function largestFirst(faces: FaceResult[]): FaceResult[] {
  return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

function describeScope(scope: SearchScope): string {
  switch (scope.kind) {
    case 'library':
      return 'library';
    case 'source':
    case 'folder':
      return `source ${scope.sourceId}`;
    case 'event':
      return `event ${scope.eventId}`;
    case 'not-person':
      return `person ${scope.personId}`;
  }
}
