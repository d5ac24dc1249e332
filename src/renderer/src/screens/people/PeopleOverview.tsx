import { useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { useMergePeople } from '../../hooks/useMergePeople';
import { PersonCard } from './PersonCard';
import { SamePersonSuggestions } from './SamePersonSuggestions';
import { sortPeople } from './sortPeople';

export function PeopleOverview() {
  const client = useClient();
  const [showHidden, setShowHidden] = useState(false);
  const people = useApi('listPeople', { includeHidden: showHidden });
  const unsorted = useApi('listUnsortedFaces', { offset: 0, limit: 1 });
  const merge = useMergePeople();
  const action = useChange(['people']);

  const sorted = sortPeople(people.data ?? []);
  const byId = new Map(sorted.map((p) => [p.id, p]));
  const mergeById = (personId: number, into: PersonSummary) => {
    const person = byId.get(personId);
    if (person && person.id !== into.id) void action.run(() => merge(person, into));
  };
  const rename = async (personId: number, name: string | null) => {
    const renamed = await action.run(() => client.call('renamePerson', { personId, name }));
    return renamed !== undefined;
  };

  return (
    <section className="people">
      <div className="screen-heading">
        <h1>People</h1>
        {people.data && <span className="heading-count">{formatCount(people.data.length, 'person', 'people')}</span>}
        <label className="checkbox-label">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          Show hidden people
        </label>
        {unsorted.data && (
          <a className="heading-link" href="#/people/unsorted">
            Unsorted faces ({unsorted.data.total})
          </a>
        )}
      </div>
      <ErrorBanner error={people.error ?? action.error} />
      {people.data?.length === 0 && (
        <p className="empty-note">No people yet. Faces are grouped into people while photos are indexed; faces that fit nobody wait under Unsorted faces.</p>
      )}
      <SamePersonSuggestions action={action} />
      {sorted.length > 0 && <p className="hint">Name people on their cards. Drag a person onto another to merge them, or use “Merge into…”.</p>}
      <ul className="people-grid" aria-label="People">
        {sorted.map((person) => (
          <li key={person.id}>
            <PersonCard person={person} onMergeInto={mergeById} onRename={(name) => rename(person.id, name)} />
          </li>
        ))}
      </ul>
    </section>
  );
}
