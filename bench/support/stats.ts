/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `items` in the order used for `round`: forwards on even rounds, backwards on odd ones (A B C, C B A, ...). */
export function alternated<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

/** For each round, `measure(item)` for every item in alternating order; the results per item, by round. */
export async function inRounds<T, R>(items: readonly T[], rounds: number, measure: (item: T) => Promise<R>): Promise<Map<T, R[]>> {
  const values = new Map<T, R[]>(items.map((item) => [item, []]));
  for (let round = 0; round < rounds; round++) {
    for (const item of alternated(items, round)) values.get(item)!.push(await measure(item));
  }
  return values;
}

/** Per-round ratios `values[i] / baseline[i]`. */
export function ratios(values: readonly number[], baseline: readonly number[]): number[] {
  return values.map((value, index) => value / baseline[index]!);
}

/** The nearest-rank `fraction` percentile of `values` (0.99 for p99; 1 for the maximum). */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length))) - 1]!;
}
