import { useApiQuery } from '../../hooks/useApiQuery';
import { useIndexProgress } from '../../hooks/useIndexProgress';
import { AddFolderForm } from './AddFolderForm';
import { IndexErrorList } from './IndexErrorList';
import { SourceCard } from './SourceCard';

export function SourcesScreen() {
  const sources = useApiQuery('listSources', {}, ['sources-changed', 'library-changed', 'index-progress']);
  const progress = useIndexProgress();

  return (
    <section className="sources">
      <div className="screen-heading">
        <h1>Sources</h1>
      </div>
      <AddFolderForm onAdded={sources.reload} />
      {sources.error && (
        <p className="error-banner" role="alert">
          {sources.error}
        </p>
      )}
      {sources.data?.length === 0 && <p className="empty-note">No sources yet. Add a folder of photos to start.</p>}
      <ul className="source-list" aria-label="Sources">
        {sources.data?.map((source) => (
          <li key={source.id}>
            <SourceCard source={source} progress={progress.get(source.id)} onChanged={sources.reload} />
          </li>
        ))}
      </ul>
      <IndexErrorList />
    </section>
  );
}
