import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { ipcChannels } from '../../shared/bridge';
import type { EngineConnection } from '../engine-host/engine-host';

/** Calls are honoured only from our own renderer's top frame, never from any other page or frame. */
function fromOwnRenderer(event: IpcMainInvokeEvent, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && frame.url.startsWith(rendererUrl);
}

export function registerIpc(engine: EngineConnection, rendererUrl: string): () => void {
  ipcMain.handle(ipcChannels.call, (event, method: unknown, input: unknown) => {
    if (!fromOwnRenderer(event, rendererUrl)) {
      return { ok: false, error: { code: 'invalid_input', message: 'call from an unknown frame' } };
    }
    return engine.call(String(method), input);
  });
  const pick = (options: OpenDialogOptions) => async (event: IpcMainInvokeEvent) => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window || !fromOwnRenderer(event, rendererUrl)) return null;
    const result = await dialog.showOpenDialog(window, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  ipcMain.handle(ipcChannels.pickFolder, pick({ properties: ['openDirectory'] }));
  ipcMain.handle(ipcChannels.pickSharePackage, pick({ properties: ['openFile'], filters: [{ name: 'Share package', extensions: ['zip'] }] }));
  const unsubscribe = engine.subscribe((facetEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcChannels.event, facetEvent);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.call);
    ipcMain.removeHandler(ipcChannels.pickFolder);
    ipcMain.removeHandler(ipcChannels.pickSharePackage);
  };
}
