import { useState } from 'react';
import type { EventSuggestion } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format';
import { useChange } from '../../data/useChange';
import { formatEventSpan } from './eventDates';

/** One suggestion: its name can be edited before accepting. */
export function EventSuggestionCard({ suggestion, onDecided }: { suggestion: EventSuggestion; onDecided: () => void }) {
  const client = useClient();
  const action = useChange(['events']);
  // Until the user types, the name follows the suggestion: a recomputation in the background may
  // rename it (a stored suggestion from an older version, a run that grew).
  const [edited, setEdited] = useState<string | null>(null);
  const name = edited ?? suggestion.name;
  const inputId = `suggestion-name-${suggestion.id}`;

  const accept = async () => {
    const event = await action.run(() => client.call('acceptEventSuggestion', { suggestionId: suggestion.id, name: name.trim() || undefined }));
    if (event) onDecided();
  };
  const dismiss = async () => {
    if (await action.run(() => client.call('dismissEventSuggestion', { suggestionId: suggestion.id }))) onDecided();
  };

  return (
    <article className="suggestion-card" aria-label={`Suggestion: ${suggestion.name}`}>
      {suggestion.coverPhotoId !== null ? (
        <img className="event-cover" src={client.mediaUrl('thumb', suggestion.coverPhotoId)} alt="" loading="lazy" data-photo-id={suggestion.coverPhotoId} />
      ) : (
        <span className="event-cover" aria-hidden="true" />
      )}
      <div className="suggestion-body">
        <label htmlFor={inputId}>Event name</label>
        <input id={inputId} type="text" value={name} maxLength={200} onChange={(e) => setEdited(e.target.value)} />
        <p className="event-meta">
          {formatCount(suggestion.photoCount, 'photo')} · {formatEventSpan(suggestion.startsAt, suggestion.endsAt)}
        </p>
        <div className="suggestion-actions">
          <button type="button" className="primary" disabled={action.busy} onClick={() => void accept()}>
            Accept
          </button>
          <button type="button" disabled={action.busy} onClick={() => void dismiss()}>
            Dismiss
          </button>
        </div>
        <ErrorBanner error={action.error} />
      </div>
    </article>
  );
}
