import type { SelfieSearchResult } from '../../../../shared/people-api';
import { formatPercent } from '../../format';

export function SuggestionBanner({ suggestion }: { suggestion: NonNullable<SelfieSearchResult['suggestion']> }) {
  return (
    <p className="suggestion-banner" role="note">
      This looks like <a href={`#/people/${suggestion.personId}`}>{suggestion.name}</a>{' '}
      <span className="suggestion-confidence">({formatPercent(suggestion.confidence)} sure)</span>
    </p>
  );
}
