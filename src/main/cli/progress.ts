import cliProgress from 'cli-progress';
import type { FacetEvent, IndexProgress, SourceInfo } from '../../shared/api';
import type { FacetEngine } from '../api/engine';
import { callApi } from './context';

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

export function describeProgress(progress: IndexProgress): string {
  return (
    `${progress.phase} ${progress.done}/${progress.total} ` +
    `${progress.ratePerSecond.toFixed(1)}/s eta ${formatEta(progress.etaSeconds)} ` +
    `errors ${progress.errors} unchanged ${progress.skipped}`
  );
}

/**
 * A bar per source on a terminal; on a pipe or log file, one plain line every few seconds, so CI
 * logs stay readable.
 */
export function createProgressReporter(sources: SourceInfo[]): {
  onEvent: (event: FacetEvent) => void;
  stop: () => void;
} {
  const labels = new Map(sources.map((s) => [s.id, s.label]));
  if (process.stderr.isTTY) {
    const multibar = new cliProgress.MultiBar(
      {
        format: '{label} |{bar}| {value}/{total} {rate}/s eta {eta_text} errors {errors}',
        hideCursor: true,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<number, cliProgress.SingleBar>();
    return {
      onEvent(event) {
        if (event.type !== 'index-progress') return;
        const p = event.progress;
        const payload = {
          label: labels.get(p.sourceId) ?? `source ${p.sourceId}`,
          rate: p.ratePerSecond.toFixed(1),
          eta_text: formatEta(p.etaSeconds),
          errors: p.errors,
        };
        let bar = bars.get(p.sourceId);
        if (!bar) {
          bar = multibar.create(Math.max(p.total, 1), p.done, payload);
          bars.set(p.sourceId, bar);
        }
        bar.setTotal(Math.max(p.total, 1));
        bar.update(p.done, payload);
      },
      stop: () => multibar.stop(),
    };
  }
  let lastPrinted = 0;
  return {
    onEvent(event) {
      if (event.type !== 'index-progress') return;
      const now = Date.now();
      if (now - lastPrinted < 3000 && event.progress.phase !== 'idle') return;
      lastPrinted = now;
      const label = labels.get(event.progress.sourceId) ?? `source ${event.progress.sourceId}`;
      process.stderr.write(`${label}: ${describeProgress(event.progress)}\n`);
    },
    stop: () => undefined,
  };
}

/** Indexes every source until idle, reporting progress on stderr. */
export async function indexUntilIdle(engine: FacetEngine): Promise<void> {
  const reporter = createProgressReporter(await callApi(engine, 'listSources', {}));
  const unsubscribe = engine.subscribe(reporter.onEvent);
  try {
    await engine.indexAll();
  } finally {
    unsubscribe();
    reporter.stop();
  }
}
