import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useUndoToast } from '../../components/UndoToast';
import { formatCount } from '../../format';
import { useChange } from '../../data/useChange';
import { FaceCollection } from './FaceCollection';

/** Faces set aside as "not a face": out of people, unsorted faces and search until taken back here. */
export function IgnoredFacesPage() {
  const client = useClient();
  const action = useChange(['people']);
  const undoToast = useUndoToast();

  const takeBack = async (faceIds: number[], clear: () => void) => {
    const back = await action.run(() => client.call('setFacesIgnored', { faceIds, ignored: false }));
    if (!back) return;
    clear();
    undoToast({ message: `${formatCount(faceIds.length, 'face')} back among the unsorted faces.`, correction: back });
  };

  return (
    <section className="people">
      <div className="screen-heading">
        <a className="back-link" href="#/people/unsorted">
          ← Unsorted faces
        </a>
        <h1>Not faces</h1>
      </div>
      <p className="hint">What you set aside as not a face. A face taken back joins the unsorted faces.</p>
      <ErrorBanner error={action.error} />
      <FaceCollection
        title="Set aside as not a face"
        faces={{ method: 'listIgnoredFaces', input: {} }}
        actions={(faceIds, clear) => (
          <button type="button" disabled={action.busy} onClick={() => void takeBack(faceIds, clear)}>
            It is a face
          </button>
        )}
      />
    </section>
  );
}
