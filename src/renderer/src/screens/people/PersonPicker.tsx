import type { PersonSummary } from '../../../../shared/people-api';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatCount } from '../../format';
import { personName, sortPeople } from './sortPeople';

interface Props {
  id: string;
  label: string;
  value: PersonSummary | null;
  onChange: (person: PersonSummary | null) => void;
  /** Not offered, e.g. the person being merged away. */
  excludeId?: number;
}

/** A labelled choice among the visible people, named ones first. */
export function PersonPicker({ id, label, value, onChange, excludeId }: Props) {
  const { data: people } = useApiQuery('listPeople', { includeHidden: false }, ['library-changed']);
  const options = sortPeople(people ?? []).filter((p) => p.id !== excludeId);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value?.id ?? ''}
        onChange={(e) => onChange(options.find((p) => String(p.id) === e.target.value) ?? null)}
      >
        <option value="">Choose a person…</option>
        {options.map((p) => (
          <option key={p.id} value={p.id}>
            {personName(p)} ({formatCount(p.photoCount, 'photo')})
          </option>
        ))}
      </select>
    </>
  );
}
