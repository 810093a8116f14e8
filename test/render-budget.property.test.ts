// How /timeline shares one embed between claimant tables, and what a code-block line may contain.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareBudget } from '../src/render/discord.ts';
import { codeLine } from '../src/render/escape.ts';

describe('shareBudget', () => {
  it('never overspends, never gives a table more than it needs, and shares what is short evenly', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5000), { maxLength: 8 }), fc.integer({ min: -10, max: 20_000 }), (needs, budget) => {
        const rooms = shareBudget(needs, budget);
        expect(rooms).toHaveLength(needs.length);
        const spent = rooms.reduce((a, b) => a + b, 0);
        expect(spent).toBeLessThanOrEqual(Math.max(0, budget));
        rooms.forEach((r, i) => {
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(needs[i]!);
        });
        if (needs.reduce((a, b) => a + b, 0) <= budget) expect(rooms).toEqual(needs);
        // A table that was cut got as much as any other table, give or take rounding.
        rooms.forEach((r, i) => {
          if (r < needs[i]!) for (const other of rooms) expect(other).toBeLessThanOrEqual(r + 1);
        });
        // Nothing is left unspent while a table is cut, beyond rounding.
        if (rooms.some((r, i) => r < needs[i]!)) expect(Math.max(0, budget) - spent).toBeLessThan(needs.length);
      }),
    );
  });

  it('lets a long table use what short ones leave', () => {
    expect(shareBudget([100, 100, 100, 3000], 2000)).toEqual([100, 100, 100, 1700]);
  });
});

describe('codeLine', () => {
  it('keeps spaces, stays one line, cannot close the block or mention anyone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const line = codeLine(s);
        expect(line).not.toMatch(/[\n\r`]/);
        expect(line).not.toMatch(/@(everyone|here|[!&]?\d)/);
        expect(line).not.toMatch(/<#\d/);
      }),
    );
    expect(codeLine('31 Dec 2019     ≥1,370  14 Feb 2020')).toBe('31 Dec 2019     ≥1,370  14 Feb 2020');
  });
});
