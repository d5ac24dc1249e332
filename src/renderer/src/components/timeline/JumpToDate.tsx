import { useId, useState, type FormEvent } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { formatMonth } from '../../format';
import { monthForDate } from './timelineJump';

interface Props {
  buckets: readonly TimelineBucket[];
  onJump: (month: string) => void;
}

/** A date to go to: the grid shows its month, or the nearest earlier month with photos, and says which. */
export function JumpToDate({ buckets, onJump }: Props) {
  const id = useId();
  const [date, setDate] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const month = monthForDate(buckets, date);
    if (month === null) return;
    onJump(month);
    setNote(month === date.slice(0, 7) ? null : `No photos in ${formatMonth(date.slice(0, 7))}: showing ${formatMonth(month)}`);
  };

  return (
    <form className="jump-to-date" onSubmit={submit}>
      <label htmlFor={id}>Go to date</label>
      <input id={id} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
      <button type="submit" disabled={date === ''}>
        Go
      </button>
      {note && (
        <p className="jump-note" role="status">
          {note}
        </p>
      )}
    </form>
  );
}
