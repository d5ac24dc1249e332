import { describe, expect, it } from 'vitest';
import { EngineBus } from '../../src/main/bus/engine-bus';

describe('EngineBus', () => {
  it('calls listeners synchronously in the order they subscribed, with the typed arguments', () => {
    const bus = new EngineBus();
    const heard: string[] = [];
    bus.subscribe('faces-stored', (ids, how) => heard.push(`first ${ids.join(',')} ${how}`));
    bus.subscribe('faces-stored', (ids, how) => heard.push(`second ${ids.join(',')} ${how}`));
    bus.emit('faces-stored', [3, 4], 'new');
    expect(heard).toEqual(['first 3,4 new', 'second 3,4 new']);
  });

  it('stops calling a listener once its subscription is disposed', () => {
    const bus = new EngineBus();
    const heard: string[] = [];
    const unsubscribe = bus.subscribe('faces-stored', (_ids, how) => heard.push(how));
    bus.emit('faces-stored', [1], 'new');
    unsubscribe();
    bus.emit('faces-stored', [2], 'reembedded');
    expect(heard).toEqual(['new']);
    expect(bus.listenerCount('faces-stored')).toBe(0);
  });

  it('lets a failing listener fail the emitter, so a storing transaction rolls back', () => {
    const bus = new EngineBus();
    bus.subscribe('faces-stored', () => {
      throw new Error('vector index full');
    });
    expect(() => bus.emit('faces-stored', [1], 'new')).toThrow('vector index full');
  });
});
