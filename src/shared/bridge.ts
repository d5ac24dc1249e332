/**
 * What the Electron preload exposes on `window.facetBridge` through contextBridge. Kept to plain
 * functions and data: the renderer never sees ipcRenderer or any Node object.
 */
import type { ApiErrorBody, FacetEvent } from './api';

export const ipcChannels = {
  call: 'facet:call',
  event: 'facet:event',
  pickFolder: 'facet:pick-folder',
  pickSharePackage: 'facet:pick-share-package',
} as const;

/** Scheme of the Electron media protocol: facet-media://media/<kind>/<photoId>. */
export const mediaScheme = 'facet-media';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

export interface FacetBridge {
  call(method: string, input: unknown): Promise<BridgeResult>;
  onEvent(listener: (event: FacetEvent) => void): () => void;
  pickFolder(): Promise<string | null>;
  /** A .zip share package to import, from the native file dialog. */
  pickSharePackage(): Promise<string | null>;
}

declare global {
  interface Window {
    facetBridge?: FacetBridge;
  }
}
