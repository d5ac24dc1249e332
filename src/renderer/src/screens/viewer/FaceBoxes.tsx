import type { NamedFace } from '../../hooks/usePhotoFaces';
import { personName } from '../people/sortPeople';
import { boxPercentStyle, type Size } from './faceGeometry';

interface Props {
  faces: readonly NamedFace[];
  image: Size;
  /** The face being fixed: its box is marked. */
  selectedId: number | null;
  /** A box's Fix button was pressed: fix that face (beside the photo). */
  onSelect: (faceId: number | null) => void;
}

/** A frame over each face of the shown image, linking to the face's person, with a button to fix the face. */
export function FaceBoxes({ faces, image, selectedId, onSelect }: Props) {
  return (
    <div className="face-boxes">
      {faces.map(({ face, person }, index) => {
        const name = person ? personName(person) : 'Unsorted face';
        const selected = face.id === selectedId;
        return (
          <div key={face.id} className={`face-box-frame${selected ? ' selected' : ''}`} style={boxPercentStyle(face.box, image)}>
            <a
              className={`face-box${person ? '' : ' face-box-unsorted'}`}
              href={person ? `#/people/${person.id}` : '#/people/unsorted'}
              aria-label={`Face ${index + 1}: ${name}`}
              data-face-id={face.id}
            >
              <span className="face-box-label">{name}</span>
            </a>
            <button
              type="button"
              className="face-box-fix"
              aria-label={`Fix face ${index + 1}`}
              aria-pressed={selected}
              title="Fix this face"
              onClick={() => onSelect(selected ? null : face.id)}
            >
              ✎
            </button>
          </div>
        );
      })}
    </div>
  );
}
