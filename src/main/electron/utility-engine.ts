import { utilityProcess } from 'electron';
import path from 'node:path';
import type { EngineChild } from '../engine-host/engine-host';
import type { EngineMessage } from '../engine-host/messages';

/** The engine in an Electron utility process, built beside index.js (electron.vite.config.ts). */
export function utilityEngine(): EngineChild {
  const child = utilityProcess.fork(path.join(import.meta.dirname, 'engine-process.js'), [], { serviceName: 'Facet engine', stdio: 'inherit' });
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as EngineMessage)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
