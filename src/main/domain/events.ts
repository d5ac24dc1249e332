/** Event vocabulary the catalog and the event suggestions share. */

/** What the cover choice needs to know about one photo of a run. */
export interface CoverCandidate {
  id: number;
  /** An image with a grid thumbnail: a cover that shows something. */
  showable: boolean;
  /** width x height; 0 when unknown. */
  pixels: number;
  /** Faces of visible people (hidden people, unsorted, forgotten and ignored faces left out). */
  faces: readonly { personId: number; named: boolean; quality: number }[];
}
