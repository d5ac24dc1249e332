import type { NamedFace } from '../../hooks/usePhotoFaces';
import { FaceThumb } from '../people/FaceThumb';
import { personName } from '../people/sortPeople';
import { formatClockTime } from '../../format';
import { FaceFixer } from './FaceFixer';

interface Props {
  faces: readonly NamedFace[];
  /** The face being fixed (chosen here or on its box), or null. */
  selectedId: number | null;
  onSelect: (faceId: number | null) => void;
}

/** The people in the photo, as a list beside it (the boxes on the image say the same); each face can be fixed here. */
export function PhotoPeople({ faces, selectedId, onSelect }: Props) {
  return (
    <section aria-label="People in this photo">
      <h3>People</h3>
      {faces.length === 0 ? (
        <p>No faces</p>
      ) : (
        <ul className="photo-people">
          {faces.map((named, index) => {
            const { face, person } = named;
            const selected = face.id === selectedId;
            return (
              <li key={face.id} className={selected ? 'selected' : undefined}>
                <div className="photo-person">
                  <FaceThumb faceId={face.id} alt="" size={36} />
                  {person ? <a href={`#/people/${person.id}`}>{personName(person)}</a> : <a href="#/people/unsorted">Unsorted face</a>}
                  {face.frameSeconds !== null && (
                    <button
                      type="button"
                      className="photo-person-time"
                      aria-label={`Show face ${index + 1} at ${formatClockTime(face.frameSeconds)} in the video`}
                      onClick={() => onSelect(face.id)}
                    >
                      {formatClockTime(face.frameSeconds)}
                    </button>
                  )}
                  <button
                    type="button"
                    className="photo-person-fix"
                    aria-expanded={selected}
                    aria-label={`Fix face ${index + 1}: ${person ? personName(person) : 'Unsorted face'}`}
                    onClick={() => onSelect(selected ? null : face.id)}
                  >
                    Fix
                  </button>
                </div>
                {selected && <FaceFixer face={named} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
