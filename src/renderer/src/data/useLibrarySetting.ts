import { useState } from 'react';
import type { LibrarySettings } from '../../../shared/api';
import { useClient } from '../ClientContext';
import { useApi } from './useApi';
import { useChange } from './useChange';

/**
 * One on/off choice of the library's settings, for a checkbox: the box shows the choice at once,
 * and the stored setting takes over once the engine answered.
 */
export function useLibrarySetting(key: keyof LibrarySettings) {
  const client = useClient();
  const settings = useApi('getLibrarySettings', {});
  const change = useChange(['sources']);
  const [asked, setAsked] = useState<boolean | null>(null);

  async function choose(on: boolean) {
    setAsked(on);
    await change.run(() => client.call('setLibrarySettings', { [key]: on }));
    setAsked(null);
  }

  return {
    on: asked ?? settings.data?.[key] ?? false,
    disabled: settings.data === undefined || change.busy,
    choose,
    error: settings.error ?? change.error,
  };
}
