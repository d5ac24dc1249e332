import { useCallback, useState } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../hooks/useAction';
import { useApiQuery } from '../../hooks/useApiQuery';
import { FaceCollection } from './FaceCollection';
import { UnsortedFaceActions } from './UnsortedFaceActions';

/** Faces clustering left without a person (too few alike, or rejected from one). */
export function UnsortedFacesPage() {
  const client = useClient();
  const action = useAction();
  const [revision, setRevision] = useState(0);
  const loadPage = useCallback((offset: number, limit: number) => client.call('listUnsortedFaces', { offset, limit }), [client]);
  const ignored = useApiQuery('listIgnoredFaces', { offset: 0, limit: 1 }, ['library-changed']);

  return (
    <section className="people">
      <div className="screen-heading">
        <a className="back-link" href="#/people">
          ← People
        </a>
        <h1>Unsorted faces</h1>
        {ignored.data !== undefined && ignored.data.total > 0 && (
          <a className="heading-link" href="#/people/ignored">
            Not faces ({ignored.data.total})
          </a>
        )}
      </div>
      <p className="hint">Select faces of one person, then make them a new person or add them to someone. ⤢ shows a face in its photo.</p>
      <ErrorBanner error={action.error} />
      <FaceCollection
        title="Faces without a person"
        loadPage={loadPage}
        sequenceKey="unsorted"
        revision={revision}
        actions={(faceIds, clear) => (
          <UnsortedFaceActions
            faceIds={faceIds}
            action={action}
            onDone={() => {
              clear();
              setRevision((r) => r + 1);
            }}
          />
        )}
      />
    </section>
  );
}
