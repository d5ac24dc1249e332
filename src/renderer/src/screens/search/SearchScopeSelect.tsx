import { useId } from 'react';
import type { SearchScope } from '../../../../shared/people-api';
import { useApi } from '../../data/useApi';

/** Where to search: the whole library or one event. */
export function SearchScopeSelect({ scope, onChange }: { scope: SearchScope; onChange: (scope: SearchScope) => void }) {
  const id = useId();
  const { data: events } = useApi('listEvents', {});
  const value = scope.kind === 'event' ? `event:${scope.eventId}` : 'library';
  return (
    <span className="inline-field">
      <label htmlFor={id}>Search in</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const eventId = Number(e.target.value.replace(/^event:/, ''));
          onChange(e.target.value === 'library' ? { kind: 'library' } : { kind: 'event', eventId });
        }}
      >
        <option value="library">Whole library</option>
        {events?.map((event) => (
          <option key={event.id} value={`event:${event.id}`}>
            Event: {event.name}
          </option>
        ))}
      </select>
    </span>
  );
}
