import { formatCount, formatMonth } from '../../format';

export function GridHeaderRow({ month, count }: { month: string; count: number }) {
  return (
    <div className="grid-header">
      <h2>{formatMonth(month)}</h2>
      <span className="grid-header-count">{formatCount(count, 'item')}</span>
    </div>
  );
}
