// The per-user limit shared by every instance of the HTTP endpoint through Redis (REDIS_URL), so
// that N instances behind a load balancer let a user through as often as one would. The counting
// is rate-limiter-flexible's (RateLimiterRedis: an atomic counter per user and window in Redis);
// the client is ioredis, told to fail at once rather than queue while Redis is away.
//
// Redis is a courtesy here, never a dependency of answering: when it cannot be reached, or does
// not answer within `timeoutMs` (200 ms), the decision is the instance's own in-memory limit (the
// same token bucket as without Redis), the log says so once, and once more when Redis is back.
// Start-up never waits for Redis.
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../log.ts';
import { createRateLimiter, type RateDecision, type RateLimiter } from './rate-limit.ts';

export interface SharedLimiter {
  take(key: string): Promise<RateDecision>;
  /** True while decisions come from Redis. */
  readonly shared: boolean;
}

export interface SharedLimits {
  readonly commands: SharedLimiter;
  readonly autocomplete: SharedLimiter;
  close(): Promise<void>;
}

export interface SharedLimitOptions {
  readonly url: string;
  /** Commands and components; autocomplete gets 4× as many. */
  readonly capacity: number;
  readonly windowMs: number;
  readonly logger: Logger;
  /** Longest wait for Redis before deciding locally (default 200 ms). */
  readonly timeoutMs?: number;
  /** Keys are `<prefix>:<kind>:<user>` (default "cfb:rl"). */
  readonly keyPrefix?: string;
}

export const REDIS_TIMEOUT_MS = 200;

export function openSharedLimits(options: SharedLimitOptions): SharedLimits {
  const timeoutMs = options.timeoutMs ?? REDIS_TIMEOUT_MS;
  const { logger } = options;
  const client = new Redis(options.url, {
    // Fail fast while disconnected, and keep reconnecting in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: timeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
    lazyConnect: false,
  });
  let up: boolean | undefined;
  const changed = (now: boolean, error?: unknown): void => {
    if (up === now) return;
    const first = up === undefined;
    up = now;
    if (now) logger.info(first ? 'rate limit shared through Redis' : 'Redis reachable again; the rate limit is shared again');
    else logger.warn('Redis unreachable; each instance applies its own rate limit until it is back', { error });
  };
  // ioredis reports connection errors as events; they are only worth a line when the state changes.
  client.on('error', (error: unknown) => changed(false, error));
  client.on('ready', () => changed(true));

  const limiter = (kind: string, capacity: number): SharedLimiter => {
    const remote = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${options.keyPrefix ?? 'cfb:rl'}:${kind}`,
      points: capacity,
      duration: Math.max(1, Math.round(options.windowMs / 1000)),
      rejectIfRedisNotReady: true,
    });
    const local: RateLimiter = createRateLimiter({ capacity, windowMs: options.windowMs });
    return {
      async take(key) {
        let timer: NodeJS.Timeout | undefined;
        try {
          const res = await Promise.race([
            remote.consume(key),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          changed(true);
          return { ok: true, remaining: res.remainingPoints };
        } catch (error) {
          // Over the limit: rate-limiter-flexible rejects with the result, not an Error.
          if (error instanceof RateLimiterRes) {
            changed(true);
            return { ok: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
          }
          changed(false, error);
          return local.take(key);
        } finally {
          if (timer) clearTimeout(timer);
        }
      },
      get shared() {
        return up === true;
      },
    };
  };

  return {
    commands: limiter('commands', options.capacity),
    autocomplete: limiter('autocomplete', options.capacity * 4),
    async close() {
      client.disconnect();
    },
  };
}
