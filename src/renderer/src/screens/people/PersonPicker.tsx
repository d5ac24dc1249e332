import type { PersonSummary } from '../../../../shared/people-api';
import { PersonPicker as Picker } from '../../components/PersonPicker';

interface Props {
  /** Unused: the picker labels its own field. */
  id?: string;
  label: string;
  value: PersonSummary | null;
  onChange: (person: PersonSummary | null) => void;
  excludeId?: number;
}

/** The one person picker (components/PersonPicker.tsx) under the name and props the event screens use. */
export function PersonPicker({ label, value, onChange, excludeId }: Props) {
  return <Picker label={label} value={value} onChange={onChange} excludeIds={excludeId === undefined ? [] : [excludeId]} />;
}
