import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changesAny, type FacetClient, type FacetEvent } from '../../src/shared/api';
import { followEngineEvents } from '../../src/renderer/src/data/engineEvents';
import { changesOf, invalidateAfter, readsAfter, readsAfterChanges, type QueryMethod } from '../../src/renderer/src/data/invalidation';

/** A client whose events the test sends; nothing else of it is used. */
function eventSource() {
  const listeners = new Set<(event: FacetEvent) => void>();
  const client: FacetClient = {
    call: () => Promise.reject(new Error('not called')),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl: () => '',
    pickFolder: null,
    pickSharePackage: null,
  };
  return { client, send: (event: FacetEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

/** A cache holding one answer per read named, as views would have left it. */
function cacheWith(...methods: QueryMethod[]): QueryClient {
  const queryClient = new QueryClient();
  for (const method of methods) queryClient.setQueryData([method, {}], 'answer');
  return queryClient;
}

const invalidated = (queryClient: QueryClient) =>
  queryClient
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => query.queryKey[0] as string)
    .sort();

describe('the map of engine changes to reads', () => {
  it('names each read once per change, and every domain has reads', () => {
    for (const [change, reads] of Object.entries(readsAfter)) {
      expect(new Set(reads).size, change).toBe(reads.length);
      expect(reads.length, change).toBeGreaterThan(0);
    }
  });

  it('leaves the photo grid alone when only people, events or sources change', () => {
    for (const change of ['people', 'events', 'sources', 'jobs', 'index-progress'] as const) {
      expect(readsAfterChanges([change]).has('listPhotos'), change).toBe(false);
      expect(readsAfterChanges([change]).has('getTimeline'), change).toBe(false);
    }
    expect(readsAfterChanges(['photos']).has('listPhotos')).toBe(true);
  });

  it('reads what each engine event says changed', () => {
    expect(changesOf({ type: 'changed', domains: ['people', 'events'] })).toEqual(['people', 'events']);
    expect(changesOf({ type: 'index-progress', progress: {} as never })).toEqual(['index-progress']);
    expect(changesOf({ type: 'sync-progress', eventId: 1, phase: 'pushing', done: 0, total: 1 })).toEqual([]);
    expect(changesOf({ type: 'library-changed' })).toBeNull();
  });

  it('tells internal listeners whether an event touched their domains (library-changed touches all)', () => {
    expect(changesAny({ type: 'changed', domains: ['people'] }, ['photos', 'people'])).toBe(true);
    expect(changesAny({ type: 'changed', domains: ['sources'] }, ['photos', 'people'])).toBe(false);
    expect(changesAny({ type: 'library-changed' }, ['events'])).toBe(true);
    expect(changesAny({ type: 'sync-progress', eventId: 1, phase: 'fetching', done: 1, total: 2 }, ['events'])).toBe(false);
  });

  it('invalidates by method, whatever the input', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['getPerson', { personId: 1 }], 'a');
    queryClient.setQueryData(['getPerson', { personId: 2 }], 'b');
    queryClient.setQueryData(['listPhotos', { offset: 0, limit: 500 }], 'c');
    invalidateAfter(queryClient, ['people']);
    expect(invalidated(queryClient)).toEqual(['getPerson', 'getPerson']);
  });
});

describe('following engine events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('invalidates only the reads of the domains an event names', async () => {
    const { client, send } = eventSource();
    const queryClient = cacheWith('listPhotos', 'getTimeline', 'listPeople', 'listEvents', 'listSources');
    const stop = followEngineEvents(client, queryClient);
    send({ type: 'changed', domains: ['people'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(invalidated(queryClient)).toEqual(['listPeople']);
    send({ type: 'changed', domains: ['sources'] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(invalidated(queryClient)).toEqual(['listPeople', 'listSources']);
    stop();
  });

  it('turns a burst of events into one refetch at once and one at the end of the interval', async () => {
    const { client, send } = eventSource();
    const queryClient = cacheWith('listPhotos');
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const stop = followEngineEvents(client, queryClient);
    for (let i = 0; i < 20; i++) send({ type: 'changed', domains: ['photos'] });
    await vi.advanceTimersByTimeAsync(0);
    const photoCalls = () => invalidate.mock.calls.filter(([filters]) => filters?.queryKey?.[0] === 'listPhotos').length;
    expect(photoCalls()).toBe(1);
    for (let i = 0; i < 20; i++) send({ type: 'changed', domains: ['photos'] });
    await vi.advanceTimersByTimeAsync(749);
    expect(photoCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(photoCalls()).toBe(2);
    stop();
  });

  it('recomputes event suggestions at most every 10 s while photos keep landing', async () => {
    const { client, send } = eventSource();
    const queryClient = cacheWith('suggestEvents');
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const stop = followEngineEvents(client, queryClient);
    const suggestionCalls = () => invalidate.mock.calls.filter(([filters]) => filters?.queryKey?.[0] === 'suggestEvents').length;
    for (let second = 0; second < 15; second++) {
      send({ type: 'changed', domains: ['photos'] });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(suggestionCalls()).toBe(2);
    stop();
  });

  it('invalidates everything when the engine restarted or the connection came back', async () => {
    const { client, send } = eventSource();
    const queryClient = cacheWith('listPhotos', 'listPeople', 'getEventSyncStatus', 'getStatus');
    const stop = followEngineEvents(client, queryClient);
    send({ type: 'library-changed' });
    expect(invalidated(queryClient)).toEqual(['getEventSyncStatus', 'getStatus', 'listPeople', 'listPhotos']);
    stop();
  });

  it('stops listening, and drops pending refetches, when stopped', async () => {
    const { client, send, listeners } = eventSource();
    const queryClient = cacheWith('listPhotos');
    const stop = followEngineEvents(client, queryClient);
    send({ type: 'changed', domains: ['photos'] });
    await vi.advanceTimersByTimeAsync(0);
    send({ type: 'changed', domains: ['photos'] });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(invalidate).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });
});
