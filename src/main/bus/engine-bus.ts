import { EventEmitter } from 'node:events';

/** What the engine's modules tell each other, each topic with the arguments its listeners get. */
export interface EngineTopics {
  /**
   * Faces got a (new) embedding: stored, or re-embedded by another model. Emitted inside the
   * storing transaction, so what a listener writes commits or rolls back with the faces.
   */
  'faces-stored': [faceIds: readonly number[], how: 'new' | 'reembedded'];
}

/**
 * The engine's internal bus: modules publish what happened and subscribe to what they follow,
 * instead of assigning each other's hooks. Listeners run synchronously, in the order they
 * subscribed; a listener that throws fails the emitter's work (a storing transaction rolls back).
 */
export class EngineBus extends EventEmitter<EngineTopics> {
  /** Subscribes `listener`; the function returned unsubscribes it (for a DisposableStore). */
  subscribe<K extends keyof EngineTopics>(topic: K, listener: (...args: EngineTopics[K]) => void): () => void {
    const untyped = listener as (...args: unknown[]) => void;
    (this as EventEmitter).on(topic, untyped);
    return () => void (this as EventEmitter).off(topic, untyped);
  }
}
