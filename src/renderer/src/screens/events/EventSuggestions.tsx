import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventSuggestion } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFacetEvents } from '../../hooks/useFacetEvents';
import { useThrottledCallback } from '../../hooks/useThrottledCallback';
import { errorMessage } from '../../transport/ClientError';
import { EventSuggestionCard } from './EventSuggestionCard';

/**
 * Recomputing reads every dated photo (a few hundred ms at 100,000 photos), so while photos keep
 * landing it runs at most this often; the stored suggestions show meanwhile.
 */
const recomputeIntervalMs = 10_000;

/**
 * Runs of photos close in time and place that could be events; the user accepts or dismisses
 * each. The ones found before show at once, while the engine looks again in the background
 * (as the screen opens, and as the library changes), so nobody has to ask for them.
 */
export function EventSuggestions({ onAccepted }: { onAccepted: () => void }) {
  const client = useClient();
  const stored = useApiQuery('listEventSuggestions', {}, []);
  const [fresh, setFresh] = useState<EventSuggestion[] | undefined>(undefined);
  const [looking, setLooking] = useState(true);
  const [lookError, setLookError] = useState<string | null>(null);
  // Answered ones leave at once, even if a recomputation that started before brings them back.
  const [decided, setDecided] = useState<ReadonlySet<number>>(new Set());

  const generation = useRef(0);
  const recompute = useCallback(() => {
    const mine = ++generation.current;
    setLooking(true);
    client.call('suggestEvents', {}).then(
      (list) => {
        if (mine !== generation.current) return;
        setFresh(list);
        setLookError(null);
        setLooking(false);
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setLookError(errorMessage(error));
        setLooking(false);
      },
    );
  }, [client]);
  useEffect(() => {
    recompute();
    return () => {
      // A late answer after leaving the screen is dropped.
      generation.current++;
    };
  }, [recompute]);
  const throttledRecompute = useThrottledCallback(recompute, recomputeIntervalMs);
  useFacetEvents((event) => {
    if (event.type === 'library-changed') throttledRecompute();
  });

  const shown = (fresh ?? stored.data)?.filter((suggestion) => !decided.has(suggestion.id));

  return (
    <section className="event-suggestions" aria-label="Suggested events">
      <div className="section-heading">
        <h2>Suggestions</h2>
        <p className="suggestions-status" role="status">
          {looking ? 'Looking for new suggestions…' : ''}
        </p>
      </div>
      <ErrorBanner error={stored.error ?? lookError} />
      {shown?.length === 0 && !looking && (
        <p className="empty-note">No open suggestions. Facet suggests events from photos taken close together in time and place.</p>
      )}
      <ul className="suggestion-list">
        {shown?.map((suggestion) => (
          <li key={suggestion.id}>
            <EventSuggestionCard
              suggestion={suggestion}
              onDecided={(accepted) => {
                setDecided((ids) => new Set(ids).add(suggestion.id));
                if (accepted) onAccepted();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
