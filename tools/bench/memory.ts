/**
 * What a benchmark sample retains: the live heap after a full collection, taken just before the clock
 * starts and again as it stops (before anything the run built is released), so the growth is what the
 * registrations and their state hold, not garbage the collector had not reached yet. Needs
 * `--expose-gc` (bench.ts passes it); collecting outside the clock does not slow the measured work.
 */
function collectedHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("bench worker: run with --expose-gc (tools/bench.ts NODE_FLAGS) to measure the heap");
  gc();
  return process.memoryUsage().heapUsed;
}

/** Starts a measurement: call the returned function when the clock stops, for the heap's growth in MB. */
export function heapGrowthFrom(): () => number {
  const before = collectedHeapBytes();
  return () => (collectedHeapBytes() - before) / 2 ** 20;
}
