import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FacetEvent } from '../shared/api';
import { ipcChannels, type BridgeResult, type FacetBridge } from '../shared/bridge';

// Only these functions cross into the page: no ipcRenderer, no Node objects.
const bridge: FacetBridge = {
  call: (method, input) => ipcRenderer.invoke(ipcChannels.call, method, input) as Promise<BridgeResult>,
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: FacetEvent) => listener(payload);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => ipcRenderer.removeListener(ipcChannels.event, forward);
  },
  pickFolder: () => ipcRenderer.invoke(ipcChannels.pickFolder) as Promise<string | null>,
  pickSharePackage: () => ipcRenderer.invoke(ipcChannels.pickSharePackage) as Promise<string | null>,
};

contextBridge.exposeInMainWorld('facetBridge', bridge);
