import type { QueryFace } from '../../../../shared/people-api';
import { useImageSize } from '../../hooks/useImageSize';
import { squareCropStyle } from '../viewer/faceGeometry';

interface Props {
  imageUrl: string;
  faces: readonly QueryFace[];
  usedIndex: number;
  onPick: (faceIndex: number) => void;
}

const chipSize = 56;

/** The query image holds several faces: each is a chip, the one searched for is pressed. */
export function QueryFaceChips({ imageUrl, faces, usedIndex, onPick }: Props) {
  const size = useImageSize(imageUrl);
  return (
    <div className="query-faces" role="group" aria-label="Faces in the query photo">
      <span>Search for another face:</span>
      {faces.map((face) => (
        <button
          key={face.index}
          type="button"
          className="query-face-chip"
          aria-pressed={face.index === usedIndex}
          aria-label={`Face ${face.index + 1} of the query photo`}
          onClick={() => onPick(face.index)}
        >
          <span className="query-face-crop" style={{ width: chipSize, height: chipSize }}>
            {size && <img src={imageUrl} alt="" style={squareCropStyle(face.box, size, chipSize)} draggable={false} />}
          </span>
        </button>
      ))}
    </div>
  );
}
