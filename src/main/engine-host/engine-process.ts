/**
 * The engine's own process: started by the Electron main process as a utilityProcess, or by a
 * plain Node parent with child_process.fork (tests). A crash or a long synchronous stretch here
 * (SQLite, a graph build) never freezes the windows; the host restarts the engine if it dies.
 */
import { buffer } from 'node:stream/consumers';
import type { MediaKind } from '../../shared/api';
import { openEngine, type FacetEngine } from '../api/engine';
import type { ByteRange } from '../server/byte-range';
import { dispatchApiCall } from '../api/dispatch';
import type { EngineMessage, EngineProcessOptions, HostMessage } from './messages';
import { RemoteSecretStore } from './remote-secret-store';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

interface ParentChannel {
  post(message: EngineMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
}

/** Electron gives a utility process `process.parentPort`; a forked Node child has `process.send`. */
function parentChannel(): ParentChannel {
  const { parentPort } = process as unknown as {
    parentPort?: { postMessage(message: unknown): void; on(event: 'message', listener: (event: { data: unknown }) => void): void };
  };
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostMessage)),
    };
  }
  if (!process.send) throw new Error('the engine process must be started by its host (utilityProcess or child_process.fork)');
  return {
    post: (message) => process.send!(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as HostMessage)),
  };
}

const channel = parentChannel();
let engine: FacetEngine | null = null;
let secrets: RemoteSecretStore | null = null;

async function open(options: EngineProcessOptions): Promise<void> {
  try {
    secrets = options.secretsFromHost ? new RemoteSecretStore((id, request) => channel.post({ type: 'secret', id, request })) : null;
    engine = await openEngine({ libraryDir: options.libraryDir, watch: options.watch, threads: options.threads, secretStore: secrets ?? undefined });
  } catch (error) {
    channel.post({ type: 'open-failed', message: errorMessage(error) });
    process.exit(1);
  }
  engine.subscribe((event) => channel.post({ type: 'event', event }));
  channel.post({ type: 'ready' });
  if (options.indexOnOpen) void engine.indexAll().catch((error: unknown) => log.error('indexing failed', error));
}

async function close(): Promise<void> {
  const closing = engine;
  engine = null;
  await closing?.close();
  channel.post({ type: 'closed' });
  process.exit(0);
}

/** One chunk of an S3 original for the host's media protocol; null (logged) when it cannot be read. */
async function readMediaBytes(kind: MediaKind, subjectId: number, range: ByteRange): Promise<Uint8Array | null> {
  try {
    if (engine === null) return null;
    return new Uint8Array(await buffer(await engine.readMedia(kind, subjectId, range)));
  } catch (error) {
    log.warn(`reading ${kind} ${subjectId} bytes ${range.start}-${range.end} failed`, error);
    return null;
  }
}

channel.onMessage((message) => {
  switch (message.type) {
    case 'open':
      void open(message.options);
      return;
    case 'call':
      if (engine === null) return;
      void dispatchApiCall(engine.api, message.method, message.input).then((result) => channel.post({ type: 'result', id: message.id, result }));
      return;
    case 'media':
      channel.post({ type: 'media', id: message.id, media: engine?.resolveMedia(message.kind, message.subjectId) ?? null });
      return;
    case 'media-read':
      void readMediaBytes(message.kind, message.subjectId, message.range).then((bytes) => channel.post({ type: 'media-bytes', id: message.id, bytes }));
      return;
    case 'secret-answer':
      secrets?.answered(message.id, message.answer);
      return;
    case 'close':
      void close();
      return;
  }
});
