/**
 * The undo stack of the user's corrections of people: merge, move or split, not this person, hide
 * or show, not a face (and back), not the same person. Each is recorded, in the transaction that
 * makes it, with what undoing it puts back. Only the latest correction not undone yet can be
 * undone (an older one once those after it are), so an undo never overwrites a later correction;
 * automatic clustering changes only faces nobody placed, and an undo puts those back as well.
 */
import { ApiError } from '../../../shared/api';
import type { CorrectionKind } from '../../../shared/people-api';
import type { Catalog } from '../../catalog/catalog';
import type { FaceRejection, FaceState, PeopleRepository } from '../../catalog/people-repo';

type FacesKind = Extract<CorrectionKind, 'move' | 'not-this-person' | 'not-a-face' | 'a-face'>;

/** Faces as they were before the correction; a person it created for them goes once they leave it. */
interface FacesUndo {
  kind: FacesKind;
  faces: FaceState[];
  rejections: FaceRejection[];
  createdPersonId: number | null;
}

/** Corrections of whole people. */
export type PersonUndo =
  | { kind: 'merge'; mergeId: number }
  | { kind: 'hide' | 'show'; personId: number; hidden: boolean }
  /** `added`: false when the pair had been said apart before, so undoing leaves it so. */
  | { kind: 'not-same-person'; personId: number; otherPersonId: number; added: boolean };

type Undo = FacesUndo | PersonUndo;

export interface Undone {
  correctionId: number;
  kind: CorrectionKind;
  /** People the correction touched (ids as recorded; some may be gone). */
  people: number[];
  /** Faces the undo made searchable again, and faces it made "not a face" again: the vector index follows. */
  searchable: number[];
  unsearchable: number[];
}

export class Corrections {
  constructor(
    private readonly catalog: Catalog,
    private readonly repo: PeopleRepository,
  ) {}

  /**
   * Runs `edit` on these faces in one transaction with its undo record: the faces' places and
   * rejections as they were. `edit` returns its value and the person it created, if any.
   */
  onFaces<T>(kind: FacesKind, faceIds: readonly number[], edit: () => { value: T; createdPersonId?: number }): { value: T; correctionId: number } {
    return this.catalog.transaction(() => {
      const before = this.repo.faceStates([...new Set(faceIds)]);
      const { value, createdPersonId } = edit();
      const correctionId = this.repo.pushCorrection(kind, { kind, ...before, createdPersonId: createdPersonId ?? null } satisfies FacesUndo);
      return { value, correctionId };
    });
  }

  /** Records a correction of people; call in the transaction that makes it. */
  record(undo: PersonUndo): number {
    return this.repo.pushCorrection(undo.kind, undo);
  }

  /** A merge was undone through undoMerge: its correction is done with. */
  mergeUndone(mergeId: number): void {
    this.repo.markMergeCorrectionUndone(mergeId);
  }

  /** Undoes the latest correction not undone yet; with `correctionId`, only if it is that one. */
  undo(correctionId?: number): Undone {
    const last = this.repo.lastCorrection();
    if (correctionId !== undefined && last?.id !== correctionId) {
      const asked = this.repo.correction(correctionId);
      if (asked === null) throw new ApiError('not_found', `no correction with id ${correctionId}`);
      if (asked.undoneAt !== null) throw new ApiError('conflict', `correction ${correctionId} was undone already`);
      throw new ApiError('conflict', `correction ${correctionId} is not the latest: undo the corrections made after it first`);
    }
    if (last === null) throw new ApiError('not_found', 'no correction to undo');
    const undo = JSON.parse(last.undo) as Undo;
    const gone = this.gone(undo);
    if (gone !== null) {
      // Nothing left to undo: off the stack, so the corrections before it can be undone.
      this.repo.markCorrectionUndone(last.id);
      throw new ApiError('conflict', `cannot undo: ${gone}`);
    }
    return this.catalog.transaction(() => {
      const done = this.apply(undo);
      this.repo.markCorrectionUndone(last.id);
      return { correctionId: last.id, kind: undo.kind, searchable: [], unsearchable: [], ...done };
    });
  }

  /** Why a correction can no longer be undone (what it changed was undone or forgotten since), or null. */
  private gone(undo: Undo): string | null {
    if (undo.kind === 'merge') {
      const merge = this.repo.getMerge(undo.mergeId);
      return merge === null || merge.undoneAt !== null ? `merge ${undo.mergeId} was undone or forgotten since` : null;
    }
    if ((undo.kind === 'hide' || undo.kind === 'show') && this.repo.get(undo.personId) === null) return `person ${undo.personId} was forgotten since`;
    return null;
  }

  private apply(undo: Undo): Pick<Undone, 'people'> & Partial<Undone> {
    switch (undo.kind) {
      case 'merge': {
        const merge = this.repo.getMerge(undo.mergeId)!;
        const survivor = this.repo.survivorOf(merge.intoPersonId);
        this.repo.undoMerge(merge);
        return { people: [merge.fromPersonId, survivor] };
      }
      case 'hide':
      case 'show':
        this.repo.setHidden(undo.personId, undo.hidden);
        return { people: [undo.personId] };
      case 'not-same-person':
        if (undo.added) this.repo.dropPairRejection(undo.personId, undo.otherPersonId);
        return { people: [undo.personId, undo.otherPersonId] };
      default:
        return this.restoreFaces(undo);
    }
  }

  private restoreFaces(undo: FacesUndo): Pick<Undone, 'people' | 'searchable' | 'unsearchable'> {
    const now = this.repo.faceStates(undo.faces.map((f) => f.faceId)).faces;
    this.repo.restoreFaceStates(undo);
    if (undo.createdPersonId !== null) this.repo.deleteIfEmpty(undo.createdPersonId);
    const wasIgnored = new Set(undo.faces.filter((f) => f.ignoredAt !== null).map((f) => f.faceId));
    const people = [...undo.faces, ...now].flatMap((f) => (f.personId === null ? [] : [f.personId]));
    return {
      people: [...new Set(people)],
      searchable: now.filter((f) => f.ignoredAt !== null && !wasIgnored.has(f.faceId)).map((f) => f.faceId),
      unsearchable: now.filter((f) => f.ignoredAt === null && wasIgnored.has(f.faceId)).map((f) => f.faceId),
    };
  }
}
