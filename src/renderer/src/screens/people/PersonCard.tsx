import { useState, type DragEvent } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { InlineNameEditor } from '../../components/InlineNameEditor';
import { formatCount } from '../../format';
import { FaceThumb } from './FaceThumb';
import { MergeIntoForm } from './MergeIntoForm';
import { personName } from './sortPeople';
import './people-overview.css';

/** Drag payload of a person card; files dragged in from outside never carry it. */
const personDragType = 'application/x-facet-person';

interface Props {
  person: PersonSummary;
  /** Merge the person with this id into `into` (a card dropped on another, or the menu). */
  onMergeInto: (personId: number, into: PersonSummary) => void;
  /** Names (or renames) the person; resolves true once saved. */
  onRename: (name: string | null) => Promise<boolean>;
}

export function PersonCard({ person, onMergeInto, onRename }: Props) {
  const [dropTarget, setDropTarget] = useState(false);
  const [merging, setMerging] = useState(false);
  const name = personName(person);

  const carriesPerson = (event: DragEvent) => event.dataTransfer.types.includes(personDragType);
  const onDragOver = (event: DragEvent) => {
    if (!carriesPerson(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropTarget(true);
  };
  const onDrop = (event: DragEvent) => {
    setDropTarget(false);
    if (!carriesPerson(event)) return;
    event.preventDefault();
    const draggedId = Number(event.dataTransfer.getData(personDragType));
    if (draggedId !== person.id) onMergeInto(draggedId, person);
  };

  return (
    <article
      className={`person-card${dropTarget ? ' drop-target' : ''}`}
      aria-label={name}
      data-person-id={person.id}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(personDragType, String(person.id));
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
    >
      <a className="person-card-link" href={`#/people/${person.id}`} draggable={false} aria-label={`Open ${name}`}>
        <FaceThumb faceId={person.coverFaceId} alt="" size={132} />
      </a>
      <InlineNameEditor
        value={person.name}
        placeholder={name}
        subject="person"
        allowEmpty
        level={2}
        buttonLabel={`${person.name === null ? 'Name' : 'Rename'} ${name}`}
        onSave={onRename}
      />
      <span className="person-counts">{formatCount(person.photoCount, 'photo')}</span>
      {person.hidden && <span className="person-badge">Hidden</span>}
      {merging ? (
        <MergeIntoForm person={person} onMerge={(into) => onMergeInto(person.id, into)} onCancel={() => setMerging(false)} />
      ) : (
        <button type="button" className="person-card-merge" aria-label={`Merge ${name} into…`} onClick={() => setMerging(true)}>
          Merge into…
        </button>
      )}
    </article>
  );
}
