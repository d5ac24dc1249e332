/**
 * "Find me": faces in selfies -> one query embedding -> the library's most similar faces within a
 * scope -> photos, best face each, above a calibrated similarity.
 */
import os from 'node:os';
import sharp from 'sharp';
import { ApiError, type ApiParsedInput } from '../../shared/api';
import type { RecognizerTuning } from '../../shared/model-manifest';
import type { QueryFace, SearchScope, SelfieMatch, SelfieSearchResult } from '../../shared/people-api';
import type { PhotoSearchFilter } from '../../shared/places-api';
import type { Catalog } from '../catalog/catalog';
import { FaceVectorsRepository } from '../catalog/face-vectors-repo';
import { SearchRepository, type MatchedFace } from '../catalog/search-repo';
import { detectAndEmbed, loadFaceModels, type FaceModels, type FaceResult } from '../ml/faces';
import type { RawImage } from '../ml/image';
import type { FaceSearcher } from '../vectors/exact-scan';
import type { Neighbor } from '../vectors/vector-index';
import { confidenceOf, matchConfidence, similarityAt, suggestionConfidence, type SimilarityCalibration } from './calibration';
import type { FaceVectors } from './face-vectors';
import { matchPeople, similarityTo, type PersonBars, type PersonFace, type PersonMatch } from './person-match';
import { queryVectorOf, type QueryVector } from './query-vector';
import { errorMessage } from '../../shared/error-message';

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
/** The query's nearest faces in the whole library whose people are judged as candidates. */
const nearestForPeople = 16;
/** At most this many people are judged per search. */
const maxCandidatePeople = 8;
/** A person is judged on up to this many of their faces (a mean over more changes little). */
const facesJudgedPerPerson = 500;

/** A search's answer: the photos likely of the person, those less likely, and the people matched. */
export interface FoundPhotos {
  likely: SelfieMatch[];
  lessLikely: SelfieMatch[];
  people: PersonMatch[];
}

export class SelfieSearch {
  private models: Promise<FaceModels> | null = null;
  private readonly repo: SearchRepository;
  private readonly vectorsRepo: FaceVectorsRepository;

  constructor(private readonly options: SelfieSearchOptions) {
    this.repo = options.catalog.search;
    this.vectorsRepo = options.catalog.faceVectors;
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
    const found = index === null ? null : this.findPhotos(index, query.vector, input.scope, input.limit, modelId, input.filter);
    return {
      queryFaces: query.queryFaces,
      usedFaceIndex: query.usedFaceIndex,
      suggestion: found === null ? null : this.suggest(found.people),
      matches: found?.likely ?? [],
      lessLikely: found?.lessLikely ?? [],
      timings: { detectEmbedMs, searchMs: performance.now() - searchStarted },
    };
  }

  /**
   * The engine part of a search, from query vector to ranked photos (what the latency goal is
   * about). Similarities are mean similarities to the query's references (query-vector.ts).
   *
   * Faces are found one by one (similarity >= the calibrated match bar), then judged with their
   * people: the people the query matches as a whole (person-match.ts) bring all their photos in
   * scope, first; a face that belongs to a person the query does not match goes to `lessLikely`
   * (one face of someone else can look like anyone; their whole person cannot); faces of nobody
   * stand on their own similarity. A place and date `filter` narrows the photos like the scope
   * does; people are judged on all their faces.
   */
  findPhotos(index: FaceSearcher, query: QueryVector, scope: SearchScope, limit: number, modelId: number, filter?: PhotoSearchFilter): FoundPhotos {
    const { calibration, bars } = this.bars();
    const faceHits = this.matchingFaces(index, query, scope, limit, modelId, bars.face, filter);
    const faces = this.repo.faces([...faceHits.keys(), ...this.nearestFaces(index, query)]);
    const people = this.judgePeople(query, faces.values(), modelId, bars);
    const rank = new Map(people.map((person, i) => [person.personId, i]));

    // Every face in the running, with its similarity: the face hits, and every face of a matched person.
    const similarity = new Map(faceHits);
    for (const person of people) {
      for (const face of person.faces) similarity.set(face.id, similarityTo(query, face.embedding));
      const rest = this.repo.personFaceIds(person.personId, modelId).filter((id) => !similarity.has(id));
      for (const id of rest) similarity.set(id, person.meanSimilarity);
    }
    const allFaces = this.repo.faces([...similarity.keys()].filter((id) => !faces.has(id)));
    for (const [id, face] of faces) allFaces.set(id, face);

    // One face per content: a matched person's face if it has one, else its most similar face.
    const order = (faceId: number) => {
      const personId = allFaces.get(faceId)?.personId ?? null;
      return personId !== null && rank.has(personId) ? rank.get(personId)! : people.length;
    };
    const best = new Map<string, number>();
    for (const faceId of similarity.keys()) {
      const face = allFaces.get(faceId);
      if (face === undefined) continue;
      const current = best.get(face.sha256);
      if (current === undefined || order(faceId) < order(current) || (order(faceId) === order(current) && similarity.get(faceId)! > similarity.get(current)!)) {
        best.set(face.sha256, faceId);
      }
    }
    const photos = this.repo.photosOf(scope, [...best.keys()], filter);
    const likely: SelfieMatch[] = [];
    const lessLikely: SelfieMatch[] = [];
    // A face of a matched person is as likely as the person; any face at least as likely as its own similarity.
    const confidence = (faceId: number) => {
      const personId = allFaces.get(faceId)!.personId;
      const person = personId === null ? undefined : people[rank.get(personId) ?? -1];
      return Math.max(confidenceOf(calibration, similarity.get(faceId)!), person ? confidenceOf(calibration, person.meanSimilarity) : 0);
    };
    // Most likely first: the matched person's photos lead, unless a face is surer by itself (the
    // query face's own photo, say, while the clustering left it unsorted).
    const ranked = [...best.entries()]
      .map(([sha256, faceId]) => ({ sha256, faceId, confidence: confidence(faceId) }))
      .sort((a, b) => b.confidence - a.confidence || order(a.faceId) - order(b.faceId) || similarity.get(b.faceId)! - similarity.get(a.faceId)!);
    for (const { sha256, faceId, confidence } of ranked) {
      const photo = photos.get(sha256);
      if (photo === undefined) continue;
      const face = allFaces.get(faceId)!;
      const faceSimilarity = similarity.get(faceId)!;
      const person = face.personId === null ? undefined : people[rank.get(face.personId) ?? -1];
      const match: SelfieMatch = { photo, faceId, personId: face.personId, box: face.box, similarity: faceSimilarity, confidence };
      const respected = face.personId === null || person !== undefined;
      if (respected && likely.length < limit) likely.push(match);
      else if (!respected && lessLikely.length < limit) lessLikely.push(match);
    }
    return { likely, lessLikely, people };
  }

  /** The named, visible person the query matches as a whole, if any (a guest's selfies: link them?). */
  namedPersonOf(index: FaceSearcher, query: QueryVector, modelId: number): { personId: number; name: string } | null {
    const people = this.judgePeople(query, this.repo.faces(this.nearestFaces(index, query)).values(), modelId, this.bars().bars);
    const names = this.repo.namedPeople(people.map((person) => person.personId));
    const named = people.find((person) => names.has(person.personId));
    return named === undefined ? null : { personId: named.personId, name: names.get(named.personId)! };
  }

  private nearestFaces(index: FaceSearcher, query: QueryVector): number[] {
    return index.search(query.direction, nearestForPeople).map((hit) => hit.faceId);
  }

  /** The people of `faces` (the first few) that the query matches as a whole, best first. */
  private judgePeople(query: QueryVector, faces: Iterable<MatchedFace>, modelId: number, bars: PersonBars): PersonMatch[] {
    const candidates = new Map<number, PersonFace[]>();
    for (const face of faces) {
      if (face.personId === null || candidates.has(face.personId) || candidates.size >= maxCandidatePeople) continue;
      candidates.set(face.personId, this.repo.personFaces(face.personId, modelId, facesJudgedPerPerson));
    }
    return matchPeople(query, candidates, bars);
  }

  /** Faces of the scope (and filter) at least `threshold` similar to the query, face id -> similarity. */
  private matchingFaces(
    index: FaceSearcher,
    query: QueryVector,
    scope: SearchScope,
    limit: number,
    modelId: number,
    threshold: number,
    filter: PhotoSearchFilter | undefined,
  ): Map<number, number> {
    const scopeIds = scope.kind === 'library' && filter === undefined ? null : this.repo.faceIdsInScope(scope, modelId, filter);
    const size = scopeIds?.length ?? index.count;
    const search = (k: number): Neighbor[] =>
      (scopeIds === null ? index.search(query.direction, k) : index.searchWithin(query.direction, k, scopeIds)).map((hit) => ({
        faceId: hit.faceId,
        similarity: hit.similarity * query.length,
      }));
    // Most people are in few photos: ask for a few faces, and more only while the last still matches.
    let hits: Neighbor[] = [];
    for (let k = Math.min(firstRound, size); k > 0; k = Math.min(k * 4, size)) {
      hits = search(k);
      const last = hits.at(-1);
      if (hits.length < k || last === undefined || last.similarity < threshold || k === size || k >= limit * 8) break;
    }
    return new Map(hits.filter((hit) => hit.similarity >= threshold).map((hit) => [hit.faceId, hit.similarity]));
  }

  /** "This looks like <name>": the best matched person, when named, visible and this sure. */
  private suggest(people: readonly PersonMatch[]): SelfieSearchResult['suggestion'] {
    const top = people[0];
    if (top === undefined) return null;
    const confidence = confidenceOf(this.bars().calibration, top.meanSimilarity);
    const name = this.repo.namedPeople([top.personId]).get(top.personId);
    return name === undefined || confidence < suggestionConfidence ? null : { personId: top.personId, name, confidence };
  }

  private bars(): { calibration: SimilarityCalibration; bars: PersonBars } {
    const tuning = this.options.tuning();
    if (tuning === null) throw new ApiError('unavailable', 'face search needs the face models, which are off');
    const calibration = tuning.similarity;
    return { calibration, bars: { face: similarityAt(calibration, matchConfidence), person: 1 - tuning.clustering.threshold } };
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
      throw new ApiError('unavailable', `the face models could not be loaded: ${errorMessage(error)}`);
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
    throw new ApiError('invalid_input', `${image.fileName}: not a readable image (${errorMessage(error)})`);
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
