/**
 * The data the people clustering works on. Everything here is plain data: the catalog stores it,
 * the clustering reads it and returns new assignments, and nothing in this folder touches a database.
 */

/** A face as the clustering sees it. Ids are the catalog's face ids (positive integers, as in the vector index). */
export interface ClusterFace {
  id: number;
  /** L2-normalized embedding; faces are compared by cosine distance (1 - dot product). */
  embedding: Float32Array;
  /** 0..1 from size, sharpness and frontalness (src/main/ml/quality.ts). */
  quality: number;
}

/** Catalog id of a person; the clustering allocates new ones above every id it was given. */
export type PersonId = number;

/** Face id -> person id, or null for a face that belongs to no person ('unsorted'). */
export type Assignments = Map<number, PersonId | null>;

/**
 * What the user said. Re-clustering applies all of it and never undoes any of it.
 * Person ids refer to people of the existing assignments (or people the user created by hand).
 */
export interface UserConstraints {
  /** People the user named: they keep every face they have. */
  named: readonly PersonId[];
  /** People the user hid: kept exactly as they are, only not shown. */
  hidden: readonly PersonId[];
  /** Faces the user put on a person by hand (must-link to that person). */
  moved: ReadonlyArray<{ faceId: number; personId: PersonId }>;
  /** "Not this person" (cannot-link between a face and a person). */
  rejected: ReadonlyArray<{ faceId: number; personId: PersonId }>;
  /** People merged by the user: `from` became part of `into`. Chains (a->b, b->c) are followed. */
  merged: ReadonlyArray<{ from: PersonId; into: PersonId }>;
  /**
   * "Not the same person" (a same-person suggestion the user turned down): cannot-link between two
   * people. Absent: none.
   */
  apart?: ReadonlyArray<{ personId: PersonId; otherPersonId: PersonId }>;
}

export const noConstraints: UserConstraints = { named: [], hidden: [], moved: [], rejected: [], merged: [] };
