/**
 * The people and selfie-search part of the API contract (merged into apiInputs / ApiOutputs in
 * api.ts). Faces are addressed by face id; face thumbnails are media kind 'face'.
 */
import { z } from 'zod';
import type { PhotoPage, PhotoSummary } from './api';
import { nameSchema } from './names';
import { photoSearchFilter } from './places-api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const page = { offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) };

/** Selfie bytes as base64 (files dropped in the UI, or read by the CLI); 20 MB at most. */
export const selfieImage = z.object({ fileName: z.string().min(1).max(255), base64: z.string().min(1).max(28_000_000) }).strict();

export const searchScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('library') }).strict(),
  z.object({ kind: z.literal('source'), sourceId: id }).strict(),
  z.object({ kind: z.literal('folder'), sourceId: id, folder: z.string().max(4096) }).strict(),
  z.object({ kind: z.literal('event'), eventId: id }).strict(),
  /** Photos in which this person has NOT been recognized: "find me where the clustering missed me". */
  z.object({ kind: z.literal('not-person'), personId: id }).strict(),
]);
export type SearchScope = z.infer<typeof searchScope>;

export const peopleApiInputs = {
  listPeople: z.object({ includeHidden: z.boolean().default(false) }).strict(),
  getPerson: z.object({ personId: id }).strict(),
  listPersonPhotos: z.object({ personId: id, ...page }).strict(),
  listPersonFaces: z.object({ personId: id, ...page }).strict(),
  listUnsortedFaces: z.object(page).strict(),
  renamePerson: z.object({ personId: id, name: nameSchema.nullable() }).strict(),
  /** Moves every face of `personId` into `intoPersonId`; undoable with undoMerge. */
  mergePeople: z.object({ personId: id, intoPersonId: id }).strict(),
  undoMerge: z.object({ mergeId: id }).strict(),
  /** Split / correct: move faces to a person, or to a new person when personId is null. */
  moveFaces: z.object({ faceIds: z.array(id).min(1).max(10_000), personId: id.nullable() }).strict(),
  /** "Not this person": the face (or faces) leaves the person and is never assigned to it again. */
  rejectFace: z
    .object({ faceId: id.optional(), faceIds: z.array(id).min(1).max(10_000).optional(), personId: id })
    .strict()
    .refine((input) => (input.faceId === undefined) !== (input.faceIds === undefined), 'give either faceId or faceIds'),
  setPersonHidden: z.object({ personId: id, hidden: z.boolean() }).strict(),
  setPersonCover: z.object({ personId: id, faceId: id }).strict(),
  /** Deletes the person's embeddings, face crops and index entries for good. */
  forgetPerson: z.object({ personId: id }).strict(),
  reclusterPeople: z.object({}).strict(),
  /** Pairs of people who may well be one, most alike first (see SamePersonSuggestion). */
  listSamePersonSuggestions: z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(),
  /** "Same person": merges the two (the named one, else the one with more faces, keeps the faces). */
  acceptSamePersonSuggestion: z.object({ personId: id, otherPersonId: id }).strict(),
  /** "Not the same person": remembered, never suggested again, and the clustering keeps them apart. */
  rejectSamePersonSuggestion: z.object({ personId: id, otherPersonId: id }).strict(),
  /** "Not a face" (ignored: true): the face leaves its person, the clustering and search; false takes it back. */
  setFacesIgnored: z.object({ faceIds: z.array(id).min(1).max(10_000), ignored: z.boolean() }).strict(),
  /** Faces marked "not a face", the latest first. */
  listIgnoredFaces: z.object(page).strict(),
  /**
   * Undoes the latest correction of people not undone yet (merge, move or split, not this person,
   * hide or show, not a face, not the same person); with correctionId, only if it is that one.
   */
  undoLastCorrection: z.object({ correctionId: id.optional() }).strict(),
  searchBySelfie: z
    .object({
      images: z.array(selfieImage).min(1).max(5),
      /** Which face of the first image to use when it holds several; default the largest. */
      faceIndex: z.number().int().min(0).max(100).optional(),
      scope: searchScope.default({ kind: 'library' }),
      /** Only photos taken at a place and/or between dates, as searchPhotos finds them (within the scope). */
      filter: photoSearchFilter.optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict(),
} as const;

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceSummary {
  id: number;
  photoId: number;
  box: FaceBox;
  score: number;
  quality: number | null;
  personId: number | null;
  assignedBy: 'auto' | 'user' | null;
}

export interface FacePage {
  total: number;
  offset: number;
  items: FaceSummary[];
}

/** A correction of people the engine can undo (undoLastCorrection). */
export type CorrectionKind = 'merge' | 'move' | 'not-this-person' | 'hide' | 'show' | 'not-a-face' | 'a-face' | 'not-same-person';

/** Corrections return the id undoLastCorrection takes to undo exactly them. */
export interface Correction {
  correctionId: number;
}

/**
 * Two people who may well be one: their centroids (mean embeddings) are close, or two of their
 * faces are as close as the clustering attaches a face to a person. Never two people the user kept
 * apart (said "not the same person", split one from the other, or named them differently).
 */
export interface SamePersonSuggestion {
  person: PersonSummary;
  other: PersonSummary;
  /** 1 - mean·mean: the average cosine distance between their faces (the clustering merges up to its threshold). */
  centroidDistance: number;
  /** Their closest faces, when a clustering run found them within the attach distance. */
  nearest: { faceId: number; otherFaceId: number; distance: number } | null;
}

export interface PersonSummary {
  id: number;
  name: string | null;
  hidden: boolean;
  faceCount: number;
  photoCount: number;
  coverFaceId: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface QueryFace {
  index: number;
  box: FaceBox;
  score: number;
}

export interface SelfieMatch {
  photo: PhotoSummary;
  faceId: number;
  /** The person the face belongs to, if any. */
  personId: number | null;
  box: FaceBox;
  similarity: number;
  /** Calibrated probability that this is the same person (0..1). */
  confidence: number;
}

export interface SelfieSearchResult {
  /** Faces found in the first query image, largest first; the UI offers them when several. */
  queryFaces: QueryFace[];
  usedFaceIndex: number;
  /** "This looks like <named person>" when the query matches a named person. */
  suggestion: { personId: number; name: string; confidence: number } | null;
  /** Likely the person: faces of the people the query matches as a whole first, then faces of nobody. */
  matches: SelfieMatch[];
  /** Faces alike to the query that belong to someone the query does not match as a person. */
  lessLikely: SelfieMatch[];
  timings: { detectEmbedMs: number; searchMs: number };
}

export interface PeopleApiOutputs {
  listPeople: PersonSummary[];
  getPerson: PersonSummary;
  listPersonPhotos: PhotoPage;
  listPersonFaces: FacePage;
  listUnsortedFaces: FacePage;
  renamePerson: PersonSummary;
  mergePeople: { mergeId: number; person: PersonSummary } & Correction;
  undoMerge: { restored: PersonSummary[] };
  moveFaces: { person: PersonSummary } & Correction;
  rejectFace: { rejected: boolean } & Correction;
  setPersonHidden: PersonSummary & Correction;
  setPersonCover: PersonSummary;
  forgetPerson: { forgotten: boolean; faces: number };
  reclusterPeople: { people: number; unsorted: number };
  listSamePersonSuggestions: SamePersonSuggestion[];
  acceptSamePersonSuggestion: { mergeId: number; person: PersonSummary } & Correction;
  rejectSamePersonSuggestion: { rejected: boolean } & Correction;
  setFacesIgnored: { faces: number } & Correction;
  listIgnoredFaces: FacePage;
  /** The people the undone correction touched, as they are now. */
  undoLastCorrection: { kind: CorrectionKind; people: PersonSummary[] } & Correction;
  searchBySelfie: SelfieSearchResult;
}
