// The dataset we ship: it must load without errors, hold every figure of the seed article, and its
// warnings must be exactly the arithmetic gaps the research notes found in the reports themselves.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { quoteContainsValue } from '../../src/catalog/figures.ts';

const result = await loadCatalog('data');
const catalog = result.ok ? result.catalog : undefined;
const SEED_SOURCE = 'kuna-2020-02-14-coalition-admits-killing-1370';

describe('shipped data', () => {
  it('loads with no errors', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('warns about exactly the inconsistencies the research notes list, and no others', () => {
    const found = result.warnings.map((w) => w.message.slice(0, 7) + ' ' + (w.message.includes('still open') ? 'open' : 'cumulative')).sort();
    expect(found).toEqual([
      '2017-02 cumulative', // 220 + 4 ≠ 229: five deaths from earlier strikes are named, not quoted
      '2017-03 cumulative', // 229 + 45 + 80 = 354, not 352
      '2018-03 open', // 522 + 122 − 49 = 595, not 475 (122 new is suspect)
      '2018-07 cumulative', // 1,059 + 3 ≠ 1,061 (the 3 is disputed)
      '2019-04 cumulative', // 1,291 + 5 = 1,296, not 1,302
      '2019-08 cumulative', // 1,321 + 22 > 1,335 (July report missing; Nov 2019 correction)
      '2019-12 open', // 82 + 41 − 45 = 78, not the seed's 79
    ]);
  });

  it('holds at least 150 research figures plus the seed article', () => {
    expect(catalog!.facts.length).toBeGreaterThanOrEqual(150 + 15);
  });

  it('gives every figure a claimant, qualifier, period or as-of date, and a quoted source', () => {
    for (const f of catalog!.facts) {
      expect(catalog!.entities.has(f.claimant), f.id).toBe(true);
      expect(f.qualifier, f.id).toBeTruthy();
      expect(f.as_of ?? f.period?.end ?? f.period?.start, f.id).toBeTruthy();
      expect(f.evidence.length, f.id).toBeGreaterThan(0);
      for (const e of f.evidence) expect(quoteContainsValue(e.quote, f.value), `${f.id}: ${e.quote}`).toBe(true);
    }
  });

  // Every figure in the seed article, with who claims it, how, and whether another page confirms it.
  const SEED: [claimant: string, metric: string, value: number, qualifier: string, status: 'confirmed' | 'unconfirmed'][] = [
    ['cjtf-oir', 'civilian_deaths', 1370, 'at_least', 'confirmed'],
    ['cjtf-oir', 'strikes', 34763, 'exact', 'confirmed'],
    ['cjtf-oir', 'reports_carried_over', 82, 'exact', 'confirmed'],
    ['cjtf-oir', 'reports_new', 41, 'exact', 'confirmed'],
    ['cjtf-oir', 'reports_completed', 45, 'exact', 'confirmed'],
    ['cjtf-oir', 'civilian_deaths_month', 11, 'exact', 'confirmed'],
    ['cjtf-oir', 'reports_credible', 3, 'exact', 'unconfirmed'],
    ['cjtf-oir', 'reports_non_credible', 41, 'exact', 'unconfirmed'],
    ['cjtf-oir', 'reports_duplicate', 1, 'exact', 'unconfirmed'],
    ['cjtf-oir', 'reports_open', 79, 'exact', 'unconfirmed'],
    ['cjtf-oir', 'reports_reopened', 3, 'exact', 'unconfirmed'],
    ['airwars', 'civilian_deaths_likely', 13159, 'as_many_as', 'unconfirmed'],
    ['kuna', 'war_deaths', 370000, 'more_than', 'confirmed'],
    ['kuna', 'refugees', 5600000, 'about', 'confirmed'],
    ['kuna', 'troops', 5000, 'more_than', 'confirmed'],
  ];

  it.each(SEED)('has the seed figure %s %s %d (%s, %s)', (claimant, metric, value, qualifier, confirmation) => {
    const matches = catalog!.facts.filter((f) => f.claimant === claimant && f.metric === metric && f.value === value && f.evidence.some((e) => e.source === SEED_SOURCE));
    expect(matches).toHaveLength(1);
    const fact = matches[0]!;
    expect(fact.qualifier).toBe(qualifier);
    if (confirmation === 'unconfirmed') {
      expect(fact.status).toBe('unconfirmed');
      expect(fact.evidence.map((e) => e.source)).toEqual([SEED_SOURCE]);
    } else {
      expect(fact.status).not.toBe('unconfirmed');
    }
  });

  it('keeps CJTF-OIR and Airwars apart: no fact mixes their sources', () => {
    const airwarsSources = new Set([...catalog!.sources.values()].filter((s) => s.publisher === 'airwars').map((s) => s.id));
    for (const f of catalog!.facts.filter((f) => f.claimant === 'cjtf-oir' && f.metric === 'civilian_deaths')) {
      expect(f.qualifier, f.id).not.toBe('range');
      expect(typeof f.value).toBe('number');
    }
    expect(airwarsSources.size).toBeGreaterThan(0);
  });
});
