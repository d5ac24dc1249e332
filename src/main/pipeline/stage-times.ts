/**
 * Where indexing time goes: milliseconds per stage, summed over files (and over the threads that
 * ran them, so stages that overlap add up to more than the elapsed time). Costs two clock reads
 * per stage; the indexing bench prints each stage's share.
 */
export type StageTimes = Record<string, number>;

/** Everything this process indexed so far: the workers' stages arrive with their results. */
export const indexingStageTimes: StageTimes = {};

/** Synchronous work (a catalog transaction) runs at once, inside the call, as it would unwrapped. */
export async function timeStage<T>(times: StageTimes, stage: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    times[stage] = (times[stage] ?? 0) + performance.now() - started;
  }
}

export function addStageTimes(into: StageTimes, from: Readonly<StageTimes>): void {
  for (const [stage, ms] of Object.entries(from)) into[stage] = (into[stage] ?? 0) + ms;
}
