import { useClient } from '../../ClientContext';
import { useUndoToast } from '../../components/UndoToast';
import { formatCount } from '../../format';
import type { Change } from '../../data/useChange';

interface Props {
  faceIds: number[];
  action: Change;
  /** After the faces were set aside and after the undo (clear a selection). */
  onDone?: () => void;
  label?: string;
}

/** "Not a face": the detector's mistakes leave people, unsorted faces and search (undoable, and listed under Not faces). */
export function NotAFaceButton({ faceIds, action, onDone, label = 'Not a face' }: Props) {
  const client = useClient();
  const undoToast = useUndoToast();
  const ignore = async () => {
    const ignored = await action.run(() => client.call('setFacesIgnored', { faceIds, ignored: true }));
    if (!ignored) return;
    onDone?.();
    undoToast({ message: `${formatCount(faceIds.length, 'face')} set aside as not a face.`, correction: ignored, onUndone: onDone });
  };
  return (
    <button type="button" disabled={action.busy} onClick={() => void ignore()}>
      {label}
    </button>
  );
}
