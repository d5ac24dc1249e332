import { useState } from 'react';
import { ErrorBanner } from '../ErrorBanner';
import { formatCount, formatNumber } from '../../format';
import { AddToEventControl } from './AddToEventControl';
import { ExportSelectionForm } from './ExportSelectionForm';
import { RatingControl } from './RatingControl';
import { RemoveFromEventButton } from './RemoveFromEventButton';
import type { GridSelection } from './useGridSelection';
import { useMarks } from './useMarks';
import './selection.css';

/** The grid a selection is made in: what its actions can be. */
export type SelectionPlace = { kind: 'library'; showingHidden?: boolean } | { kind: 'event'; eventId: number } | { kind: 'person' };

interface Props {
  selection: GridSelection;
  place: SelectionPlace;
  /** Photos in the grid, for "Select all". */
  total: number;
}

/** What can be done to the selected photos; shown while something is selected. */
export function SelectionBar({ selection, place, total }: Props) {
  const marks = useMarks();
  const [exporting, setExporting] = useState(false);
  const count = selection.ids.size;
  if (count === 0) return null;
  const photoIds = [...selection.ids];
  const showingHidden = place.kind === 'library' && place.showingHidden === true;
  // Hidden or unhidden photos leave the grid showing them: nothing selected is left to see.
  const hide = async () => {
    if (await marks.hide(photoIds, !showingHidden)) selection.clear();
  };

  return (
    // Buttons stay enabled while a change runs: disabling the one just pressed would drop focus to the page.
    <div className="selection-bar" role="toolbar" aria-label="Selected photos" aria-busy={marks.busy}>
      <div className="selection-bar-row">
        <span className="selection-count" role="status">
          {formatCount(count, 'photo')} selected
        </span>
        <button type="button" onClick={() => void selection.selectAll()} disabled={count >= total}>
          Select all {formatNumber(total)}
        </button>
        <button type="button" onClick={selection.clear} aria-label="Clear selection">
          ✕ Clear
        </button>
        <span className="selection-bar-gap" />
        <button type="button" onClick={() => void marks.favourite(photoIds, true)}>
          ♥ Favourite
        </button>
        <button type="button" onClick={() => void marks.favourite(photoIds, false)}>
          ♡ Unfavourite
        </button>
        <RatingControl label="Rate selected photos" value={null} onRate={(rating) => void marks.rate(photoIds, rating)} />
        <button type="button" onClick={() => void hide()}>
          {showingHidden ? 'Unhide' : 'Hide from library'}
        </button>
        <AddToEventControl photoIds={photoIds} exceptEventId={place.kind === 'event' ? place.eventId : undefined} />
        {place.kind === 'event' && <RemoveFromEventButton eventId={place.eventId} photoIds={photoIds} onRemoved={selection.clear} />}
        <button type="button" aria-expanded={exporting} onClick={() => setExporting(!exporting)}>
          Export selection…
        </button>
      </div>
      {exporting && <ExportSelectionForm photoIds={photoIds} onClose={() => setExporting(false)} />}
      <ErrorBanner error={marks.error ?? selection.error} />
    </div>
  );
}
