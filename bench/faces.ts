/**
 * Detection, alignment and embedding on one thread: the per-face cost the pipeline pays, for the
 * default pack (v2) beside the pack it replaced (v1), measured in the same run.
 */
import { FACET_PACK_V1, FACET_PACK_V2 } from '../scripts/models/facet-pack';
import { benchFaces, type FaceBenchReport, type Timing } from '../src/main/ml/bench';
import { facePackDir } from '../src/main/pipeline/face-pack';
import { DEFAULT_FACE_PACK } from '../src/shared/model-manifest';
import { table } from './table';

/** The pipeline's budget per face on one CPU thread (issue "Cost"); the TF.js wasm prototype paid ~100 ms. */
const perFaceTargetMs = 30;

const packs = [
  { label: 'v1', dir: FACET_PACK_V1.dir },
  { label: 'v2', dir: FACET_PACK_V2.dir },
];

export async function runFaceBench(): Promise<void> {
  const reports = await benchFaces({ packDirs: packs.map(({ dir }) => facePackDir(undefined, dir)) });
  const [before, after] = reports as [FaceBenchReport, FaceBenchReport];
  const ms = (value: number) => value.toFixed(1);
  const ratio = (a: number, b: number) => `${(b / a).toFixed(2)}x`;
  const timed = (label: string, pick: (report: FaceBenchReport) => Timing) => {
    const [a, b] = [pick(before), pick(after)];
    return [label, a.runs, `${ms(a.wallMs)} / ${ms(a.cpuMs)}`, `${ms(b.wallMs)} / ${ms(b.cpuMs)}`, ratio(a.cpuMs, b.cpuMs)];
  };
  const perFace = (label: string, pick: (report: FaceBenchReport) => number) => [
    label,
    '',
    ms(pick(before)),
    ms(pick(after)),
    ratio(pick(before), pick(after)),
  ];
  const describe = (label: string, r: FaceBenchReport) =>
    `${label} = ${r.modelVersion} (${r.recognizer.dim}-d, ${r.recognizer.size} px ${r.recognizer.layout}; ${r.photo.faces} faces found)`;
  const [a, b] = packs.map((p) => p.label) as [string, string];
  table(
    `Faces on one thread (${after.provider}; a ${after.photo.width}x${after.photo.height} photo; medians, calls of both packs in turn): ` +
      `${describe(a, before)}, ${describe(b, after)}`,
    ['step', 'runs', `${a} wall / CPU ms`, `${b} wall / CPU ms`, `CPU ${b} / ${a}`],
    [
      timed('detect (whole photo)', (r) => r.detect),
      timed('detect, 12 MP, default search (tiles for 48 px faces)', (r) => r.detectDefault12Mp),
      timed('detect, 12 MP, find very small faces (tiles for 24 px faces)', (r) => r.detectTiled12Mp),
      timed('align (one face)', (r) => r.align),
      timed('embed (one face)', (r) => r.embed),
      perFace('detect share per face (whole photo / faces), CPU', (r) => r.detectPerFaceCpuMs),
      perFace('per face: detect share + align + embed, CPU', (r) => r.perFaceCpuMs),
    ],
  );
  const shipped = reports[packs.findIndex(({ dir }) => dir === DEFAULT_FACE_PACK)];
  if (shipped) {
    const met = shipped.perFaceCpuMs <= perFaceTargetMs ? 'met' : 'NOT MET';
    process.stdout.write(
      `\n${shipped.modelVersion} (default) detect + align + embed per face: ${ms(shipped.perFaceCpuMs)} ms CPU on one thread; ` +
        `target <= ${perFaceTargetMs} ms: ${met} (TF.js wasm prototype ~100 ms)\n`,
    );
  }
}
