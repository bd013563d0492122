/**
 * At most one run in flight and at most one queued: calls made while a run is in flight share the
 * single follow-up run (snapshot re-fetches on bursts of notifications).
 */

/** Wrap `fn`; the returned function resolves when the run that covers this call has finished. */
export function coalesce(fn: () => Promise<void>): () => Promise<void> {
  let inflight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const run = (): Promise<void> => {
    if (!inflight) {
      inflight = fn().finally(() => { inflight = null; });
      return inflight;
    }
    if (!queued) queued = inflight.catch(() => undefined).then(() => { queued = null; return run(); });
    return queued;
  };
  return run;
}
