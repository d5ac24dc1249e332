import type { NamedFace } from '../../hooks/usePhotoFaces';
import { personName } from '../people/sortPeople';
import { boxPercentStyle, type Size } from './faceGeometry';

/** A frame over each face of the shown image, linking to the face's person. */
export function FaceBoxes({ faces, image }: { faces: readonly NamedFace[]; image: Size }) {
  return (
    <div className="face-boxes">
      {faces.map(({ face, person }, index) => {
        const name = person ? personName(person) : 'Unsorted face';
        return (
          <a
            key={face.id}
            className={`face-box${person ? '' : ' face-box-unsorted'}`}
            href={person ? `#/people/${person.id}` : '#/people/unsorted'}
            style={boxPercentStyle(face.box, image)}
            aria-label={`Face ${index + 1}: ${name}`}
            data-face-id={face.id}
          >
            <span className="face-box-label">{name}</span>
          </a>
        );
      })}
    </div>
  );
}
