// Writes that only save time later: cache files and hints, whose readers check them and
// recompute what is stale or missing. A hook's own process does them at once; the hook helper
// (lib/helper) does them once it has answered the hook, off the commit's path, before it takes
// the next request. Whatever must hold when the hook ends (the log, refs, the index) is never
// written this way.
let sink: ((work: () => void) => void) | null = null;

/** Where deferrable() hands its work from now on (the hook helper's list for after its answer). */
export function deferWritesTo(to: ((work: () => void) => void) | null): void {
  sink = to;
}

/** Runs `work` now, or after the hook has answered when a helper runs it. */
export function deferrable(work: () => void): void {
  if (sink) sink(work);
  else work();
}
