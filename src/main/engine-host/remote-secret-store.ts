import type { SecretStore } from '../sources/s3';
import type { SecretAnswer, SecretRequest } from './messages';
import { errorMessage } from '../../shared/error-message';

/**
 * The engine's secret store when the keys live with the host (Electron's safeStorage can only be
 * used in the main process): each get/set/delete is a request over the channel.
 */
export class RemoteSecretStore implements SecretStore {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: SecretAnswer) => void>();

  constructor(private readonly send: (id: number, request: SecretRequest) => void) {}

  async get(ref: string): Promise<string | null> {
    return (await this.ask({ op: 'get', ref })) as string | null;
  }

  async set(ref: string, secret: string): Promise<void> {
    await this.ask({ op: 'set', ref, secret });
  }

  async delete(ref: string): Promise<boolean> {
    return (await this.ask({ op: 'delete', ref })) as boolean;
  }

  answered(id: number, answer: SecretAnswer): void {
    this.pending.get(id)?.(answer);
    this.pending.delete(id);
  }

  private ask(request: SecretRequest): Promise<string | boolean | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (answer) => (answer.ok ? resolve(answer.value) : reject(new Error(answer.message))));
      this.send(id, request);
    });
  }
}

/** The host's side: runs one request against its own store. */
export async function answerSecretRequest(store: SecretStore, request: SecretRequest): Promise<SecretAnswer> {
  try {
    switch (request.op) {
      case 'get':
        return { ok: true, value: await store.get(request.ref) };
      case 'set':
        await store.set(request.ref, request.secret);
        return { ok: true, value: null };
      case 'delete':
        return { ok: true, value: await store.delete(request.ref) };
    }
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}
