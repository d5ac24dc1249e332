import { useCallback, useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { InlineNameEditor } from '../../components/InlineNameEditor';
import { useUndoToast } from '../../components/UndoToast';
import { formatCount } from '../../format';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { navigate } from '../../hooks/useHashRoute';
import { useMergePeople } from '../../hooks/useMergePeople';
import { PagedPhotos } from '../library/PagedPhotos';
import { FaceCollection } from './FaceCollection';
import { FaceThumb } from './FaceThumb';
import { ForgetPersonDialog } from './ForgetPersonDialog';
import { MergeIntoForm } from './MergeIntoForm';
import { PersonFaceActions } from './PersonFaceActions';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { personName } from './sortPeople';

export function PersonPage({ personId }: { personId: number }) {
  const client = useClient();
  const query = useApi('getPerson', { personId });
  const action = useChange(['people']);
  const undoToast = useUndoToast();
  const [panel, setPanel] = useState<'merge' | 'forget' | null>(null);
  const merge = useMergePeople(
    useCallback(
      (current: PersonSummary) => {
        if (current.id !== personId) navigate(`people/${current.id}`);
      },
      [personId],
    ),
  );

  const person = query.data;
  useDocumentTitle(person ? personName(person) : undefined);
  if (!person) {
    return (
      <section className="person-page">
        <a className="back-link" href="#/people">
          ← People
        </a>
        <ErrorBanner error={query.error} />
      </section>
    );
  }
  const name = personName(person);
  const setHidden = async (hidden: boolean) => {
    const done = await action.run(() => client.call('setPersonHidden', { personId, hidden }));
    if (done) undoToast({ message: hidden ? `${name} is hidden from People.` : `${name} shows in People again.`, correction: done });
  };

  return (
    <section className="person-page" aria-label={name}>
      <div className="person-head">
        <a className="back-link" href="#/people">
          ← People
        </a>
        <FaceThumb faceId={person.coverFaceId} alt="" size={56} />
        <InlineNameEditor
          value={person.name}
          placeholder={name}
          subject="person"
          allowEmpty
          onSave={async (newName) => {
            const renamed = await action.run(() => client.call('renamePerson', { personId, name: newName }));
            return renamed !== undefined;
          }}
        />
        <span className="heading-count">
          {formatCount(person.photoCount, 'photo')} · {formatCount(person.faceCount, 'face')}
          {person.hidden && ' · hidden'}
        </span>
        <div className="person-actions">
          <button type="button" disabled={action.busy} onClick={() => void setHidden(!person.hidden)}>
            {person.hidden ? 'Show in People' : 'Hide'}
          </button>
          <button type="button" onClick={() => setPanel(panel === 'merge' ? null : 'merge')}>
            Merge into…
          </button>
          <button type="button" className="danger" onClick={() => setPanel('forget')}>
            Forget…
          </button>
        </div>
      </div>
      {panel === 'merge' && (
        <MergeIntoForm
          person={person}
          onMerge={(into) => {
            setPanel(null);
            void action.run(() => merge(person, into));
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel === 'forget' && <ForgetPersonDialog person={person} onForgotten={() => navigate('people')} onCancel={() => setPanel(null)} />}
      <ErrorBanner error={action.error} />
      <FaceCollection
        title={`Faces of ${name}`}
        faces={{ method: 'listPersonFaces', input: { personId } }}
        actions={(faceIds, clear) => <PersonFaceActions person={person} faceIds={faceIds} action={action} onDone={clear} />}
      />
      <PagedPhotos sequence={{ method: 'listPersonPhotos', input: { personId } }} label={`Photos of ${name}`} place={{ kind: 'person' }} />
    </section>
  );
}
