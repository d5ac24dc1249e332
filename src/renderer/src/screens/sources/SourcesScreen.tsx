import { useState } from 'react';
import { useApi } from '../../data/useApi';
import { useIndexProgress } from '../../hooks/useIndexProgress';
import { AddFolderForm } from './AddFolderForm';
import { AddS3Form } from './AddS3Form';
import { BackgroundJobs } from './BackgroundJobs';
import { XmpSidecarSetting } from '../../components/selection/XmpSidecarSetting';
import { FaceDetectionSetting } from './FaceDetectionSetting';
import { IndexErrorList } from './IndexErrorList';
import { IndexingPause } from './IndexingPause';
import { SourceCard } from './SourceCard';

export function SourcesScreen() {
  const sources = useApi('listSources', {});
  const progress = useIndexProgress();
  const [addingS3, setAddingS3] = useState(false);

  return (
    <section className="sources">
      <div className="screen-heading">
        <h1>Sources</h1>
        <IndexingPause />
      </div>
      <div className="add-sources">
        <AddFolderForm />
        <button type="button" aria-expanded={addingS3} onClick={() => setAddingS3(!addingS3)}>
          Add S3 bucket…
        </button>
      </div>
      {addingS3 && <AddS3Form onAdded={() => setAddingS3(false)} onCancel={() => setAddingS3(false)} />}
      {sources.error && (
        <p className="error-banner" role="alert">
          {sources.error}
        </p>
      )}
      {sources.data?.length === 0 && <p className="empty-note">No sources yet. Add a folder of photos, or an S3 bucket, to start.</p>}
      <ul className="source-list" aria-label="Sources">
        {sources.data?.map((source) => (
          <li key={source.id}>
            <SourceCard source={source} progress={progress.get(source.id)} />
          </li>
        ))}
      </ul>
      <FaceDetectionSetting />
      <XmpSidecarSetting />
      <BackgroundJobs />
      <IndexErrorList />
    </section>
  );
}
