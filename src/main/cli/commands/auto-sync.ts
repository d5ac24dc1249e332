/** `facet auto-sync <eventId> [--pause|--resume]`: automatic sync of a linked event, as the event page shows it. */
import type { EventAutoSync } from '../../../shared/auto-sync-api';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

export interface AutoSyncOptions extends GlobalOptions {
  pause?: boolean;
  resume?: boolean;
  json?: boolean;
}

function describe(state: EventAutoSync): string {
  if (!state.linked) return `Event ${state.eventId} is not linked to a shared location: link it with \`facet sync ${state.eventId} --folder <path>\``;
  const lines = [`Event ${state.eventId}: automatic sync ${state.paused ? 'paused' : 'on'} (while the app or \`facet serve\` runs)`];
  if (state.lastAttemptAt) lines.push(`  last attempt ${state.lastAttemptAt}`);
  if (state.lastError) lines.push(`  ${state.failures} failed in a row, last: ${state.lastError}`);
  return lines.join('\n');
}

export async function autoSyncCommand(eventIdText: string, options: AutoSyncOptions): Promise<void> {
  const eventId = Number(eventIdText);
  if (!Number.isSafeInteger(eventId) || eventId <= 0) throw new CliError(`not an event id: ${eventIdText}`);
  if (options.pause && options.resume) throw new CliError('give --pause or --resume, not both');
  await withEngine(options, async (engine) => {
    const change = options.pause ? true : options.resume ? false : null;
    const state =
      change === null ? await callApi(engine, 'getEventAutoSync', { eventId }) : await callApi(engine, 'setEventAutoSyncPaused', { eventId, paused: change });
    if (options.json) return printJson(state);
    process.stdout.write(`${describe(state)}\n`);
  });
}
