import type { TileClick } from './useGridSelection';

/** What a photo tile can do besides showing itself: one object per selection state, so rows re-render only when it changes. */
export interface TileActions {
  /** Something is selected: every tile shows its checkbox, and a plain click selects. */
  selecting: boolean;
  isSelected: (photoId: number) => boolean;
  onClick: (offset: number, photoId: number, how: TileClick) => void;
  onFavourite: (photoId: number, favourite: boolean) => void;
}
