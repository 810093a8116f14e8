// The per-user token bucket: properties over random request timings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRateLimiter } from '../../src/live/rate-limit.ts';

describe('rate limiter', () => {
  it('never allows more than capacity + refill in any window, and always allows after a full window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 }),
        (capacity, windowMs, gaps) => {
          let t = 0;
          const limiter = createRateLimiter({ capacity, windowMs, now: () => t });
          const allowedAt: number[] = [];
          for (const gap of gaps) {
            t += gap;
            const d = limiter.take('u');
            if (d.ok) allowedAt.push(t);
            else expect(d.retryAfterMs).toBeGreaterThan(0);
          }
          // In any span of length L, at most capacity + L·capacity/windowMs requests pass.
          for (let i = 0; i < allowedAt.length; i++) {
            for (let j = i; j < allowedAt.length; j++) {
              const span = allowedAt[j]! - allowedAt[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(capacity + Math.floor((span * capacity) / windowMs) + 1e-9);
            }
          }
          t += windowMs;
          for (let k = 0; k < capacity; k++) expect(limiter.take('u').ok).toBe(true);
        },
      ),
    );
  });

  it('a refused request says how long to wait, and that wait is enough', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 10, max: 60_000 }), (capacity, windowMs) => {
        let t = 1_000;
        const limiter = createRateLimiter({ capacity, windowMs, now: () => t });
        for (let k = 0; k < capacity; k++) expect(limiter.take('u').ok).toBe(true);
        const refused = limiter.take('u');
        expect(refused.ok).toBe(false);
        if (refused.ok) return;
        t += refused.retryAfterMs;
        expect(limiter.take('u').ok).toBe(true);
      }),
    );
  });

  it('users are independent, and the number of users tracked is bounded', () => {
    let t = 0;
    const limiter = createRateLimiter({ capacity: 1, windowMs: 10_000, maxKeys: 100, now: () => t });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
    for (let i = 0; i < 1_000; i++) limiter.take(`user-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    t -= 5_000; // a clock stepping back never refills
    expect(limiter.take('user-999').ok).toBe(false);
  });

  it('rejects nonsense limits', () => {
    expect(() => createRateLimiter({ capacity: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ capacity: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
