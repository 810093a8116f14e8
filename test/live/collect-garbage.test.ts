// After start-up the loader's garbage is collected once the start-up frames are gone (not during
// them), a bounded number of times, and only where node exposes gc (npm start, npm run serve).
import { afterEach, describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { collectLoadGarbage } from '../../src/live/startup.ts';

const g = globalThis as { gc?: () => void };
const original = g.gc;
afterEach(() => {
  if (original) g.gc = original;
  else delete g.gc;
});

describe('collectLoadGarbage', () => {
  it('collects on the next turn, not while start-up still runs, at most three times', async () => {
    let calls = 0;
    g.gc = () => void (calls += 1);
    collectLoadGarbage();
    expect(calls).toBe(0);
    await nextTurn();
    await nextTurn();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('does nothing where gc is not exposed', async () => {
    delete g.gc;
    expect(() => collectLoadGarbage()).not.toThrow();
    await nextTurn();
  });
});
