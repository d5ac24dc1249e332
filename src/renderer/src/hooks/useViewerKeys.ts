import { useEffect, useRef } from 'react';

interface Keys {
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
  onClose: () => void;
}

/**
 * Left/right arrows step through photos and Escape closes, wherever focus is in the viewer, except
 * that arrows in a text field move its caret (the face fixer's person search).
 */
export function useViewerKeys(keys: Keys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { onPrevious, onNext, onClose } = latest.current;
      const action = event.key === 'ArrowLeft' ? onPrevious : event.key === 'ArrowRight' ? onNext : event.key === 'Escape' ? onClose : undefined;
      if (!action || (event.key !== 'Escape' && isTextField(event.target))) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}
