/**
 * The messages between the engine's process and its host (the Electron main process, or a plain
 * Node parent in tests). The channel is private to the two processes, so these are typed, not
 * validated: untrusted input is validated where it enters, by dispatchApiCall in the engine.
 */
import type { FacetEvent, MediaKind } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import type { ResolvedMedia } from '../api/media';
import type { ByteRange } from '../server/byte-range';

/** What the engine is opened with: the part of EngineOptions that can cross a process boundary. */
export interface EngineProcessOptions {
  libraryDir: string;
  /** Watch folder sources for changes (the desktop app does). */
  watch: boolean;
  /** Pipeline worker threads; default the number of cores. */
  threads?: number;
  /** S3 keys live with the host (the desktop app's keychain): the engine asks for them over the channel. */
  secretsFromHost: boolean;
  /** Index every source once open, which also resumes whatever a crash interrupted. */
  indexOnOpen: boolean;
}

export type SecretRequest = { op: 'get'; ref: string } | { op: 'set'; ref: string; secret: string } | { op: 'delete'; ref: string };
export type SecretAnswer = { ok: true; value: string | boolean | null } | { ok: false; message: string };

export type HostMessage =
  | { type: 'open'; options: EngineProcessOptions }
  | { type: 'call'; id: number; method: string; input: unknown }
  | { type: 'media'; id: number; kind: MediaKind; subjectId: number }
  | { type: 'media-read'; id: number; kind: MediaKind; subjectId: number; range: ByteRange }
  | { type: 'secret-answer'; id: number; answer: SecretAnswer }
  | { type: 'close' };

export type EngineMessage =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; id: number; result: BridgeResult }
  | { type: 'media'; id: number; media: ResolvedMedia | null }
  | { type: 'media-bytes'; id: number; bytes: Uint8Array | null }
  | { type: 'event'; event: FacetEvent }
  | { type: 'secret'; id: number; request: SecretRequest }
  | { type: 'closed' };
