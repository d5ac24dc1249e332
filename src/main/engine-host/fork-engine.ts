import { fork } from 'node:child_process';
import { workerLocation } from '../worker-location';
import type { EngineChild } from './engine-host';
import type { EngineMessage } from './messages';

/** The engine in a plain Node child process (tests, and any host that is not Electron). */
export function forkEngine(): EngineChild {
  const { filename, execArgv } = workerLocation(import.meta.url, { source: 'engine-process.ts', bundled: 'engine-process.js' });
  // 'advanced' serialization: typed arrays and Buffers cross as themselves, like Electron's structured clone.
  const child = fork(filename, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid,
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as EngineMessage)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}
