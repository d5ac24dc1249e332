/**
 * The people and selfie-search part of the API contract (merged into apiInputs / ApiOutputs in
 * api.ts). Faces are addressed by face id; face thumbnails are media kind 'face'.
 */
import { z } from 'zod';
import type { PhotoPage, PhotoSummary } from './api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const page = { offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) };
const personName = z.string().trim().min(1).max(200);

/** Selfie bytes as base64 (files dropped in the UI, or read by the CLI); 20 MB at most. */
export const selfieImage = z
  .object({ fileName: z.string().min(1).max(255), base64: z.string().min(1).max(28_000_000) })
  .strict();

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
  renamePerson: z.object({ personId: id, name: personName.nullable() }).strict(),
  /** Moves every face of `personId` into `intoPersonId`; undoable with undoMerge. */
  mergePeople: z.object({ personId: id, intoPersonId: id }).strict(),
  undoMerge: z.object({ mergeId: id }).strict(),
  /** Split / correct: move faces to a person, or to a new person when personId is null. */
  moveFaces: z.object({ faceIds: z.array(id).min(1).max(10_000), personId: id.nullable() }).strict(),
  /** "Not this person": the face leaves the person and is never assigned to it again. */
  rejectFace: z.object({ faceId: id, personId: id }).strict(),
  setPersonHidden: z.object({ personId: id, hidden: z.boolean() }).strict(),
  setPersonCover: z.object({ personId: id, faceId: id }).strict(),
  /** Deletes the person's embeddings, face crops and index entries for good. */
  forgetPerson: z.object({ personId: id }).strict(),
  reclusterPeople: z.object({}).strict(),
  searchBySelfie: z
    .object({
      images: z.array(selfieImage).min(1).max(5),
      /** Which face of the first image to use when it holds several; default the largest. */
      faceIndex: z.number().int().min(0).max(100).optional(),
      scope: searchScope.default({ kind: 'library' }),
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
  mergePeople: { mergeId: number; person: PersonSummary };
  undoMerge: { restored: PersonSummary[] };
  moveFaces: { person: PersonSummary };
  rejectFace: { rejected: boolean };
  setPersonHidden: PersonSummary;
  setPersonCover: PersonSummary;
  forgetPerson: { forgotten: boolean; faces: number };
  reclusterPeople: { people: number; unsorted: number };
  searchBySelfie: SelfieSearchResult;
}
