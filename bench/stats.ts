// Small, pure measuring helpers: percentiles, timing of synchronous calls, rounding for the table.

/** Nearest-rank percentile (p in [0, 100]) of unsorted samples; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

export interface Summary {
  readonly n: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarise(samplesMs: readonly number[]): Summary {
  return {
    n: samplesMs.length,
    p50Ms: round(percentile(samplesMs, 50)),
    p99Ms: round(percentile(samplesMs, 99)),
    maxMs: round(percentile(samplesMs, 100)),
  };
}

/** Milliseconds one synchronous call takes, by the monotonic nanosecond clock. */
export function timeMs(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Runs `fn` over the warm-up items unmeasured (JIT, caches), then over every item `rounds` times
 * measured; one sample per call.
 */
export function sampleEach<T>(items: readonly T[], fn: (item: T) => unknown, rounds = 2, warmup: readonly T[] = items): number[] {
  for (const it of warmup) fn(it);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) for (const it of items) out.push(timeMs(() => fn(it)));
  return out;
}

/** Rounded for reading and for JSON: 4 significant decimals below 1 ms, 2 above. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  return n < 1 ? Math.round(n * 1e4) / 1e4 : Math.round(n * 100) / 100;
}

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
