/**
 * Runs `run` at most once per `intervalMs`: at once when it has been quiet that long, else once
 * at the end of the interval however many calls came meanwhile, so a burst of engine events
 * during indexing turns into a steady trickle of refetches and the last change is never missed.
 */
export function throttle(run: () => void, intervalMs: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = Number.NEGATIVE_INFINITY;
  return {
    call() {
      if (timer !== null) return;
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          run();
        },
        Math.max(0, last + intervalMs - Date.now()),
      );
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
