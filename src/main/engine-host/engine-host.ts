/**
 * The host's side of the engine's process: starts it, forwards API calls, media lookups and events,
 * and restarts it (with backoff) when it dies. Calls made while it (re)starts wait for it; calls it
 * was answering when it died are answered 'unavailable', and subscribers get `library-changed` once
 * it is back, so every screen reloads what it shows.
 */
import type { FacetEvent, MediaKind } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import type { SecretStore } from '../sources/s3';
import type { EngineMessage, EngineProcessOptions, HostMessage } from './messages';
import type { ResolvedMedia } from '../api/media';
import type { ByteRange } from '../server/byte-range';
import { answerSecretRequest } from './remote-secret-store';
import { log } from '../log';

/** A started engine process, whichever way it was started (utilityProcess, child_process.fork). */
export interface EngineChild {
  readonly pid: number | undefined;
  post(message: HostMessage): void;
  onMessage(listener: (message: EngineMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** What the Electron glue needs of the engine, wherever it runs. */
export interface EngineConnection {
  call(method: string, input: unknown): Promise<BridgeResult>;
  resolveMedia(kind: MediaKind, subjectId: number): Promise<ResolvedMedia | null>;
  /** Bytes of media resolved with path null (an S3 original); null when they cannot be read now. */
  readMedia(kind: MediaKind, subjectId: number, range: ByteRange): Promise<Uint8Array | null>;
  subscribe(listener: (event: FacetEvent) => void): () => void;
}

export interface EngineHostOptions {
  spawn: () => EngineChild;
  engine: EngineProcessOptions;
  /** Answers the engine's secret requests when `engine.secretsFromHost` is set. */
  secretStore?: SecretStore;
  /** Waits before each restart after a crash, the last one repeating; default 0.5, 1, 2, 5, 10 s. */
  restartDelaysMs?: readonly number[];
  /** How long close() waits for the engine to close its library before killing it; default 20 s. */
  closeTimeoutMs?: number;
}

type Request = { message: HostMessage & { id: number }; settle: (message: EngineMessage | null, failure?: string) => void };

/** After this long up, a crash starts the backoff from its first delay again. */
const healthyAfterMs = 30_000;

export class EngineHost implements EngineConnection {
  private child: EngineChild | null = null;
  private ready = false;
  private readySince = 0;
  private failure: string | null = null;
  private closing: Promise<void> | null = null;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** start()'s answer, until the engine first opened the library or could not. */
  private started: ((failure: string | null) => void) | null = null;
  private nextId = 1;
  /** Sent and not answered yet. */
  private readonly inFlight = new Map<number, Request>();
  /** Waiting for the engine to be ready. */
  private queued: Request[] = [];
  private readonly listeners = new Set<(event: FacetEvent) => void>();

  constructor(private readonly options: EngineHostOptions) {}

  /** Starts the engine process; resolves once it opened the library (or rejects with why it could not). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.started = (failure) => (failure === null ? resolve() : reject(new Error(failure)));
      this.spawn();
    });
  }

  /** The engine process's id (tests kill it). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  call(method: string, input: unknown): Promise<BridgeResult> {
    return new Promise((resolve) => {
      this.request({ type: 'call', id: this.nextId++, method, input }, (message, failure) =>
        resolve(message?.type === 'result' ? message.result : { ok: false, error: { code: 'unavailable', message: failure ?? 'no answer' } }),
      );
    });
  }

  resolveMedia(kind: MediaKind, subjectId: number): Promise<ResolvedMedia | null> {
    return new Promise((resolve) => {
      this.request({ type: 'media', id: this.nextId++, kind, subjectId }, (message) => resolve(message?.type === 'media' ? message.media : null));
    });
  }

  readMedia(kind: MediaKind, subjectId: number, range: ByteRange): Promise<Uint8Array | null> {
    return new Promise((resolve) => {
      this.request({ type: 'media-read', id: this.nextId++, kind, subjectId, range }, (message) =>
        resolve(message?.type === 'media-bytes' ? message.bytes : null),
      );
    });
  }

  subscribe(listener: (event: FacetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the engine to close its library (it finishes writing what it holds), then ends it. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.failAll('Facet is closing');
    if (child === null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, this.options.closeTimeoutMs ?? 20_000);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.post({ type: 'close' });
    });
  }

  private request(message: Request['message'], settle: Request['settle']): void {
    if (this.closing) return settle(null, 'Facet is closing');
    if (this.failure !== null) return settle(null, this.failure);
    const request = { message, settle };
    if (!this.ready || this.child === null) {
      this.queued.push(request);
      return;
    }
    this.send(request);
  }

  private send(request: Request): void {
    this.inFlight.set(request.message.id, request);
    this.child!.post(request.message);
  }

  private spawn(): void {
    const child = this.options.spawn();
    this.child = child;
    child.onMessage((message) => this.received(child, message));
    child.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      this.ready = false;
      if (this.closing) return;
      if (this.failure !== null) return this.answerStart(this.failure);
      this.crashed(code);
    });
    child.post({ type: 'open', options: this.options.engine });
  }

  private answerStart(failure: string | null): void {
    this.started?.(failure);
    this.started = null;
  }

  private received(child: EngineChild, message: EngineMessage): void {
    switch (message.type) {
      case 'ready': {
        const restarted = this.readySince !== 0;
        this.ready = true;
        this.readySince = Date.now();
        this.answerStart(null);
        const waiting = this.queued;
        this.queued = [];
        for (const request of waiting) this.send(request);
        if (restarted) this.emit({ type: 'library-changed' });
        return;
      }
      case 'open-failed':
        // Not restarted: a library that cannot be opened (damaged, locked) fails the same way again.
        this.failure = `the library cannot be opened: ${message.message}`;
        this.failAll(this.failure);
        return;
      case 'result':
      case 'media':
      case 'media-bytes':
        this.inFlight.get(message.id)?.settle(message);
        this.inFlight.delete(message.id);
        return;
      case 'event':
        this.emit(message.event);
        return;
      case 'secret': {
        const store = this.options.secretStore;
        const answer = store ? answerSecretRequest(store, message.request) : Promise.resolve({ ok: false as const, message: 'the host keeps no secrets' });
        void answer.then((result) => {
          if (this.child === child) child.post({ type: 'secret-answer', id: message.id, answer: result });
        });
        return;
      }
      case 'closed':
        return;
    }
  }

  private crashed(code: number | null): void {
    const wasHealthy = this.readySince !== 0 && Date.now() - this.readySince >= healthyAfterMs;
    if (wasHealthy) this.restarts = 0;
    const reason = `the engine stopped (${code === null ? 'killed' : `exit code ${code}`}) while answering; it is restarting`;
    for (const request of this.inFlight.values()) request.settle(null, reason);
    this.inFlight.clear();
    const delays = this.options.restartDelaysMs ?? [500, 1000, 2000, 5000, 10_000];
    if (this.readySince === 0 && this.restarts >= delays.length) {
      // It never came up: something in the install is broken, and restarting will not mend it.
      this.failure = `the engine could not start (it stopped ${this.restarts + 1} times, last ${code === null ? 'killed' : `with exit code ${code}`})`;
      this.failAll(this.failure);
      return this.answerStart(this.failure);
    }
    const delay = delays[Math.min(this.restarts, delays.length - 1)] ?? 0;
    this.restarts += 1;
    log.error(`${reason} in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.closing) this.spawn();
    }, delay);
  }

  private failAll(reason: string): void {
    for (const request of [...this.inFlight.values(), ...this.queued]) request.settle(null, reason);
    this.inFlight.clear();
    this.queued = [];
  }

  private emit(event: FacetEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error('event listener failed', error);
      }
    }
  }
}
