import path from 'node:path';
import { evalVerify } from '../../ml/eval/verify';
import type { ClusterSweepReport } from '../../people/eval/cluster-eval';
import { evalCluster, sweepCluster } from '../../people/eval/cluster-eval';
import { defaultModelsDir, facePackDir } from '../../pipeline/face-pack';
import { CliError, printJson } from '../context';
import { errorMessage } from '../../../shared/error-message';

export interface EvalVerifyOptions {
  pairs?: string;
  root?: string;
  aligned?: boolean;
  pack?: string;
}

/**
 * `facet eval verify <folder>...` (folders of person folders: every same and different pair, across
 * the folders too) or `facet eval verify --pairs <csv> --root <dir>`: face verification quality and
 * the similarity calibration fit, as JSON.
 */
export async function evalVerifyCommand(folders: string[], options: EvalVerifyOptions): Promise<void> {
  if (options.pairs !== undefined && folders.length > 0) throw new CliError('give folders or --pairs, not both');
  const root = options.pairs !== undefined ? [options.root ?? path.dirname(options.pairs)] : folders;
  if (root.length === 0) throw new CliError('give a folder of person folders (or several), or --pairs <csv> --root <dir>');
  const report = await evalVerify({
    root: root.map((folder) => path.resolve(folder)),
    pairsCsv: options.pairs === undefined ? undefined : path.resolve(options.pairs),
    aligned: options.aligned ?? false,
    packDir: packDirOf(options),
  }).catch(asCliError);
  printJson(report);
}

export interface EvalClusterOptions {
  aligned?: boolean;
  pack?: string;
  /** start:stop:step */
  sweepThreshold?: string;
  sweepBaseline?: string;
  json?: boolean;
}

/**
 * `facet eval cluster <folder>...`: the shipped clustering and the baseline scored against person
 * folders, as JSON; with --sweep-threshold or --sweep-baseline, one method scored over a range of
 * its distance, as a table (or --json).
 */
export async function evalClusterCommand(folders: string[], options: EvalClusterOptions): Promise<void> {
  if (options.sweepThreshold !== undefined && options.sweepBaseline !== undefined) throw new CliError('give --sweep-threshold or --sweep-baseline, not both');
  const base = { root: folders.map((folder) => path.resolve(folder)), aligned: options.aligned ?? false, packDir: packDirOf(options) };
  const sweep = options.sweepThreshold ?? options.sweepBaseline;
  if (sweep === undefined) {
    printJson(await evalCluster(base).catch(asCliError));
    return;
  }
  const flag = options.sweepThreshold !== undefined ? '--sweep-threshold' : '--sweep-baseline';
  const { values, decimals } = parseRange(sweep, flag);
  const report = await sweepCluster({ ...base, method: options.sweepThreshold !== undefined ? 'shipped' : 'baseline', values }).catch(asCliError);
  if (options.json) printJson(report);
  else process.stdout.write(sweepTable(report, decimals));
}

/**
 * 'start:stop:step' -> start, start+step, ..., stop (inclusive), rounded to the most decimals the
 * three are written with (returned too, for printing them the same way).
 */
export function parseRange(text: string, flag: string): { values: number[]; decimals: number } {
  const parts = text.split(':').map(Number);
  const [start, stop, step] = parts;
  if (parts.length !== 3 || !parts.every(Number.isFinite) || step! <= 0 || stop! < start!) {
    throw new CliError(`${flag} takes start:stop:step with start <= stop and step > 0, not '${text}'`);
  }
  const count = Math.floor((stop! - start!) / step! + 1e-9) + 1;
  if (count > 1000) throw new CliError(`${flag} '${text}' is ${count} values; at most 1000`);
  // Decimals of the inputs, so 0.4 + 3 * 0.02 prints and compares as 0.46, not 0.45999999999999996.
  const decimals = Math.max(...text.split(':').map((p) => (p.split('.')[1] ?? '').length));
  return { values: Array.from({ length: count }, (_, i) => Number((start! + i * step!).toFixed(decimals))), decimals };
}

export function sweepTable(report: ClusterSweepReport, decimals: number): string {
  const fixed = Object.entries(report.options)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const header = [report.parameter, 'bcubedF1', 'precision', 'recall', 'pairwiseF1', 'clusters', 'unassigned', 'split'];
  const rows = report.rows.map((r) => [
    r.value.toFixed(decimals),
    ...[r.bcubed.f1, r.bcubed.precision, r.bcubed.recall, r.pairwise.f1].map((v) => v.toFixed(3)),
    String(r.clusters),
    String(r.unassigned),
    String(r.split),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ') + '\n';
  return (
    `# ${report.method} (${report.modelVersion}): ${report.faces} faces, ${report.identities} identities; ${fixed}; ` +
    `precision/recall are BCubed; split = identities over >1 cluster\n` +
    line(header) +
    rows.map(line).join('')
  );
}

function packDirOf(options: { pack?: string }): string {
  return path.resolve(options.pack ?? facePackDir(defaultModelsDir()));
}

function asCliError(error: unknown): never {
  throw new CliError(errorMessage(error));
}
