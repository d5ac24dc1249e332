import type { LibraryFilter } from '../../../../shared/organize-api';
import './selection.css';

interface Props {
  filter: LibraryFilter;
  onChange: (filter: LibraryFilter) => void;
}

/** Narrows the library grid to favourites, to photos of at least some stars, or to the hidden photos (to unhide them). */
export function LibraryFilterBar({ filter, onChange }: Props) {
  // Absent rather than false: the read's input (its cache key) is the same as without the filter.
  const set = (change: Partial<LibraryFilter>) => onChange(withoutUnset({ ...filter, ...change }));
  return (
    <div className="library-filters" role="group" aria-label="Filter photos">
      <button type="button" aria-pressed={filter.favourites === true} onClick={() => set({ favourites: filter.favourites ? undefined : true })}>
        ♥ Favourites
      </button>
      <label htmlFor="library-min-rating" className="visually-hidden">
        Minimum rating
      </label>
      <select
        id="library-min-rating"
        value={filter.minRating ?? ''}
        onChange={(e) => set({ minRating: e.target.value === '' ? undefined : Number(e.target.value) })}
      >
        <option value="">Any rating</option>
        {[1, 2, 3, 4, 5].map((stars) => (
          <option key={stars} value={stars}>
            {'★'.repeat(stars)}
            {stars < 5 ? ' and up' : ''}
          </option>
        ))}
      </select>
      <button type="button" aria-pressed={filter.hidden === true} onClick={() => set({ hidden: filter.hidden ? undefined : true })}>
        Hidden photos
      </button>
    </div>
  );
}

function withoutUnset(filter: LibraryFilter): LibraryFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as LibraryFilter;
}
