import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../hooks/useAction';
import { useApiQuery } from '../../hooks/useApiQuery';
import { EventSuggestionCard } from './EventSuggestionCard';

/** Runs of photos close in time and place that could be events; the user accepts or dismisses each. */
export function EventSuggestions({ onAccepted }: { onAccepted: () => void }) {
  const client = useClient();
  const suggestions = useApiQuery('listEventSuggestions', {}, ['library-changed']);
  const action = useAction();

  const find = () => void action.run(() => client.call('suggestEvents', {}).then(suggestions.reload));

  return (
    <section className="event-suggestions" aria-label="Suggested events">
      <div className="section-heading">
        <h2>Suggestions</h2>
        <button type="button" disabled={action.busy} onClick={find}>
          {action.busy ? 'Looking…' : 'Find suggestions'}
        </button>
      </div>
      <ErrorBanner error={suggestions.error ?? action.error} />
      {suggestions.data?.length === 0 && (
        <p className="empty-note">No open suggestions. Facet suggests events from photos taken close together in time and place.</p>
      )}
      <ul className="suggestion-list">
        {suggestions.data?.map((suggestion) => (
          <li key={suggestion.id}>
            <EventSuggestionCard
              suggestion={suggestion}
              onDecided={(accepted) => {
                suggestions.reload();
                if (accepted) onAccepted();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
