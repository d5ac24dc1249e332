import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { FaceCollection } from './FaceCollection';
import { UnsortedFaceActions } from './UnsortedFaceActions';

/** Faces clustering left without a person (too few alike, or rejected from one). */
export function UnsortedFacesPage() {
  const action = useChange(['people']);
  const ignored = useApi('listIgnoredFaces', { offset: 0, limit: 1 });

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
        faces={{ method: 'listUnsortedFaces', input: {} }}
        actions={(faceIds, clear) => <UnsortedFaceActions faceIds={faceIds} action={action} onDone={clear} />}
      />
    </section>
  );
}
