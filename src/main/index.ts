// The Electron entry: windows, menus, dialogs, the keychain and the bridge. The engine runs in its
// own utility process (engine-host/), the same code that runs under plain Node for the CLI and the
// web mode; only this module and electron/ import electron.
import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultLibraryDir } from './app-paths';
import { EngineHost } from './engine-host/engine-host';
import { registerIpc } from './electron/ipc';
import { handleMediaProtocol, registerMediaScheme } from './electron/media-protocol';
import { utilityEngine } from './electron/utility-engine';
import { secretsFileOf } from './library/node-secrets';
import { EncryptedFileSecretStore, type SecretStore } from './sources/s3';

const here = import.meta.dirname;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererUrl = devServerUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).toString();

registerMediaScheme();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Facet',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The app never navigates away from itself; links open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(rendererUrl)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(rendererUrl);
  return window;
}

let engine: EngineHost | null = null;

/**
 * S3 keys encrypted with the OS keychain (Keychain, DPAPI, libsecret). Where safeStorage has no
 * keychain to use, the engine's default applies: FACET_SECRET_KEY or keys from the environment.
 */
function keychainSecretStore(libraryDir: string): SecretStore | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return new EncryptedFileSecretStore(secretsFileOf(libraryDir), {
    encrypt: (plainText) => safeStorage.encryptString(plainText),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  });
}

app.whenReady().then(async () => {
  const libraryDir = path.resolve(process.env.FACET_LIBRARY ?? defaultLibraryDir());
  const secretStore = keychainSecretStore(libraryDir);
  engine = new EngineHost({
    spawn: utilityEngine,
    engine: { libraryDir, watch: true, secretsFromHost: secretStore !== undefined, indexOnOpen: true },
    secretStore,
  });
  handleMediaProtocol(engine);
  registerIpc(engine, rendererUrl);
  // The window opens at once; the renderer's first calls wait until the engine opened the library.
  createWindow();
  engine.start().catch((error: unknown) => dialog.showErrorBox('Facet cannot open its library', String(error instanceof Error ? error.message : error)));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!engine) return;
  const closing = engine;
  engine = null;
  event.preventDefault();
  void closing.close().finally(() => app.quit());
});
