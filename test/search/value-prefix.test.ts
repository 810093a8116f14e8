// /fact suggestions for a number being typed: every figure whose value (or either end of a range)
// starts with the digits, the typed value first, then the values nearest it in length, smaller
// first, each value's figures newest first; held to a brute-force reading of that rule.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSearchIndex } from '../../src/search/index.ts';
import { factsWithValuePrefix } from '../../src/search/facts.ts';
import type { Fact } from '../../src/catalog/schema.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';

const index = buildSearchIndex(fixtureCatalog());
const bounds = (f: Fact): number[] => (typeof f.value === 'number' ? [f.value] : [f.value.min, f.value.max]);

function reference(digits: string, max: number): string[] {
  const ranked = index.newestFirst.flatMap((f, rank) => {
    const matching = bounds(f).filter((b) => String(b).startsWith(digits));
    if (digits === '' || matching.length === 0) return [];
    const best = matching.sort((a, b) => String(a).length - String(b).length || a - b)[0]!;
    return [{ id: f.id, len: String(best).length, best, rank }];
  });
  return ranked.sort((a, b) => a.len - b.len || a.best - b.best || a.rank - b.rank).slice(0, max).map((x) => x.id);
}

describe('factsWithValuePrefix', () => {
  it('puts the value typed so far first', () => {
    expect(factsWithValuePrefix(index, '1370', 25).map((f) => f.id)[0]).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(factsWithValuePrefix(index, '13', 25).map((f) => f.id)).toEqual(reference('13', 25));
  });

  it('lists a range once even when both ends match', () => {
    const ids = factsWithValuePrefix(index, '1', 100).map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('agrees with the rule read literally, for any digits and any limit', () => {
    const typedDigits = fc.oneof(
      fc.stringMatching(/^[0-9]{1,7}$/),
      fc.constantFrom(...index.newestFirst.flatMap(bounds).map(String)).chain((v) => fc.integer({ min: 1, max: v.length }).map((n) => v.slice(0, n))),
    );
    fc.assert(
      fc.property(typedDigits, fc.integer({ min: 0, max: 30 }), (digits, max) => {
        expect(factsWithValuePrefix(index, digits, max).map((f) => f.id)).toEqual(reference(digits, max));
      }),
    );
  });
});
