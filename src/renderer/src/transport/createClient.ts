import type { FacetClient } from '../../../shared/api';
import { createHttpClient } from './httpClient';
import { createIpcClient } from './ipcClient';

/** Electron when the preload exposed its bridge, web mode otherwise. */
export function createClient(): FacetClient {
  return window.facetBridge ? createIpcClient(window.facetBridge) : createHttpClient();
}
