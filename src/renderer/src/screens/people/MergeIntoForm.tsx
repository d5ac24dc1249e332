import { useState, type FormEvent } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { PersonPicker } from '../../components/PersonPicker';

interface Props {
  person: PersonSummary;
  onMerge: (into: PersonSummary) => void;
  onCancel: () => void;
}

/** The keyboard way to merge: choose the person who keeps the faces. */
export function MergeIntoForm({ person, onMerge, onCancel }: Props) {
  const [into, setInto] = useState<PersonSummary | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (into) onMerge(into);
  }

  return (
    <form className="merge-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <PersonPicker label="Merge into" value={into} onChange={setInto} excludeIds={[person.id]} autoFocus />
      <button type="submit" className="primary" disabled={!into}>
        Merge
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
