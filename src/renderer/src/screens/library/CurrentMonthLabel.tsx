import { formatMonth } from '../../format';

/** The month of the rows at the top of the grid, so a fast scroll always says where it is. */
export function CurrentMonthLabel({ month }: { month: string }) {
  return (
    <div className="current-month" aria-label="Current month" data-month={month}>
      {formatMonth(month)}
    </div>
  );
}
