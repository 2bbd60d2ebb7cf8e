/**
 * Nearest-rank percentiles: the value at rank ceil(p/100 × n) of the sorted values, so every figure
 * reported is one that was measured. The median is the 50th percentile by the same rule: for an even
 * count it is the lower of the two middle values, not their mean.
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}
