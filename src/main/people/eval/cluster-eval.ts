/**
 * `facet eval cluster`: cluster the faces of folders of person folders with the shipped method and
 * the Immich-style baseline, each with the evaluated pack's own tuning, and score both against the
 * folder names; or sweep one method's distance threshold over a range on one embedding pass.
 */
import type { EmbedOptions, LabelledFace } from '../../ml/eval/labelled-faces';
import { embedLabelledFaces } from '../../ml/eval/labelled-faces';
import { BUNDLED_PACK_DIR } from '../../ml/faces';
import { readFacePack } from '../../pipeline/face-pack';
import type { ClusterOptions } from '../cluster';
import { clusterDefaults, clusterFaces } from '../cluster';
import type { ImmichDbscanOptions } from '../immich-dbscan';
import { clusterFacesImmich, immichDefaults } from '../immich-dbscan';
import type { NeighbourSource } from '../neighbours';
import { exactNeighbours } from '../neighbours';
import type { Assignments } from '../../domain/people';
import type { ClusteringScores, IdentitySplit, SplitSummary } from './metrics';
import { identitySplits, scoreClustering } from './metrics';

export type { LabelledFace } from '../../ml/eval/labelled-faces';
export { DEFAULT_EMBEDDING_CACHE_DIR, embedLabelledFaces } from '../../ml/eval/labelled-faces';

type ShippedOptions = Omit<ClusterOptions, 'neighbours'>;
type BaselineOptions = Omit<ImmichDbscanOptions, 'neighbours'>;

export interface ClusterEvalOptions extends EmbedOptions {
  /** A folder of person folders, or several (identities are then prefixed with the folder's name). */
  root: string | readonly string[];
  /** Over the pack's tuning.clustering (and the algorithm's defaults for what the pack does not set). */
  shipped?: Partial<ShippedOptions>;
  /** Over immichDefaults with the pack's tuning.baselineMaxDistance. */
  baseline?: Partial<BaselineOptions>;
}

export interface MethodReport extends ClusteringScores {
  splits: { summary: SplitSummary; perIdentity: IdentitySplit[] };
  options: Record<string, number>;
}

export interface ClusterEvalReport {
  images: number;
  /** Images where a face was found (their largest face is clustered). */
  faces: number;
  /** Images where no face was found: left out of the scores. */
  noFace: string[];
  identities: number;
  modelVersion: string;
  methods: { shipped: MethodReport; baseline: MethodReport };
}

export async function evalCluster(options: ClusterEvalOptions): Promise<ClusterEvalReport> {
  const { faces, images, noFace, modelVersion, neighbours, shipped, baseline } = await prepare(options);
  return {
    images,
    faces: faces.length,
    noFace,
    identities: new Set(faces.map((f) => f.identity)).size,
    modelVersion,
    methods: {
      shipped: methodReport(faces, clusterFaces(faces, { ...shipped, neighbours }), shipped),
      baseline: methodReport(faces, clusterFacesImmich(faces, { ...baseline, neighbours }), baseline),
    },
  };
}

export interface ClusterSweepOptions extends ClusterEvalOptions {
  /** 'shipped' sweeps the HAC threshold (attachDistance, minQuality from the pack); 'baseline' sweeps maxDistance. */
  method: 'shipped' | 'baseline';
  values: readonly number[];
}

export interface SweepRow extends ClusteringScores {
  value: number;
  /** Identities spread over more than one cluster. */
  split: number;
}

export interface ClusterSweepReport {
  method: 'shipped' | 'baseline';
  parameter: 'threshold' | 'maxDistance';
  /** The method's other options, fixed over the sweep. */
  options: Record<string, number>;
  images: number;
  faces: number;
  identities: number;
  modelVersion: string;
  rows: SweepRow[];
}

export async function sweepCluster(options: ClusterSweepOptions): Promise<ClusterSweepReport> {
  const { faces, images, modelVersion, neighbours, shipped, baseline } = await prepare(options);
  const parameter = options.method === 'shipped' ? 'threshold' : 'maxDistance';
  const rows = options.values.map((value) => {
    const assignments =
      options.method === 'shipped'
        ? clusterFaces(faces, { ...shipped, threshold: value, neighbours })
        : clusterFacesImmich(faces, { ...baseline, maxDistance: value, neighbours });
    const items = labelled(faces, assignments);
    return { value, ...scoreClustering(items), split: identitySplits(items).summary.split };
  });
  const { [parameter]: _swept, ...fixed } = (options.method === 'shipped' ? shipped : baseline) as Record<string, number>;
  return {
    method: options.method,
    parameter,
    options: fixed,
    images,
    faces: faces.length,
    identities: new Set(faces.map((f) => f.identity)).size,
    modelVersion,
    rows,
  };
}

export function score(faces: readonly LabelledFace[], assignments: Assignments): ClusteringScores {
  return scoreClustering(labelled(faces, assignments));
}

async function prepare(options: ClusterEvalOptions) {
  const embedded = await embedLabelledFaces(options);
  // The pack whose embeddings these are decides the distances: thresholds do not carry across models.
  const tuning = (options.models?.manifest ?? (await readFacePack(options.packDir ?? BUNDLED_PACK_DIR))).recognizer.tuning;
  const shipped: ShippedOptions = { ...clusterDefaults, ...tuning.clustering, ...options.shipped };
  const baseline: BaselineOptions = { ...immichDefaults, maxDistance: tuning.baselineMaxDistance, ...options.baseline };
  const neighbours: NeighbourSource = exactNeighbours(embedded.faces);
  return { ...embedded, neighbours, shipped, baseline };
}

function methodReport(faces: readonly LabelledFace[], assignments: Assignments, options: ShippedOptions | BaselineOptions): MethodReport {
  const items = labelled(faces, assignments);
  return { ...scoreClustering(items), splits: identitySplits(items), options: { ...options } };
}

function labelled(faces: readonly LabelledFace[], assignments: Assignments) {
  return faces.map((f) => ({ identity: f.identity, cluster: assignments.get(f.id) ?? null }));
}
