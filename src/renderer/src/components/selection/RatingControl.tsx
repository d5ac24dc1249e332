interface Props {
  /** Accessible name of the group of stars. */
  label: string;
  /** The current stars; null for a mixed selection (none shown lit). */
  value: number | null;
  disabled?: boolean;
  onRate: (rating: number) => void;
}

const stars = [1, 2, 3, 4, 5] as const;

/** Five star buttons and a clear button: choosing the lit top star again clears the rating. */
export function RatingControl({ label, value, disabled = false, onRate }: Props) {
  return (
    <span className="rating-control" role="group" aria-label={label}>
      {stars.map((star) => (
        <button
          key={star}
          type="button"
          className={`rating-star${value !== null && star <= value ? ' rating-star-on' : ''}`}
          aria-label={`${star} star${star === 1 ? '' : 's'}`}
          aria-pressed={value === null ? undefined : star === value}
          disabled={disabled}
          onClick={() => onRate(star === value ? 0 : star)}
        >
          {value !== null && star <= value ? '★' : '☆'}
        </button>
      ))}
      <button type="button" className="rating-clear" aria-label="No stars" disabled={disabled || value === 0} onClick={() => onRate(0)}>
        ⊘
      </button>
    </span>
  );
}
