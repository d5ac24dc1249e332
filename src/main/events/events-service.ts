import { ApiError, type ApiParsedInput, type EventInfo, type FacetApi, type FacetEvent } from '../../shared/api';
import { emptyFolderError, folderOfSource } from '../api/folder-source';
import type { Catalog } from '../catalog/catalog';
import { toEventSuggestion } from '../catalog/event-suggestions-repo';
import { chooseCover, clusterPhotos, defaultSuggestOptions, placeOfRun, suggestionName } from './suggest';

type EventSelection = ApiParsedInput<'addPhotosToEvent'>['selection'];

export type EventsApi = Pick<
  FacetApi,
  | 'listEvents'
  | 'createEvent'
  | 'renameEvent'
  | 'deleteEvent'
  | 'addPhotosToEvent'
  | 'removePhotosFromEvent'
  | 'listEventPhotos'
  | 'listEventPeople'
  | 'suggestEvents'
  | 'listEventSuggestions'
  | 'acceptEventSuggestion'
  | 'dismissEventSuggestion'
>;

const dayMs = 86_400_000;

/**
 * 'YYYY-MM-DD[THH:MM[:SS]]' -> sort_time (wall clock ms). A date-only upper bound means the end
 * of that day, so { from: '2023-07-14', to: '2023-07-14' } is the whole day.
 */
function wallClockBound(text: string, bound: 'from' | 'to'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m === null) throw new ApiError('invalid_input', `not a date or date-time: ${text}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new ApiError('invalid_input', `no such date or time: ${text}`);
  }
  if (m[4] === undefined) return bound === 'from' ? time : time + dayMs - 1;
  return bound === 'to' && m[6] === undefined ? time + 59_999 : time;
}

function timeRange(from: string, to: string): [number, number] {
  const range: [number, number] = [wallClockBound(from, 'from'), wallClockBound(to, 'to')];
  if (range[0] > range[1]) throw new ApiError('invalid_input', `the range ends (${to}) before it starts (${from})`);
  return range;
}

/** Events over the catalog: the methods of the API contract that create, fill and suggest them. */
export function createEventsApi(catalog: Catalog, emit: (event: FacetEvent) => void): EventsApi {
  const events = catalog.events;
  const suggestions = catalog.eventSuggestions;
  const people = catalog.people;

  const requireEvent = (eventId: number): EventInfo => {
    const event = events.get(eventId);
    if (event === null) throw new ApiError('not_found', `no event with id ${eventId}`);
    return event;
  };
  const requireOpenSuggestion = (suggestionId: number) => {
    const row = suggestions.get(suggestionId);
    if (row === null) throw new ApiError('not_found', `no event suggestion with id ${suggestionId}`);
    if (row.state !== 'open') throw new ApiError('conflict', `event suggestion ${suggestionId} was already ${row.state}`);
    return row;
  };

  const apply = (eventId: number, selection: EventSelection, mode: 'add' | 'remove'): number => {
    switch (selection.kind) {
      case 'photos': {
        const unknown = events.unknownPhotoIds(selection.photoIds);
        if (unknown.length > 0) throw new ApiError('not_found', `no photos with ids ${unknown.slice(0, 20).join(', ')}`);
        return mode === 'add' ? events.addPhotos(eventId, selection.photoIds) : events.removePhotos(eventId, selection.photoIds);
      }
      case 'folder': {
        const source = catalog.sources.get(selection.sourceId);
        if (source === null) throw new ApiError('not_found', `no source with id ${selection.sourceId}`);
        // Relative to the source root, or absolute (or ~/...) inside it.
        const selected = folderOfSource(source, selection.folder);
        const { folder } = selected;
        if (mode === 'add') {
          const empty = emptyFolderError(catalog.db, source, selected);
          if (empty) throw empty;
        }
        return mode === 'add' ? events.addFolder(eventId, selection.sourceId, folder) : events.removeFolder(eventId, selection.sourceId, folder);
      }
      case 'dates': {
        const [from, to] = timeRange(selection.from, selection.to);
        return mode === 'add' ? events.addTimeRange(eventId, from, to) : events.removeTimeRange(eventId, from, to);
      }
    }
  };

  const change = (eventId: number, selection: EventSelection, mode: 'add' | 'remove') => {
    requireEvent(eventId);
    const changed = events.transaction(() => apply(eventId, selection, mode));
    if (changed > 0) emit({ type: 'changed', domains: ['events'] });
    return { event: requireEvent(eventId), changed };
  };

  return {
    async listEvents() {
      return events.list();
    },

    async createEvent({ name, selection }) {
      const eventId = events.transaction(() => {
        const created = events.create(name);
        if (selection) apply(created, selection, 'add');
        return created;
      });
      emit({ type: 'changed', domains: ['events'] });
      return requireEvent(eventId);
    },

    async renameEvent({ eventId, name }) {
      if (!events.rename(eventId, name)) throw new ApiError('not_found', `no event with id ${eventId}`);
      emit({ type: 'changed', domains: ['events'] });
      return requireEvent(eventId);
    },

    async deleteEvent({ eventId }) {
      const deleted = events.delete(eventId);
      if (deleted) emit({ type: 'changed', domains: ['events'] });
      return { deleted };
    },

    async addPhotosToEvent({ eventId, selection }) {
      return change(eventId, selection, 'add');
    },

    async removePhotosFromEvent({ eventId, selection }) {
      return change(eventId, selection, 'remove');
    },

    async listEventPhotos({ eventId, offset, limit }) {
      requireEvent(eventId);
      return { offset, ...events.page(eventId, offset, limit) };
    },

    async listEventPeople({ eventId }) {
      requireEvent(eventId);
      const photoCounts = events.personPhotoCounts(eventId);
      if (photoCounts.size === 0) return [];
      // Hidden and merged-away people are not in the list, so they drop out here.
      return people
        .listOf([...photoCounts.keys()])
        .map((person) => ({ person, photoCount: photoCounts.get(person.id)! }))
        .sort((a, b) => b.photoCount - a.photoCount || Number(b.person.name !== null) - Number(a.person.name !== null) || a.person.id - b.person.id);
    },

    async suggestEvents(input) {
      const options = { ...defaultSuggestOptions, ...stripUndefined(input) };
      const decided = suggestions.decidedSpans();
      const runs = clusterPhotos(events.timedPhotos(), options).filter((run) => {
        const start = run[0]!.time;
        const end = run.at(-1)!.time;
        // An answered span is never offered again, nor is a run mostly filed into events already.
        const answered = decided.some((span) => span.startTime <= end && start <= span.endTime);
        const filed = run.filter((photo) => photo.inEvent).length * 2 >= run.length;
        return !answered && !filed;
      });
      suggestions.replaceOpen(
        runs.map((run) => ({
          name: suggestionName(
            run.map((photo) => photo.time),
            placeOfRun(run),
          ),
          startTime: run[0]!.time,
          endTime: run.at(-1)!.time,
          photoCount: run.length,
          coverFileId: chooseCover(suggestions.coverCandidates(run.map((photo) => photo.id))) ?? run[0]!.id,
        })),
      );
      return suggestions.list('open').map(toEventSuggestion);
    },

    async listEventSuggestions() {
      return suggestions.list('open').map(toEventSuggestion);
    },

    async acceptEventSuggestion({ suggestionId, name, from, to }) {
      const suggestion = requireOpenSuggestion(suggestionId);
      const start = from === undefined ? suggestion.startTime : wallClockBound(from, 'from');
      const end = to === undefined ? suggestion.endTime : wallClockBound(to, 'to');
      if (start > end) throw new ApiError('invalid_input', `the trimmed range ends before it starts`);
      // Trimming may only narrow the suggestion: widening it is adding photos by date afterwards.
      const [lo, hi] = [Math.max(start, suggestion.startTime), Math.min(end, suggestion.endTime)];
      if (lo > hi) throw new ApiError('invalid_input', `the trimmed range lies outside suggestion ${suggestionId}`);
      const eventId = events.transaction(() => {
        const created = events.create(name ?? suggestion.name);
        events.addTimeRange(created, lo, hi);
        if (!suggestions.decide(suggestionId, 'accepted', created)) {
          throw new ApiError('conflict', `event suggestion ${suggestionId} was answered meanwhile`);
        }
        return created;
      });
      emit({ type: 'changed', domains: ['events'] });
      return requireEvent(eventId);
    },

    async dismissEventSuggestion({ suggestionId }) {
      requireOpenSuggestion(suggestionId);
      return { dismissed: suggestions.decide(suggestionId, 'dismissed') };
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
