import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { PersonSummary } from '../../../shared/people-api';
import { formatCount } from '../format';
import { useApi } from '../data/useApi';
import { FaceThumb } from '../screens/people/FaceThumb';
import { personName, sortPeople } from '../screens/people/sortPeople';
import './PersonPicker.css';

interface Props {
  label: string;
  value: PersonSummary | null;
  onChange: (person: PersonSummary | null) => void;
  /** Not offered, such as the person being merged away. */
  excludeIds?: readonly number[];
  autoFocus?: boolean;
}

/** Options listed at once; typing narrows the rest down. */
const shownAtOnce = 60;

/**
 * The one way to choose a person (Merge into, Move to, Add to, Assign to, a guest's person): a
 * search box over the visible people, each shown with its face, name and photo count, named people
 * first. A combobox (ARIA 1.2): arrows move through the list, Enter or a click picks, Escape closes
 * the list; the choice changes only when a person is picked or the field is emptied.
 */
export function PersonPicker({ label, value, onChange, excludeIds = [], autoFocus }: Props) {
  const inputId = useId();
  const listId = useId();
  const { data: people } = useApi('listPeople', { includeHidden: false });
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const excluded = excludeIds.join(',');
  const matches = useMemo(() => {
    const skip = new Set(excluded.split(',').filter(Boolean).map(Number));
    return sortPeople(people ?? []).filter((p) => !skip.has(p.id) && matchesQuery(personName(p), query ?? ''));
  }, [people, query, excluded]);
  const shown = matches.slice(0, shownAtOnce);
  const optionId = (index: number) => `${listId}-${index}`;

  const pick = (person: PersonSummary) => {
    onChange(person);
    setQuery(null);
    setOpen(false);
  };
  const move = (by: number) => {
    setOpen(true);
    setActive((i) => (shown.length === 0 ? 0 : (i + by + shown.length) % shown.length));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && open) {
      // With the list open, Enter picks; with it closed, it submits the form around.
      event.preventDefault();
      if (shown[active]) pick(shown[active]);
    } else if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="person-picker">
      <label htmlFor={inputId}>{label}</label>
      <div className="person-picker-field">
        {value && query === null && <FaceThumb faceId={value.coverFaceId} alt="" size={24} />}
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? optionId(active) : undefined}
          autoComplete="off"
          placeholder="Search people…"
          value={query ?? (value ? personName(value) : '')}
          autoFocus={autoFocus}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
            // Only an emptied field clears the choice: typing searches, picking chooses.
            if (e.target.value === '' && value) onChange(null);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            setQuery(null);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {open && (
        <ul className="person-picker-list" role="listbox" id={listId} aria-label={label}>
          {shown.map((person, index) => (
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              aria-label={`${personName(person)}, ${formatCount(person.photoCount, 'photo')}`}
              // Picking must not blur the field first, which would close the list under the pointer.
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(person)}
            >
              <FaceThumb faceId={person.coverFaceId} alt="" size={32} />
              <span className={person.name === null ? 'name-placeholder' : undefined}>{personName(person)}</span>
              <span className="person-picker-count">{formatCount(person.photoCount, 'photo')}</span>
            </li>
          ))}
          {matches.length === 0 && <li className="person-picker-note">{people ? 'Nobody matches.' : 'Loading people…'}</li>}
          {matches.length > shown.length && <li className="person-picker-note">{matches.length - shown.length} more: type to narrow down.</li>}
        </ul>
      )}
    </div>
  );
}

/** Every word typed starts a word of the name: "to bl" finds Tony Blair, "person 6" finds person 6 but not 16. */
function matchesQuery(name: string, query: string): boolean {
  const words = name.toLocaleLowerCase().split(/\s+/);
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((typed) => words.some((word) => word.startsWith(typed)));
}
