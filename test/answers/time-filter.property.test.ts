// A time question can test every figure of the catalog against its window, so timeFilter works the
// window's bounds out once and compares dates without building strings. It must say exactly what
// the figure-by-figure rule (inWindow, or coversExactly for a breakdown) says, for any window.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import type { Fact } from '../../src/catalog/schema.ts';
import { timeFilter, timeFilterAt, timeFilterReference } from '../../src/answers/question.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import type { TimeSpec } from '../../src/search/time.ts';
import { fixtureCatalog, fixtureInput } from '../fixtures/catalog.ts';

// The fixture's monthly counts made a breakdown of the running toll, as in the shipped vocabulary.
const catalog = fixtureCatalog({
  ...fixtureInput,
  families: (fixtureInput.families ?? []).map((f) => (f.id === 'civilian_deaths_breakdown' ? { ...f, breakdown_of: 'civilian_deaths' } : f)),
});
// Dates around a year's and a month's edges, of every length the data allows.
const date = fc.constantFrom('2017', '2018', '2018-02', '2018-02-28', '2018-03-01', '2018-12', '2018-12-31', '2019-01', '2019-01-01', '2016-02-29', '2016-02');
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const breakdowns = [...catalog.metrics.values()].filter((m) => catalog.families.get(m.family)?.breakdown_of !== undefined).map((m) => m.id);
const fact = fc.record({
  // Half of them breakdowns, which are judged by their own period.
  metric: fc.oneof(fc.constantFrom(...catalog.metrics.keys()), fc.constantFrom(...breakdowns)),
  // Often the window's own bounds, so that "the period is exactly the window" happens.
  sameStart: fc.boolean(),
  sameEnd: fc.boolean(),
  as_of: maybe(date),
  start: maybe(date),
  end: maybe(date),
});
const spec = fc.record({
  kind: fc.constantFrom('during', 'asOf', 'since', 'before', 'latest'),
  start: maybe(date),
  end: maybe(date),
});

describe('timeFilter', () => {
  it('lets through exactly the figures the figure-by-figure rule does', () => {
    const base = catalog.facts[0]!;
    fc.assert(
      fc.property(fc.array(fact, { minLength: 1, maxLength: 20 }), spec, (facts, s) => {
        const t = { ...s, text: 'typed' } as TimeSpec;
        const fast = timeFilter(catalog, t);
        const slow = timeFilterReference(catalog, t);
        for (const x of facts) {
          const { as_of: _a, period: _p, ...rest } = base;
          const start = x.sameStart ? (s.start ?? x.start) : x.start;
          const end = x.sameEnd ? (s.end ?? x.end) : x.end;
          const f = {
            ...rest,
            metric: x.metric,
            ...(x.as_of ? { as_of: x.as_of } : {}),
            ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
          } as Fact;
          expect(fast(f), JSON.stringify({ f: { metric: f.metric, as_of: f.as_of, period: f.period }, t })).toBe(slow(f));
        }
      }),
      { numRuns: runs(500) },
    );
  });

  it('reads the same from the index date columns as from the figures (timeFilterAt)', () => {
    const index = buildSearchIndex(catalog);
    fc.assert(
      fc.property(spec, (s) => {
        const t = { ...s, text: 'typed' } as TimeSpec;
        const atRank = timeFilterAt(index, t);
        const slow = timeFilterReference(catalog, t);
        index.newestFirst.forEach((f, r) => expect(atRank(r), f.id).toBe(slow(f)));
      }),
      { numRuns: runs(300) },
    );
  });
});
