import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { PlaceDateSearch } from './PlaceDateSearch';
import { QueryFaceChips } from './QueryFaceChips';
import { SearchScopeSelect } from './SearchScopeSelect';
import { SelfieMatchCard } from './SelfieMatchCard';
import { useSelfieSearch } from './SelfieSearchContext';
import { SuggestionBanner } from './SuggestionBanner';

/** Photos by place and date, and the selfie search's results: ranked photos, who it looks like, and the other faces to try. */
export function SearchScreen() {
  const search = useSelfieSearch();
  const { images, result, busy, error } = search;
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const matches = result?.matches ?? [];
  const lessLikely = result?.lessLikely ?? [];
  // The viewer walks the likely matches, then the less likely ones.
  const all = [...matches, ...lessLikely];
  const open = openIndex === null ? undefined : all[openIndex];

  return (
    <section className="search">
      <h1>Search</h1>
      <PlaceDateSearch filter={search.filter} onSearch={search.setFilter} />
      <div className="screen-heading">
        <h2>Search by selfie</h2>
        <SearchScopeSelect scope={search.scope} onChange={search.setScope} />
        {search.filter && <span className="search-filter-note">Only photos found by Where and when</span>}
      </div>
      {images.length === 0 && !error && (
        <p className="empty-note">
          Drop a photo of a face anywhere in the window, or choose one with “Search by selfie…”, to find the photos that person is in.
        </p>
      )}
      <ErrorBanner error={error} />
      {images.length > 0 && (
        <div className="search-query">
          <img className="search-query-image" src={images[0]!.dataUrl} alt={`Query: ${images[0]!.fileName}`} />
          <div className="search-query-info">
            <p>
              {images.map((i) => i.fileName).join(', ')}
              {busy && <span role="status"> · Searching…</span>}
              {result &&
                !busy &&
                ` · ${formatCount(matches.length, 'match', 'matches')} in ${Math.round(result.timings.detectEmbedMs + result.timings.searchMs)} ms`}
            </p>
            {result && result.queryFaces.length > 1 && (
              <QueryFaceChips imageUrl={images[0]!.dataUrl} faces={result.queryFaces} usedIndex={result.usedFaceIndex} onPick={search.searchFace} />
            )}
            {result?.suggestion && <SuggestionBanner suggestion={result.suggestion} />}
          </div>
        </div>
      )}
      {result && !busy && matches.length === 0 && <p className="empty-note">No photos of this face were found here.</p>}
      <ol className="match-list" aria-label="Matches">
        {matches.map((match, index) => (
          <li key={`${match.photo.id}-${match.faceId}`}>
            <SelfieMatchCard match={match} rank={index + 1} onOpen={() => setOpenIndex(index)} />
          </li>
        ))}
      </ol>
      {lessLikely.length > 0 && (
        <details className="less-likely">
          <summary>Less likely: {formatCount(lessLikely.length, 'photo')} of faces alike that belong to other people</summary>
          <ol className="match-list" aria-label="Less likely matches">
            {lessLikely.map((match, index) => (
              <li key={`${match.photo.id}-${match.faceId}`}>
                <SelfieMatchCard match={match} rank={matches.length + index + 1} onOpen={() => setOpenIndex(matches.length + index)} />
              </li>
            ))}
          </ol>
        </details>
      )}
      {open && openIndex !== null && (
        <PhotoViewer
          photoId={open.photo.id}
          position={`${openIndex + 1} of ${all.length}`}
          onPrevious={openIndex > 0 ? () => setOpenIndex(openIndex - 1) : undefined}
          onNext={openIndex < all.length - 1 ? () => setOpenIndex(openIndex + 1) : undefined}
          onClose={() => setOpenIndex(null)}
        />
      )}
    </section>
  );
}
