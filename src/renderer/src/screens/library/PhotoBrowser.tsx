import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { SelectionBar, type SelectionPlace } from '../../components/selection/SelectionBar';
import type { TileActions } from '../../components/selection/tileActions';
import { useMarks } from '../../components/selection/useMarks';
import { useGridSelection } from '../../components/selection/useGridSelection';
import { usePhotoRange, type PhotoSequence } from '../../data/photoPages';
import { formatNumber } from '../../format';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { PhotoGrid } from './PhotoGrid';

interface Props {
  buckets: readonly TimelineBucket[];
  sequence: PhotoSequence;
  /** Accessible name of the grid. */
  label?: string;
  /** Which grid this is, for the actions its selection offers (the library's, an event's ...). */
  place?: SelectionPlace;
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'text';
}

/** A virtual photo grid, the viewer that steps through the same sequence, and a selection of its photos with what can be done to them. */
export function PhotoBrowser({ buckets, sequence, label, place = { kind: 'library' } }: Props) {
  const [openOffset, setOpenOffset] = useState<number | null>(null);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const open = usePhotoRange(sequence, openOffset ?? 0, openOffset ?? -1);
  const openPhoto = openOffset === null ? undefined : open.photoAt(openOffset);
  const selection = useGridSelection(sequence);
  const setFavourite = useMarks().favourite;

  const actions = useMemo<TileActions>(
    () => ({
      selecting: selection.ids.size > 0,
      isSelected: selection.isSelected,
      onClick: (offset, photoId, how) => {
        if (!selection.click(offset, photoId, how)) setOpenOffset(offset);
      },
      onFavourite: (photoId, on) => void setFavourite([photoId], on),
    }),
    [selection, setFavourite],
  );

  // Ctrl/Cmd+A selects all while focus is in the grid or its bar (elsewhere it selects text);
  // Space selects the tile with focus (shift: from the last one), Enter still opens it.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a' && !isTextField(event.target)) {
      event.preventDefault();
      void selection.selectAll();
    } else if (event.key === ' ' && event.target instanceof HTMLElement && event.target.classList.contains('tile') && event.target.dataset.photoId) {
      event.preventDefault();
      selection.click(Number(event.target.dataset.offset), Number(event.target.dataset.photoId), { shift: event.shiftKey, toggle: true });
    }
  };
  // Escape clears the selection wherever focus is (it may have gone to the page), unless the viewer is open: then it closes that.
  const { clear } = selection;
  const selecting = selection.ids.size > 0;
  const viewing = openOffset !== null;
  useEffect(() => {
    if (!selecting || viewing) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || isTextField(event.target)) return;
      event.preventDefault();
      clear();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [selecting, viewing, clear]);

  return (
    <>
      <div className="browser-selection" onKeyDown={onKeyDown}>
        <SelectionBar selection={selection} place={place} total={total} />
        <div className="browser-grid">
          <PhotoGrid buckets={buckets} sequence={sequence} focusOffset={openOffset} actions={actions} label={label} />
        </div>
      </div>
      {openOffset !== null && openPhoto && (
        <PhotoViewer
          photoId={openPhoto.id}
          position={`${formatNumber(openOffset + 1)} of ${formatNumber(total)}`}
          onPrevious={openOffset > 0 ? () => setOpenOffset(openOffset - 1) : undefined}
          onNext={openOffset < total - 1 ? () => setOpenOffset(openOffset + 1) : undefined}
          onClose={() => setOpenOffset(null)}
        />
      )}
    </>
  );
}
