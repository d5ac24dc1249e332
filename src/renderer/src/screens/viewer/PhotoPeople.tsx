import type { NamedFace } from '../../hooks/usePhotoFaces';
import { FaceThumb } from '../people/FaceThumb';
import { personName } from '../people/sortPeople';

/** The people in the photo, as a list beside it (the boxes on the image say the same). */
export function PhotoPeople({ faces }: { faces: readonly NamedFace[] }) {
  return (
    <section aria-label="People in this photo">
      <h3>People</h3>
      {faces.length === 0 ? (
        <p>No faces</p>
      ) : (
        <ul className="photo-people">
          {faces.map(({ face, person }) => (
            <li key={face.id}>
              <FaceThumb faceId={face.id} alt="" size={36} />
              {person ? <a href={`#/people/${person.id}`}>{personName(person)}</a> : <a href="#/people/unsorted">Unsorted face</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
