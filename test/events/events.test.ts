import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, parseApiCall } from '../../src/shared/api';
import { clusterPhotos, defaultSuggestOptions, spanName } from '../../src/main/events/suggest';
import { clusteredPhotos, openEventLibrary, type EventLibrary } from './helpers/event-library';

describe('events over a real library', () => {
  let lib: EventLibrary;
  const api = () => lib.engine.api;
  const idsOf = async (relPaths: string[]) => Promise.all(relPaths.map(async (rel) => (await lib.byPath(rel)).id));
  const eventPhotoNames = async (eventId: number) => (await api().listEventPhotos({ eventId, offset: 0, limit: 2000 })).items.map((photo) => photo.fileName);

  beforeAll(async () => {
    lib = await openEventLibrary('events');
  });
  afterAll(async () => lib?.close());

  it('creates, renames and deletes events, and lists them with counts and date span', async () => {
    const party = clusteredPhotos.filter((p) => p.relPath.startsWith('party/'));
    const created = await api().createEvent({
      name: 'Birthday',
      selection: { kind: 'photos', photoIds: await idsOf(party.map((p) => p.relPath)) },
    });
    expect(created).toMatchObject({ name: 'Birthday', photoCount: 6, startsAt: '2024-03-09T19:00:00', endsAt: '2024-03-09T21:30:00' });
    expect(created.coverPhotoId).toBe((await lib.byPath('party/P1.jpg')).id);

    const empty = await api().createEvent({ name: 'Later' });
    expect(empty).toMatchObject({ name: 'Later', photoCount: 0, startsAt: null, endsAt: null, coverPhotoId: null });
    expect((await api().listEvents({})).map((e) => e.name)).toEqual(['Later', 'Birthday']);

    expect(await api().renameEvent({ eventId: created.id, name: 'Anna turns 30' })).toMatchObject({ name: 'Anna turns 30', photoCount: 6 });
    expect(await api().deleteEvent({ eventId: empty.id })).toEqual({ deleted: true });
    expect(await api().deleteEvent({ eventId: empty.id })).toEqual({ deleted: false });
    await expect(api().renameEvent({ eventId: empty.id, name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await api().listEvents({})).map((e) => e.name)).toEqual(['Anna turns 30']);
    // Deleting an event never touches its photos.
    await api().deleteEvent({ eventId: created.id });
    expect((await lib.all()).length).toBe(lib.photos.visible.length + clusteredPhotos.length);
  });

  it('spans only capture times: undated photos give no span, and do not widen a dated one', async () => {
    const undated = ['no-date.png', 'trips/2023/beach.webp', 'trips/2023/scan.tiff'];
    const party = clusteredPhotos.filter((p) => p.relPath.startsWith('party/')).map((p) => p.relPath);
    // What the catalog holds: no capture time, and a modification time (sort_time) of today.
    for (const photo of await Promise.all(undated.map((rel) => lib.byPath(rel)))) expect(photo.takenAt).toBeNull();

    const scans = await api().createEvent({ name: 'Scans', selection: { kind: 'photos', photoIds: await idsOf(undated) } });
    expect(scans).toMatchObject({ photoCount: 3, startsAt: null, endsAt: null });
    expect(scans.coverPhotoId).not.toBeNull();
    expect((await api().listEvents({})).find((e) => e.id === scans.id)).toMatchObject({ startsAt: null, endsAt: null });

    const mixed = await api().createEvent({ name: 'Mixed', selection: { kind: 'photos', photoIds: await idsOf([...undated, ...party]) } });
    expect(mixed).toMatchObject({ photoCount: 9, startsAt: '2024-03-09T19:00:00', endsAt: '2024-03-09T21:30:00' });
    const dated = await api().removePhotosFromEvent({ eventId: mixed.id, selection: { kind: 'photos', photoIds: await idsOf(undated) } });
    expect(dated.event).toMatchObject({ photoCount: 6, startsAt: '2024-03-09T19:00:00', endsAt: '2024-03-09T21:30:00' });

    await api().deleteEvent({ eventId: scans.id });
    await api().deleteEvent({ eventId: mixed.id });
  });

  it('adds and removes photos by selection, by folder and by date range', async () => {
    const event = await api().createEvent({ name: 'Mixed' });
    const byFolder = await api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: lib.sourceId, folder: 'trips/2023' } });
    expect(byFolder.changed).toBe(3);
    expect((await eventPhotoNames(event.id)).sort()).toEqual(['beach.webp', 'modern.avif', 'scan.tiff']);
    // The folder prefix is a folder, not a string prefix: 'trip' must not take 'trips/'.
    const trip = await api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: lib.sourceId, folder: '/trip/' } });
    expect(trip.changed).toBe(10);
    expect(trip.event.photoCount).toBe(13);

    const again = await api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: lib.sourceId, folder: 'trip' } });
    expect(again.changed).toBe(0);

    const byDate = await api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'dates', from: '2024-06-15', to: '2024-06-15T12:00' } });
    expect(byDate.changed).toBe(5);
    expect(byDate.event.startsAt).toBe('2024-05-01T10:00:00');

    const lyon = await idsOf(['trip/lyon-1.jpg', 'trip/lyon-2.jpg']);
    const removed = await api().removePhotosFromEvent({ eventId: event.id, selection: { kind: 'photos', photoIds: lyon } });
    expect(removed).toMatchObject({ changed: 2, event: { photoCount: 16 } });
    const removedDates = await api().removePhotosFromEvent({ eventId: event.id, selection: { kind: 'dates', from: '2024-05-01', to: '2024-05-01' } });
    expect(removedDates.changed).toBe(8);
    const removedFolder = await api().removePhotosFromEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: lib.sourceId, folder: 'trips' } });
    expect(removedFolder.changed).toBe(3);
    expect(await eventPhotoNames(event.id)).toEqual(['am-1.jpg', 'am-2.jpg', 'am-3.jpg', 'am-4.jpg', 'am-5.jpg']);
    await api().deleteEvent({ eventId: event.id });
  });

  it('pages an event oldest first, like listPhotos pages the library', async () => {
    const event = await api().createEvent({ name: 'Hike', selection: { kind: 'folder', sourceId: lib.sourceId, folder: 'hike' } });
    const first = await api().listEventPhotos({ eventId: event.id, offset: 0, limit: 4 });
    const rest = await api().listEventPhotos({ eventId: event.id, offset: 4, limit: 100 });
    expect(first.total).toBe(10);
    expect([first.offset, rest.offset]).toEqual([0, 4]);
    const names = [...first.items, ...rest.items].map((p) => p.fileName);
    expect(names).toEqual([1, 2, 3, 4, 5].map((i) => `am-${i}.jpg`).concat([1, 2, 3, 4, 5].map((i) => `pm-${i}.jpg`)));
    expect(first.items.every((p) => p.hasThumb && p.sha256.length === 64)).toBe(true);
    await api().deleteEvent({ eventId: event.id });
  });

  it('refuses unknown photos, sources, events, unsafe folders and impossible dates with clear errors', async () => {
    const event = await api().createEvent({ name: 'Errors' });
    await expect(api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'photos', photoIds: [999_999] } })).rejects.toThrow(
      /no photos with ids 999999/,
    );
    await expect(api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: 77, folder: '' } })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'folder', sourceId: lib.sourceId, folder: 'trip/../..' } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'dates', from: '2024-02-30', to: '2024-03-01' } })).rejects.toThrow(
      /no such date/,
    );
    await expect(api().addPhotosToEvent({ eventId: event.id, selection: { kind: 'dates', from: '2024-03-02', to: '2024-03-01' } })).rejects.toThrow(
      /ends .* before it starts/,
    );
    await expect(api().listEventPhotos({ eventId: 4242, offset: 0, limit: 5 })).rejects.toBeInstanceOf(ApiError);
    // The contract validates what transports receive.
    expect(() => parseApiCall('addPhotosToEvent', { eventId: 1, selection: { kind: 'dates', from: 'yesterday', to: '2024-01-01' } })).toThrow(/YYYY-MM-DD/);
    expect(() => parseApiCall('createEvent', { name: '   ' })).toThrow(/name/);
    expect(parseApiCall('createEvent', { name: '  Later  ' }).input).toEqual({ name: 'Later' });
    await api().deleteEvent({ eventId: event.id });
  });

  it('suggests events from time gaps and GPS distance, named after their town, and remembers accepted and dismissed ones', async () => {
    const suggestions = await api().suggestEvents({});
    const summary = suggestions.map((s) => [s.name, s.photoCount, s.startsAt, s.endsAt]);
    expect(summary).toEqual([
      ['Saturday evening, 15 Jun 2024', 5, '2024-06-15T19:00:00', '2024-06-15T23:00:00'],
      ['Saturday morning, 15 Jun 2024', 5, '2024-06-15T08:00:00', '2024-06-15T12:00:00'],
      ['Wednesday afternoon in Lyon, 1 May 2024', 5, '2024-05-01T12:20:00', '2024-05-01T13:40:00'],
      ['Wednesday morning in Paris, 1 May 2024', 5, '2024-05-01T10:00:00', '2024-05-01T11:20:00'],
      ['Saturday evening in Berlin, 9 Mar 2024', 6, '2024-03-09T19:00:00', '2024-03-09T21:30:00'],
    ]);
    // Recomputing keeps the ids of unchanged suggestions.
    expect((await api().suggestEvents({})).map((s) => s.id)).toEqual(suggestions.map((s) => s.id));
    expect(await api().listEventSuggestions({})).toEqual(suggestions);

    // Without the distance split, Paris and Lyon are one day out; with a 12 h gap the hike is one.
    const wide = await api().suggestEvents({ maxDistanceKm: 1000, gapHours: 12 });
    expect(wide.map((s) => s.photoCount)).toEqual([10, 10, 6]);
    const defaults = await api().suggestEvents({});
    expect(defaults.map((s) => s.photoCount)).toEqual([5, 5, 5, 5, 6]);

    const [pm, , lyon, paris, party] = defaults as [
      (typeof defaults)[number],
      unknown,
      (typeof defaults)[number],
      (typeof defaults)[number],
      (typeof defaults)[number],
    ];
    const accepted = await api().acceptEventSuggestion({ suggestionId: party.id, name: 'Party', from: '2024-03-09T19:30', to: '2024-03-09T21:00' });
    expect(accepted).toMatchObject({ name: 'Party', photoCount: 4, startsAt: '2024-03-09T19:30:00', endsAt: '2024-03-09T21:00:00' });
    const asIs = await api().acceptEventSuggestion({ suggestionId: paris.id });
    expect(asIs).toMatchObject({ name: 'Wednesday morning in Paris, 1 May 2024', photoCount: 5 });
    expect((await eventPhotoNames(asIs.id)).every((name) => name.startsWith('paris-'))).toBe(true);
    expect(await api().dismissEventSuggestion({ suggestionId: pm.id })).toEqual({ dismissed: true });

    await expect(api().acceptEventSuggestion({ suggestionId: pm.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(api().acceptEventSuggestion({ suggestionId: lyon.id, from: '2025-01-01' })).rejects.toMatchObject({ code: 'invalid_input' });

    // Answered spans are not offered again, even when the thresholds change.
    const after = await api().suggestEvents({});
    expect(after.map((s) => s.id)).toEqual([defaults[1]!.id, lyon.id]);
    const merged = await api().suggestEvents({ maxDistanceKm: 1000, gapHours: 12 });
    expect(merged).toEqual([]);
    expect((await api().listEvents({})).map((e) => e.name).sort()).toEqual(['Party', 'Wednesday morning in Paris, 1 May 2024']);
  });
});

describe('clustering rules', () => {
  const hour = 3_600_000;
  const photo = (id: number, hours: number, place: [number, number] | null = null) => ({
    id,
    time: Date.UTC(2024, 0, 1) + hours * hour,
    latitude: place?.[0] ?? null,
    longitude: place?.[1] ?? null,
  });

  it('splits on a gap longer than gapHours and drops runs below minPhotos', () => {
    const photos = [0, 1, 2, 3, 4, 10.5, 11, 11.5, 12, 12.5, 30].map((h, i) => photo(i, h));
    const runs = clusterPhotos(photos, defaultSuggestOptions);
    expect(runs.map((run) => run.map((p) => p.id))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
    expect(clusterPhotos(photos, { ...defaultSuggestOptions, gapHours: 7 }).map((r) => r.length)).toEqual([10]);
  });

  it('splits far-apart places but lets photos without GPS join by time', () => {
    const near: [number, number] = [48.85, 2.35];
    const far: [number, number] = [45.76, 4.83];
    const photos = [photo(1, 0, near), photo(2, 0.1), photo(3, 0.2, near), photo(4, 0.3, far), photo(5, 0.4), photo(6, 0.5, far)];
    const runs = clusterPhotos(photos, { ...defaultSuggestOptions, minPhotos: 1 });
    expect(runs.map((run) => run.map((p) => p.id))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('names spans by their dates', () => {
    const t = (iso: string) => Date.parse(`${iso}Z`);
    expect(spanName(t('2023-07-14T10:00:00'), t('2023-07-14T22:00:00'))).toBe('14 Jul 2023');
    expect(spanName(t('2023-07-14T10:00:00'), t('2023-07-16T10:00:00'))).toBe('14–16 Jul 2023');
    expect(spanName(t('2023-06-30T10:00:00'), t('2023-07-02T10:00:00'))).toBe('30 Jun – 2 Jul 2023');
    expect(spanName(t('2023-12-30T10:00:00'), t('2024-01-02T10:00:00'))).toBe('30 Dec 2023 – 2 Jan 2024');
  });
});
