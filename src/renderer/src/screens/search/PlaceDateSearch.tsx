import { useId, useState, type FormEvent } from 'react';
import type { PhotoSearchFilter } from '../../../../shared/places-api';
import { useApi } from '../../data/useApi';
import { PlaceDateResults } from './PlaceDateResults';
import './place-date-search.css';

interface Props {
  /** The search shown (kept by the Search screen, which narrows a selfie search with it too). */
  filter: PhotoSearchFilter | undefined;
  onSearch: (filter: PhotoSearchFilter | undefined) => void;
}

/** "Where and when": photos taken at a place (named offline from their GPS) and/or between two dates. */
export function PlaceDateSearch({ filter, onSearch }: Props) {
  const ids = { place: useId(), from: useId(), to: useId(), places: useId() };
  const [place, setPlace] = useState(filter?.place ?? '');
  const [from, setFrom] = useState(filter?.from ?? '');
  const [to, setTo] = useState(filter?.to ?? '');
  const { data: places } = useApi('listPlaces', { limit: 200 });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { place: place.trim() || undefined, from: from || undefined, to: to || undefined };
    onSearch(next.place || next.from || next.to ? next : undefined);
  };

  return (
    <section className="place-date-search" aria-labelledby={`${ids.place}-heading`}>
      <h2 id={`${ids.place}-heading`}>Where and when</h2>
      <form className="place-date-form" onSubmit={submit}>
        <span className="inline-field">
          <label htmlFor={ids.place}>Place</label>
          <input id={ids.place} type="search" list={ids.places} placeholder="Town or country" value={place} onChange={(e) => setPlace(e.target.value)} />
          <datalist id={ids.places}>
            {places?.map((p) => (
              <option key={`${p.city}-${p.countryCode}`} value={p.city}>
                {`${p.city}, ${p.country} (${p.photoCount})`}
              </option>
            ))}
          </datalist>
        </span>
        <span className="inline-field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </span>
        <span className="inline-field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </span>
        <button type="submit" disabled={!place.trim() && !from && !to}>
          Find photos
        </button>
        {filter && (
          <button
            type="button"
            onClick={() => {
              onSearch(undefined);
              setPlace('');
              setFrom('');
              setTo('');
            }}
          >
            Clear
          </button>
        )}
      </form>
      {filter && <PlaceDateResults filter={filter} />}
    </section>
  );
}
