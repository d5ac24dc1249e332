import type { TimelineBucket } from '../../../../shared/api';
import type { PhotoSequence } from '../../data/photoPages';
import { formatMonth } from '../../format';
import { JumpToDate } from './JumpToDate';
import { yearsOf } from './timelineJump';
import './timeline.css';

interface Props {
  buckets: readonly TimelineBucket[];
  /** The grid's photos (Go to date reads a month of them). */
  sequence: PhotoSequence;
  /** The month at the top of the grid now. */
  currentMonth: string | null;
  /** Scrolls the grid to a month's header ('YYYY-MM' or 'undated'). */
  onJump: (month: string) => void;
  /** Scrolls the grid to the row of a photo. */
  onJumpToOffset: (offset: number) => void;
}

const shortMonth = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });

/**
 * The scrubber on the grid's right edge: every year with photos, the months of the year in view,
 * and a date to jump to. A grid without month headers (a person's, an event's photos) has none.
 */
export function TimelineNav({ buckets, sequence, currentMonth, onJump, onJumpToOffset }: Props) {
  const years = yearsOf(buckets);
  if (years.length === 0) return null;
  const undated = buckets.some((bucket) => bucket.month === 'undated');
  const currentYear = currentMonth?.slice(0, 4);

  return (
    <nav className="timeline-nav" aria-label="Timeline">
      <JumpToDate buckets={buckets} sequence={sequence} onJump={onJump} onJumpToOffset={onJumpToOffset} />
      <ol className="timeline-years">
        {years.map(({ year, months }) => (
          <li key={year}>
            <button type="button" className="timeline-year" aria-current={year === currentYear ? 'true' : undefined} onClick={() => onJump(months[0]!)}>
              {year}
            </button>
            {/* The months of the year in view only: the list stays as short as the years. */}
            {year === currentYear && (
              <ol className="timeline-months">
                {months.map((month) => (
                  <li key={month}>
                    <button
                      type="button"
                      className="timeline-month"
                      aria-label={formatMonth(month)}
                      aria-current={month === currentMonth ? 'true' : undefined}
                      onClick={() => onJump(month)}
                    >
                      {shortMonth.format(new Date(`${month}-01T00:00:00Z`))}
                    </button>
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
        {undated && (
          <li>
            <button type="button" className="timeline-year" aria-current={currentMonth === 'undated' ? 'true' : undefined} onClick={() => onJump('undated')}>
              Undated
            </button>
          </li>
        )}
      </ol>
    </nav>
  );
}
