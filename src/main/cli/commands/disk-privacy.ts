/** `facet disk` and `facet faces off|on|delete-all`: the Settings screen's disk and privacy section. */
import type { DiskUsage } from '../../../shared/library-care-api';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

const partNames: Record<keyof DiskUsage['parts'], string> = {
  catalog: 'Catalog',
  faceIndex: 'Face index',
  faceCrops: 'Face crops',
  previews: 'Previews',
  thumbnails: 'Thumbnails',
  exports: 'Imports and sync',
  logsAndBackups: 'Logs and backups',
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "500" (MB), or "none" for no limit. */
function previewLimit(text: string): number | null {
  if (text === 'none') return null;
  const megabytes = Number(text);
  if (!Number.isFinite(megabytes) || megabytes < 0) throw new CliError(`--preview-cache: expected megabytes or "none", not ${text}`);
  return Math.round(megabytes * 1024 * 1024);
}

export async function diskCommand(options: GlobalOptions & { json?: boolean; previewCache?: string }): Promise<void> {
  const maxBytes = options.previewCache === undefined ? undefined : previewLimit(options.previewCache);
  await withEngine(options, async (engine) => {
    const usage = maxBytes === undefined ? await callApi(engine, 'getDiskUsage', {}) : await callApi(engine, 'setPreviewCacheLimit', { maxBytes });
    if (options.json) return printJson(usage);
    process.stdout.write(`${usage.libraryDir}\n`);
    for (const [part, name] of Object.entries(partNames) as [keyof DiskUsage['parts'], string][]) {
      process.stdout.write(`  ${name.padEnd(18)} ${formatBytes(usage.parts[part]).padStart(9)}\n`);
    }
    process.stdout.write(`  ${'Total'.padEnd(18)} ${formatBytes(usage.total).padStart(9)}\n`);
    const cache = usage.previewCache;
    const limit = cache.maxBytes === null ? 'no limit (`facet disk --preview-cache <MB>` sets one)' : `limit ${formatBytes(cache.maxBytes)}`;
    process.stdout.write(`Preview cache: ${cache.count} previews, ${formatBytes(cache.bytes)}, ${limit}\n`);
  });
}

export async function facesSwitchCommand(enabled: boolean, options: GlobalOptions & { deleteData?: boolean; yes?: boolean }): Promise<void> {
  if (options.deleteData && !options.yes) throw new CliError('deleting all face data cannot be undone: add --yes to confirm');
  await withEngine(options, async (engine) => {
    const state = await callApi(engine, 'setFaceRecognition', { enabled, deleteFaceData: options.deleteData ?? false });
    if (enabled) {
      process.stdout.write('Face recognition is on: photos indexed while it was off are looked at for faces the next time Facet indexes.\n');
    } else {
      const kept =
        state.faces > 0 ? ` Existing face data is kept (${state.faces} faces, ${state.people} people): \`facet faces delete-all --yes\` deletes it.` : '';
      process.stdout.write(`Face recognition is off: no face detection or embedding while indexing.${kept}\n`);
    }
  });
}

export async function deleteAllFacesCommand(options: GlobalOptions & { yes?: boolean }): Promise<void> {
  if (!options.yes) throw new CliError('deleting all face data cannot be undone: add --yes to confirm');
  await withEngine(options, async (engine) => {
    const deleted = await callApi(engine, 'deleteAllFaceData', {});
    process.stdout.write(
      `Deleted ${deleted.faces} faces, ${deleted.people} people and ${deleted.crops} face crops (catalog backups replaced). Face recognition is off (\`facet faces on\`).\n`,
    );
  });
}
