import { useState } from 'react';
import type { DuplicateGroup } from '../../../../shared/api';
import { useApi } from '../../data/useApi';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { DuplicateGroupView } from './DuplicateGroupView';
import { DuplicateKindTabs, type DuplicateKind } from './DuplicateKindTabs';

export function DuplicatesScreen() {
  const [kind, setKind] = useState<DuplicateKind>('exact');
  const { data: groups, error, loading } = useApi('listDuplicates', { kind });
  const [open, setOpen] = useState<{ group: DuplicateGroup; index: number } | null>(null);

  return (
    <section className="duplicates">
      <div className="screen-heading">
        <h1>Duplicates</h1>
        <DuplicateKindTabs kind={kind} onChange={setKind} />
      </div>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <div role="tabpanel" aria-label={kind === 'exact' ? 'Exact duplicates' : 'Similar photos'}>
        {groups?.length === 0 && !loading && (
          <p className="empty-note">{kind === 'exact' ? 'No identical copies found.' : 'No near-duplicate photos found.'}</p>
        )}
        {groups?.map((group, i) => (
          <DuplicateGroupView key={group.photos.map((p) => p.id).join('-')} group={group} number={i + 1} onOpen={(index) => setOpen({ group, index })} />
        ))}
      </div>
      {open && (
        <PhotoViewer
          photoId={open.group.photos[open.index]!.id}
          position={`${open.index + 1} of ${open.group.photos.length}`}
          onPrevious={open.index > 0 ? () => setOpen({ ...open, index: open.index - 1 }) : undefined}
          onNext={open.index < open.group.photos.length - 1 ? () => setOpen({ ...open, index: open.index + 1 }) : undefined}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
