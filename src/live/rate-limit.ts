// A per-user token bucket in memory: `capacity` requests at once, refilled continuously at
// `capacity` per `windowMs`. Transport-neutral (the gateway and the HTTP endpoint can share it);
// a process restart forgets it, which is fine for a courtesy limit in front of cheap lookups.

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Time to refill a full bucket. */
  windowMs: number;
  /** Users tracked at most; the stalest are dropped first (a full bucket is the default anyway). */
  maxKeys?: number;
  now?: () => number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  take(key: string): RateDecision;
  readonly size: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!(options.capacity >= 1) || !(options.windowMs > 0)) throw new RangeError('capacity must be ≥ 1 and windowMs > 0');
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = options.capacity / options.windowMs;
  // Insertion order doubles as recency order: a key is re-inserted on every use.
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key) {
      const t = now();
      const prev = buckets.get(key);
      let tokens = options.capacity;
      if (prev) {
        // A clock that went backwards refills nothing rather than something negative.
        tokens = Math.min(options.capacity, prev.tokens + Math.max(0, t - prev.at) * perMs);
        buckets.delete(key);
      }
      // The epsilon absorbs float error, so waiting exactly retryAfterMs is always enough.
      if (tokens >= 1 - 1e-9) {
        buckets.set(key, { tokens: Math.max(0, tokens - 1), at: t });
        evict();
        return { ok: true, remaining: Math.max(0, Math.floor(tokens - 1 + 1e-9)) };
      }
      buckets.set(key, { tokens, at: t });
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - tokens) / perMs)) };
    },
    get size() {
      return buckets.size;
    },
  };

  function evict(): void {
    while (buckets.size > maxKeys) {
      const oldest = buckets.keys().next().value;
      if (oldest === undefined) break;
      buckets.delete(oldest);
    }
  }
}
