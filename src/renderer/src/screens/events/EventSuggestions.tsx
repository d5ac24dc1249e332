import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { EventSuggestionCard } from './EventSuggestionCard';

/**
 * Runs of photos close in time and place that could be events; the user accepts or dismisses
 * each. The ones found before show at once, while the engine looks again in the background (as
 * the screen opens, and as photos or events change: at most every 10 s, see data/engineEvents.ts),
 * so nobody has to ask for them.
 */
export function EventSuggestions() {
  const stored = useApi('listEventSuggestions', {});
  const fresh = useApi('suggestEvents', {});
  // Answered ones leave at once, even if a recomputation that started before brings them back.
  const [decided, setDecided] = useState<ReadonlySet<number>>(new Set());
  const looking = fresh.fetching;

  const shown = (fresh.data ?? stored.data)?.filter((suggestion) => !decided.has(suggestion.id));

  return (
    <section className="event-suggestions" aria-label="Suggested events">
      <div className="section-heading">
        <h2>Suggestions</h2>
        <p className="suggestions-status" role="status">
          {looking ? 'Looking for new suggestions…' : ''}
        </p>
      </div>
      <ErrorBanner error={stored.error ?? fresh.error} />
      {shown?.length === 0 && !looking && (
        <p className="empty-note">No open suggestions. Facet suggests events from photos taken close together in time and place.</p>
      )}
      <ul className="suggestion-list">
        {shown?.map((suggestion) => (
          <li key={suggestion.id}>
            <EventSuggestionCard suggestion={suggestion} onDecided={() => setDecided((ids) => new Set(ids).add(suggestion.id))} />
          </li>
        ))}
      </ul>
    </section>
  );
}
