import { benchFaces } from '../src/main/ml/bench';
import { table } from './table';

/** Detection, alignment and embedding on one thread: the per-face cost the pipeline pays. */
export async function runFaceBench(): Promise<void> {
  const report = await benchFaces();
  const ms = (value: number) => value.toFixed(1);
  table(
    `Faces on one thread (${report.provider}, ${report.modelVersion}; ${report.photo.faces} faces in a ` +
      `${report.photo.width}x${report.photo.height} photo; medians)`,
    ['step', 'runs', 'wall ms', 'CPU ms'],
    [
      ['detect (whole photo)', report.detect.runs, ms(report.detect.wallMs), ms(report.detect.cpuMs)],
      ['detect, 12 MP with tiles for 24 px faces', report.detectTiled12Mp.runs, ms(report.detectTiled12Mp.wallMs), ms(report.detectTiled12Mp.cpuMs)],
      ['align (one face)', report.align.runs, ms(report.align.wallMs), ms(report.align.cpuMs)],
      ['embed (one face)', report.embed.runs, ms(report.embed.wallMs), ms(report.embed.cpuMs)],
    ],
  );
  process.stdout.write(
    `\ndetect + align + embed per face: ${ms(report.perFaceCpuMs)} ms CPU (target <= 30 ms; TF.js wasm prototype ~100 ms)\n`,
  );
}
