/**
 * Waits `ms`, or less when `signal` aborts first: a run stopped by Ctrl-C does not sit out a device-flow
 * poll interval or a retry's backoff before it can write its reports.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
