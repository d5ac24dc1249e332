/**
 * Lets the event loop serve whatever waits (API calls, IPC, timers) before long work goes on, then
 * stops with the signal's reason when it was aborted meanwhile.
 */
export async function nextTurn(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}
