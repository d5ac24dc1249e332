// The Electron entry: the only module that imports electron. Everything else is the engine,
// which runs the same under plain Node for the CLI and the web mode.
import { app, BrowserWindow, safeStorage, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultLibraryDir } from './app-paths';
import { openEngine, type FacetEngine } from './api/engine';
import { registerIpc } from './electron/ipc';
import { handleMediaProtocol, registerMediaScheme } from './electron/media-protocol';
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

let engine: FacetEngine | null = null;

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
  engine = await openEngine({ libraryDir, watch: true, secretStore: keychainSecretStore(libraryDir) });
  handleMediaProtocol(engine);
  registerIpc(engine, rendererUrl);
  createWindow();
  void engine.indexAll();
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
