import type { Correction, PersonSummary, SamePersonSuggestion } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { useUndoToast } from '../../components/UndoToast';
import { formatCount } from '../../format';
import type { Change } from '../../data/useChange';
import { useApi } from '../../data/useApi';
import { FaceThumb } from './FaceThumb';
import { personName } from './sortPeople';

/** Pairs shown at once: the closest, since each answer brings the next. */
const shown = 12;

interface Props {
  /** A people change: answers and their undo are fetched again through it. */
  action: Change;
}

/**
 * "Same person?": pairs of people the clustering kept apart that may well be one, closest first,
 * each with the faces that make them alike (their closest faces, else their covers). Yes merges
 * them, No is remembered; both can be undone.
 */
export function SamePersonSuggestions({ action }: Props) {
  const client = useClient();
  const undoToast = useUndoToast();
  const suggestions = useApi('listSamePersonSuggestions', { limit: shown });
  if (!suggestions.data?.length) return null;

  const answer = async (pair: SamePersonSuggestion, same: boolean) => {
    const input = { personId: pair.person.id, otherPersonId: pair.other.id };
    const names = `${personName(pair.person)} and ${personName(pair.other)}`;
    const done = await action.run<Correction>(() =>
      same ? client.call('acceptSamePersonSuggestion', input) : client.call('rejectSamePersonSuggestion', input),
    );
    if (done) undoToast({ message: same ? `${names} are one person now.` : `${names} will not be suggested again.`, correction: done });
  };

  return (
    <section className="same-person" aria-labelledby="same-person-heading">
      <h2 id="same-person-heading">Same person?</h2>
      <p className="hint">These look alike. Say whether each pair is one person: yes merges them, no keeps them apart for good.</p>
      <ul className="same-person-list" aria-label="Same person suggestions">
        {suggestions.data.map((pair) => {
          const label = `${personName(pair.person)} and ${personName(pair.other)}`;
          return (
            <li
              key={`${pair.person.id}-${pair.other.id}`}
              className="same-person-pair"
              aria-label={label}
              data-person-ids={`${pair.person.id},${pair.other.id}`}
            >
              <Side person={pair.person} faceId={pair.nearest?.faceId ?? pair.person.coverFaceId} />
              <span className="same-person-question" aria-hidden="true">
                ?
              </span>
              <Side person={pair.other} faceId={pair.nearest?.otherFaceId ?? pair.other.coverFaceId} />
              <div className="same-person-answers">
                <button type="button" className="primary" disabled={action.busy} onClick={() => void answer(pair, true)} aria-label={`Same person: ${label}`}>
                  Same person
                </button>
                <button type="button" disabled={action.busy} onClick={() => void answer(pair, false)} aria-label={`Not the same person: ${label}`}>
                  Not the same
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Side({ person, faceId }: { person: PersonSummary; faceId: number | null }) {
  return (
    <a className="same-person-side" href={`#/people/${person.id}`}>
      <FaceThumb faceId={faceId} alt="" size={72} />
      <span className={person.name === null ? 'name-placeholder' : undefined}>{personName(person)}</span>
      <span className="person-counts">{formatCount(person.photoCount, 'photo')}</span>
    </a>
  );
}
