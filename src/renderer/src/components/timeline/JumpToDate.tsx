import { useId, useState, type FormEvent } from 'react';
import type { PhotoPage, TimelineBucket } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import type { PhotoSequence } from '../../data/photoPages';
import { formatMonth } from '../../format';
import { errorMessage } from '../../transport/ClientError';
import { firstOnOrBefore, monthForDate } from './timelineJump';

interface Props {
  buckets: readonly TimelineBucket[];
  /** The grid's photos, read for the day within a month. */
  sequence: PhotoSequence;
  onJump: (month: string) => void;
  onJumpToOffset: (offset: number) => void;
}

/** A month's photos read at most for a day's place in it (a month of more is placed in its first ones). */
const maxMonthRead = 2000;

/**
 * A date to go to: the grid shows the first photo taken on that day or before it in its month, or
 * the nearest earlier month with photos, and says so.
 */
export function JumpToDate({ buckets, sequence, onJump, onJumpToOffset }: Props) {
  const id = useId();
  const client = useClient();
  const [date, setDate] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const month = monthForDate(buckets, date);
    const bucket = buckets.find((candidate) => candidate.month === month);
    if (month === null || bucket === undefined) return;
    if (month !== date.slice(0, 7)) {
      onJump(month);
      setNote(`No photos in ${formatMonth(date.slice(0, 7))}: showing ${formatMonth(month)}`);
      return;
    }
    setNote(null);
    try {
      const window = { offset: bucket.firstOffset, limit: Math.min(bucket.count, maxMonthRead) };
      const page = (await client.call(sequence.method, { ...sequence.input, ...window } as never)) as PhotoPage;
      onJumpToOffset(bucket.firstOffset + Math.max(0, firstOnOrBefore(page.items, date)));
    } catch (error) {
      // The month at least.
      onJump(month);
      setNote(errorMessage(error));
    }
  };

  return (
    <form className="jump-to-date" onSubmit={(event) => void submit(event)}>
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
