// The index works the lead order out once, as positions (src/search/lead.ts), in linear time from
// the newest-first order. It must be the order the rule states, comparator for comparator, for any
// mix of drafts, undated, unconfirmed and headline figures on shared dates.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import { createCatalog, factDate, type Catalog } from '../../src/catalog/catalog.ts';
import { isFactUndated } from '../../src/catalog/doubt.ts';
import { FactFile, type Fact } from '../../src/catalog/schema.ts';
import { metricDef } from '../../src/catalog/vocabulary.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { leadOrder } from '../../src/answers/question.ts';
import { fixtureInput } from '../fixtures/catalog.ts';

/** The rule as written: reviewed before drafts, dated before undated, confirmed before unconfirmed, newest, headline, id. */
function reference(catalog: Catalog): (a: Fact, b: Fact) => number {
  const tier = (f: Fact): number => (f.draft ? 4 : 0) + (isFactUndated(f) || factDate(f) === undefined ? 2 : 0) + (f.status === 'unconfirmed' ? 1 : 0);
  return (a, b) => {
    if (tier(a) !== tier(b)) return tier(a) - tier(b);
    const da = factDate(a) ?? '';
    const db = factDate(b) ?? '';
    if (da !== db) return da < db ? 1 : -1;
    const ha = metricDef(catalog, a.metric).headline ? 0 : 1;
    const hb = metricDef(catalog, b.metric).headline ? 0 : 1;
    return ha - hb || (a.id < b.id ? -1 : 1);
  };
}

const base = fixtureInput.facts ?? [];
const metrics = [...new Set(base.map((f) => f.metric))];
// Few dates, so that many figures share one and the tie-breaks are exercised.
const date = fc.constantFrom('2017', '2018-06', '2018-06-30', '2019-12-31', '2019-12-31');
const change = fc.record({
  pick: fc.nat(),
  as_of: fc.option(date, { nil: undefined }),
  periodEnd: fc.option(date, { nil: undefined }),
  draft: fc.boolean(),
  status: fc.constantFrom('current', 'unconfirmed', 'superseded'),
  metric: fc.nat(),
});

describe('lead positions', () => {
  it('sort figures exactly as the stated lead order does', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 30 }), (changes) => {
        const facts = changes.map((c, i) => {
          const { as_of: _a, period: _p, draft: _d, ...f } = base[c.pick % base.length]!;
          return {
            ...f,
            id: `f-${String(i).padStart(2, '0')}`,
            metric: metrics[c.metric % metrics.length]!,
            status: c.status,
            ...(c.as_of ? { as_of: c.as_of } : {}),
            ...(c.periodEnd ? { period: { end: c.periodEnd } } : {}),
            ...(c.draft ? { draft: true } : {}),
          };
        });
        const file = FactFile.parse({ ...fixtureInput, facts });
        const catalog = createCatalog({ ...file, files: ['fixture.yaml'] });
        const fromIndex = [...catalog.facts].sort(leadOrder(buildSearchIndex(catalog))).map((f) => f.id);
        const stated = [...catalog.facts].sort(reference(catalog)).map((f) => f.id);
        expect(fromIndex).toEqual(stated);
      }),
      { numRuns: runs(200) },
    );
  });
});
