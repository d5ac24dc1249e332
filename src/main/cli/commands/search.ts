import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoSummary } from '../../../shared/api';
import type { SearchScope } from '../../../shared/people-api';
import type { PhotoSearchFilter } from '../../../shared/places-api';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

export interface SearchOptions extends GlobalOptions {
  selfie?: string[];
  place?: string;
  from?: string;
  to?: string;
  event?: string;
  source?: string;
  faceIndex?: string;
  limit?: string;
  json?: boolean;
}

function positiveId(value: string, what: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new CliError(`${what} must be a positive whole number, not '${value}'`);
  return id;
}

/** `facet search`: the photos a person is in (--selfie), or the photos taken at a place and/or between dates. */
export async function search(options: SearchOptions): Promise<void> {
  const byPlaceOrDate = options.place !== undefined || options.from !== undefined || options.to !== undefined;
  // With --selfie, a place and dates narrow the person's photos.
  const filter = byPlaceOrDate ? { place: options.place, from: options.from, to: options.to } : undefined;
  if (options.selfie !== undefined) return searchSelfie({ ...options, selfie: options.selfie }, filter);
  if (filter === undefined) throw new CliError('give --selfie <image>, and/or --place <words> and/or --from / --to <YYYY-MM-DD>');
  return searchPlaceAndDate(options, filter);
}

/** `facet search --place Lisbon --from 2024-01-01 --to 2024-12-31`: newest first, as the library grid. */
async function searchPlaceAndDate(options: SearchOptions, where: PhotoSearchFilter): Promise<void> {
  if (options.event !== undefined || options.faceIndex !== undefined) throw new CliError('--event and --face-index go with --selfie');
  const filter = { ...where, sourceId: options.source === undefined ? undefined : positiveId(options.source, '--source') };
  const limit = options.limit === undefined ? 500 : positiveId(options.limit, '--limit');
  await withEngine(options, async (engine) => {
    const items: PhotoSummary[] = [];
    let total = 0;
    do {
      const page = await callApi(engine, 'searchPhotos', { filter, offset: items.length, limit: Math.min(2000, limit - items.length) });
      total = page.total;
      items.push(...page.items);
      if (page.items.length === 0) break;
    } while (items.length < Math.min(total, limit));
    if (options.json) return printJson({ total, items });
    process.stdout.write(`${total} photos${items.length < total ? ` (the first ${items.length} listed)` : ''}\n`);
    for (const photo of items) process.stdout.write(`${photo.id}\t${photo.takenAt ?? 'undated'}\t${photo.fileName}\n`);
  });
}

/** The selfies go through the API contract as base64, like the app's. */
async function searchSelfie(options: SearchOptions & { selfie: string[] }, filter: PhotoSearchFilter | undefined): Promise<void> {
  if (options.event !== undefined && options.source !== undefined) throw new CliError('give --event or --source, not both');
  const scope: SearchScope =
    options.event !== undefined
      ? { kind: 'event', eventId: positiveId(options.event, '--event') }
      : options.source !== undefined
        ? { kind: 'source', sourceId: positiveId(options.source, '--source') }
        : { kind: 'library' };
  const images = await Promise.all(
    options.selfie.map(async (file) => {
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new CliError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      });
      return { fileName: path.basename(file), base64: bytes.toString('base64') };
    }),
  );
  await withEngine(options, async (engine) => {
    const result = await callApi(engine, 'searchBySelfie', {
      images,
      scope,
      filter,
      faceIndex: options.faceIndex === undefined ? undefined : Number(options.faceIndex),
      limit: options.limit === undefined ? undefined : positiveId(options.limit, '--limit'),
    });
    if (options.json) return printJson(result);
    if (result.suggestion) process.stdout.write(`This looks like ${result.suggestion.name} (${(result.suggestion.confidence * 100).toFixed(0)}%)\n`);
    process.stdout.write(
      `${result.matches.length} photos (faces in the selfie: ${result.queryFaces.length}, detect+embed ${result.timings.detectEmbedMs.toFixed(0)} ms, ` +
        `search ${result.timings.searchMs.toFixed(1)} ms)\n`,
    );
    for (const m of result.matches) {
      process.stdout.write(`${m.photo.id}\t${m.similarity.toFixed(3)}\t${(m.confidence * 100).toFixed(0)}%\t${m.photo.fileName}\n`);
    }
  });
}

/** When a person was seen; people whose photos carry no capture date say so. */
function seenSpan(first: string | null, last: string | null): string {
  if (first === null || last === null) return 'undated';
  return first === last ? first : `${first} .. ${last}`;
}

/** `facet people`: the people of the library, as listPeople orders them (hidden ones too). */
export async function listPeopleCommand(options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withEngine(options, async (engine) => {
    const people = await callApi(engine, 'listPeople', { includeHidden: true });
    if (options.json) return printJson(people);
    for (const p of people) {
      process.stdout.write(
        `${p.id}\t${p.name ?? '(unnamed)'}${p.hidden ? ' (hidden)' : ''}\t${p.faceCount} faces\t${p.photoCount} photos\t` +
          `${seenSpan(p.firstSeen, p.lastSeen)}\n`,
      );
    }
  });
}
