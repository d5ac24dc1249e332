import type { ApiInput, ApiMethod, ApiOutput, FacetClient } from '../../../shared/api';
import { mediaScheme, type FacetBridge } from '../../../shared/bridge';
import { unwrapBridgeResult } from './bridgeResult';

/** Electron transport: the preload's contextBridge functions and the facet-media protocol. */
export function createIpcClient(bridge: FacetBridge): FacetClient {
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      return unwrapBridgeResult(await bridge.call(method, input)) as ApiOutput<M>;
    },
    subscribe: (listener) => bridge.onEvent(listener),
    mediaUrl: (kind, photoId) => `${mediaScheme}://media/${kind}/${photoId}`,
    pickFolder: () => bridge.pickFolder(),
    pickSharePackage: () => bridge.pickSharePackage(),
  };
}
