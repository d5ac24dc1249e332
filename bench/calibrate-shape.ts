/**
 * Fits a `FaceShape` to a model pack's real embeddings of the calibration sets (lfw10 + tvcast),
 * so that the vector bench's synthetic faces spread like that recognizer's: prints the real
 * statistics, those of the pack's current shape, and the fitted shape to put in
 * bench/vectors-synthetic.ts. Embeddings are cached in .cache/face-embeddings.
 * `npx node --import tsx bench/calibrate-shape.ts [pack folder under resources/models]` (default:
 * the default pack).
 */
import path from 'node:path';
import { facePackDir, readFaceModelRef } from '../src/main/pipeline/face-pack';
import { DEFAULT_FACE_PACK } from '../src/shared/model-manifest';
import {
  calibrationError,
  formatStatistics,
  realPeople,
  statisticsOf,
  syntheticStatistics,
  toleranceShares,
  type People,
  type ShapeStatistics,
} from './shape-calibration';
import { calibratedFaceShapes, shapeParameters, type FaceShape } from './vectors-synthetic';

/** A shape's parameters as one vector, the noise energy by the middle of its range (which spans 2/3 to 4/3 of it, as [0.3, 0.6] does). */
type Parameters = [noiseDecay: number, centreDecay: number, sharedWeight: number, noiseEnergy: number];

const toShape = ([noiseDecay, centreDecay, sharedWeight, energy]: Parameters): FaceShape => ({
  noiseDecay,
  centreDecay,
  sharedWeight,
  noiseEnergy: [round((energy * 2) / 3), round((energy * 4) / 3)],
});
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Squared shares of the tolerances, summed: smoother than the largest share (calibrationError,
 * what the test holds), so the search can walk it.
 */
function misfit(real: ShapeStatistics, synthetic: ShapeStatistics): number {
  return toleranceShares(real, synthetic).reduce((sum, share) => sum + share * share, 0);
}

/** Pattern search on a grid of hundredths: each parameter in turn up or down by a shrinking step. */
function fit(real: People, target: ShapeStatistics, dim: number, start: Parameters): Parameters {
  const cost = (p: Parameters) => misfit(target, syntheticStatistics(real, toShape(p), dim));
  let best = start;
  let bestCost = cost(best);
  for (const step of [0.4, 0.2, 0.1, 0.05, 0.02, 0.01]) {
    for (let improved = true; improved;) {
      improved = false;
      for (let i = 0; i < best.length; i++) {
        for (const sign of [-1, 1]) {
          const tried = best.map((v, j) => (j === i ? round(Math.max(0, v + sign * step)) : v)) as Parameters;
          const triedCost = cost(tried);
          if (triedCost < bestCost) [best, bestCost, improved] = [tried, triedCost, true];
        }
      }
    }
    process.stderr.write(`step ${step}: ${JSON.stringify(toShape(best))} misfit ${bestCost.toFixed(3)}\n`);
  }
  return best;
}

const pack = process.argv[2] ?? DEFAULT_FACE_PACK;
const packDir = facePackDir(undefined, pack);
const { dim } = await readFaceModelRef(packDir);
const real = await realPeople(path.resolve('../shared/datasets'), packDir);
const target = statisticsOf(real);
process.stdout.write(`${pack}: ${real.flat().length} faces of ${real.length} people, ${dim}-d\nreal: ${formatStatistics(target)}\n`);
const current = calibratedFaceShapes.find((shape) => shape.pack === pack);
if (current) {
  const synthetic = syntheticStatistics(real, current, dim);
  process.stdout.write(
    `${current.name} ${JSON.stringify(shapeParameters(current))}: ${formatStatistics(synthetic)}; share of tolerance ${calibrationError(target, synthetic).toFixed(2)}\n`,
  );
}
const start = current ?? calibratedFaceShapes[0]!;
const fitted = toShape(fit(real, target, dim, [start.noiseDecay, start.centreDecay, start.sharedWeight, (start.noiseEnergy[0] + start.noiseEnergy[1]) / 2]));
const synthetic = syntheticStatistics(real, fitted, dim);
process.stdout.write(
  `fitted ${JSON.stringify(fitted)}: ${formatStatistics(synthetic)}; share of tolerance ${calibrationError(target, synthetic).toFixed(2)}\n`,
);
