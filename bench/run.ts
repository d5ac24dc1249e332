// `npm run bench [-- section...]`: measurements printed as tables, each ratio taken side by side
// in one run. Sections: indexing, faces, detection, vectors, index-catch-up, search, people, faults (default: all).
import { runDetectionRecallBench } from './detection-recall';
import { runFaceBench } from './faces';
import { runFaultBench } from './faults';
import { runIndexCatchUpBench } from './index-catch-up';
import { runIndexingBench } from './indexing';
import { runPeopleBench } from './people';
import { runSearchBench } from './search';
import { runVectorBench, vectorBenchOptionsFromEnv } from './vectors';

const sections: Record<string, () => Promise<void>> = {
  indexing: runIndexingBench,
  faces: runFaceBench,
  detection: runDetectionRecallBench,
  vectors: () => runVectorBench(vectorBenchOptionsFromEnv()),
  'index-catch-up': runIndexCatchUpBench,
  search: async () => {
    await runSearchBench();
  },
  people: async () => {
    await runPeopleBench();
  },
  faults: runFaultBench,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(sections)) {
  process.stdout.write(`\n## ${name}\n`);
  await sections[name]!();
}
