import type { PhotoSummary } from '../../../shared/api';
import { callApi, printJson, withEngine, type GlobalOptions } from '../context';

export async function showStatus(options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withEngine(options, async (engine) => {
    const status = await callApi(engine, 'getStatus', {});
    const sources = await callApi(engine, 'listSources', {});
    if (options.json) return printJson({ status, sources });
    process.stdout.write(
      `Library ${status.libraryDir} (schema ${status.schemaVersion})\n` +
        `  photos ${status.photos}  videos ${status.videos}  missing ${status.missing}  errors ${status.errors}  ` +
        `faces ${status.faces}  pending ${status.pendingJobs}\n`,
    );
    if (status.indexingPaused) process.stdout.write('  Indexing is paused (`facet resume`)\n');
    const update = status.faceModelUpdate;
    if (update !== null) process.stdout.write(`  Updating faces to the new model: ${update.done} of ${update.total}\n`);
    if (status.faceIndexCatchingUp !== null)
      process.stdout.write(`  Face index catching up (searches scan every face meanwhile): ${status.faceIndexCatchingUp}\n`);
    if (status.catalogProblem !== null) process.stdout.write(`  ${status.catalogProblem}\n`);
    for (const s of sources) {
      process.stdout.write(
        `  [${s.id}] ${s.kind} ${s.root}: ${s.photoCount} photos, ${s.videoCount} videos, ` +
          `${s.missingCount} missing, ${s.errorCount} errors, ${s.state}${s.stateReason ? ` (${s.stateReason})` : ''}\n`,
      );
    }
  });
}

const pageSize = 2000;

export interface PhotoListOptions {
  json?: boolean;
  source?: string;
  favourites?: boolean;
  minRating?: string;
  hidden?: boolean;
}

export async function listPhotos(options: GlobalOptions & PhotoListOptions): Promise<void> {
  await withEngine(options, async (engine) => {
    const sourceId = options.source === undefined ? undefined : Number(options.source);
    // The contract checks the numbers and names the one that is wrong.
    const filter = {
      favourites: options.favourites,
      minRating: options.minRating === undefined ? undefined : Number(options.minRating),
      hidden: options.hidden,
    };
    const photos: PhotoSummary[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const page = await callApi(engine, 'listPhotos', { offset, limit: pageSize, sourceId, ...filter });
      photos.push(...page.items);
      if (offset + pageSize >= page.total) break;
    }
    if (options.json) return printJson(photos);
    for (const p of photos) {
      const marks = `${p.favourite ? '♥' : ''}${'★'.repeat(p.rating)}`;
      process.stdout.write(`${p.id}\t${p.takenAt ?? 'undated'}\t${p.width ?? '?'}x${p.height ?? '?'}\t${p.fileName}${marks ? `\t${marks}` : ''}\n`);
    }
  });
}

export async function listDuplicates(options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withEngine(options, async (engine) => {
    const exact = await callApi(engine, 'listDuplicates', { kind: 'exact' });
    const near = await callApi(engine, 'listDuplicates', { kind: 'near' });
    if (options.json) return printJson({ exact, near });
    for (const [title, groups] of [
      ['Exact duplicates', exact],
      ['Near duplicates', near],
    ] as const) {
      process.stdout.write(`${title}: ${groups.length} groups\n`);
      for (const group of groups) {
        process.stdout.write(`  distance <= ${group.maxDistance}: ${group.photos.map((p) => p.fileName).join(', ')}\n`);
        const keeper = group.photos.find((p) => p.id === group.keeper.photoId);
        process.stdout.write(`    keep ${keeper?.fileName ?? group.keeper.photoId}: ${group.keeper.reason}\n`);
      }
    }
  });
}

export async function listErrors(options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withEngine(options, async (engine) => {
    const errors = await callApi(engine, 'listErrors', { limit: 10_000 });
    if (options.json) return printJson(errors);
    for (const e of errors) process.stdout.write(`${e.path}\t${e.stage}\t${e.reason}\n`);
  });
}
