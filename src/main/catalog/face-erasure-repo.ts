import type { Db } from './database';

/** What erasing every face left to delete outside the catalog. */
export interface ErasedFaces {
  faceIds: number[];
  people: number;
  /** Library-relative face crops and guest selfie crops. */
  cropPaths: string[];
}

/** Why the photos of a library whose face data was deleted have no faces. */
export const faceDataDeletedReason = 'face data deleted; face recognition is off';

/**
 * "Delete all face data": every face, person, guest selfie and what was derived from them, for
 * good. Unlike forgetting one person (PeopleRepository.forget) no tombstone stays: with face
 * recognition off nothing is detected again, and turning it back on looks at every photo anew
 * (the photos wait as face_state 'skipped' until then). Run inside the caller's transaction.
 */
export class FaceErasureRepository {
  constructor(private readonly db: Db) {}

  /** Faces (not forgotten) and people (not merged into another) the library holds. */
  counts(): { faces: number; people: number } {
    return this.db
      .prepare('SELECT (SELECT count(*) FROM faces WHERE forgotten_at IS NULL) AS faces, (SELECT count(*) FROM people WHERE merged_into IS NULL) AS people')
      .get() as { faces: number; people: number };
  }

  eraseAll(): ErasedFaces {
    const faceIds = this.db.prepare('SELECT id FROM faces ORDER BY id').pluck().all() as number[];
    const cropPaths = [
      ...(this.db.prepare(`SELECT path FROM derivatives WHERE kind = 'face'`).pluck().all() as string[]),
      ...(this.db.prepare('SELECT DISTINCT crop_path FROM guest_references').pluck().all() as string[]),
    ];
    const people = (this.db.prepare('SELECT count(*) FROM people').pluck().get() as number) ?? 0;
    this.db.exec(`
      DELETE FROM derivatives WHERE kind = 'face';
      DELETE FROM guest_references;
      DELETE FROM guest_photos;
      UPDATE event_guests SET person_id = NULL;
      DELETE FROM face_links;
      DELETE FROM face_person_rejections;
      DELETE FROM person_pair_rejections;
      DELETE FROM person_merges;
      DELETE FROM people_corrections;
      DELETE FROM people_clustering;
      UPDATE people SET cover_face_id = NULL, merged_into = NULL;
      DELETE FROM faces;
      DELETE FROM people;
    `);
    this.db
      .prepare(`UPDATE files SET face_state = 'skipped', face_state_reason = ? WHERE state IN ('indexed', 'missing', 'pending')`)
      .run(faceDataDeletedReason);
    return { faceIds, people, cropPaths };
  }
}
