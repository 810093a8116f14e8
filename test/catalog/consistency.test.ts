import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load.ts';
import { ENTITIES } from './fixture.ts';

const SOURCE = `sources:
  - id: release
    kind: primary_release
    publisher: cjtf-oir
    title: Monthly report
    published: "2020-01-01"
`;

function fact(id: string, metric: string, month: string, value: number, cumulative = false): string {
  const [y, m] = month.split('-');
  const start = cumulative ? '2014-08' : `${month}-01`;
  return `  - id: ${id}
    metric: ${metric}
    subject: us-led-coalition
    claimant: cjtf-oir
    series: cjtf-oir-monthly
    period: { start: "${start}", end: "${y}-${m}" }
    value: ${value}
    qualifier: exact
    evidence: [{ source: release, quote: "the figure is ${value}" }]
`;
}

function warningsFor(facts: string[]): string[] {
  const text = `${SOURCE}facts:\n${facts.join('')}`;
  const result = buildCatalog([
    { file: 'entities.yaml', bytes: Buffer.from(ENTITIES) },
    { file: 'series.yaml', bytes: Buffer.from(text) },
  ]);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.warnings.map((w) => `${w.path} ${w.message}`);
}

describe('monthly series arithmetic', () => {
  it('accepts a month whose reports add up', () => {
    expect(warningsFor([fact('a', 'reports_carried_over', '2019-11', 87), fact('b', 'reports_new', '2019-11', 47), fact('c', 'reports_completed', '2019-11', 52), fact('d', 'reports_open', '2019-11', 82)])).toEqual([]);
  });

  it('flags carried over + new − completed ≠ open at the open figure', () => {
    const w = warningsFor([fact('a', 'reports_carried_over', '2019-12', 82), fact('b', 'reports_new', '2019-12', 41), fact('c', 'reports_completed', '2019-12', 45), fact('d', 'reports_open', '2019-12', 79)]);
    expect(w).toEqual(['facts[3].value 2019-12: carried over 82 + new 41 − completed 45 = 78, but the report gives 79 still open']);
  });

  it('flags a breakdown that does not add up to the completed reports', () => {
    const w = warningsFor([fact('c', 'reports_completed', '2019-12', 45), fact('a', 'reports_credible', '2019-12', 3), fact('b', 'reports_non_credible', '2019-12', 40), fact('d', 'reports_duplicate', '2019-12', 1)]);
    expect(w).toEqual(['facts[0].value 2019-12: credible 3 + non-credible 40 + duplicate 1 = 44, but the report gives 45 completed']);
  });

  it('checks cumulative deaths against the previous report and the month between', () => {
    const ok = [fact('a', 'civilian_deaths', '2019-10', 1347, true), fact('b', 'civilian_deaths_month', '2019-11', 12), fact('c', 'civilian_deaths', '2019-11', 1359, true)];
    expect(warningsFor(ok)).toEqual([]);
    const bad = [fact('a', 'civilian_deaths', '2019-03', 1291, true), fact('b', 'civilian_deaths_month', '2019-04', 5), fact('c', 'civilian_deaths', '2019-04', 1302, true)];
    expect(warningsFor(bad)).toEqual(['facts[2].value 2019-04: cumulative 1,291 (2019-03) + 5 added since = 1,296, but the report gives 1,302']);
  });

  it('across a missing report, flags only a toll lower than the months known', () => {
    const gap = [fact('a', 'civilian_deaths', '2019-06', 1321, true), fact('b', 'civilian_deaths_month', '2019-08', 22), fact('c', 'civilian_deaths', '2019-08', 1335, true)];
    expect(warningsFor(gap)).toEqual(['facts[2].value 2019-08: cumulative 1,321 (2019-06) + 22 added in the months known = 1,343, more than the 1,335 reported (no monthly figure for 2019-07)']);
    const plausible = [fact('a', 'civilian_deaths', '2019-06', 1321, true), fact('b', 'civilian_deaths_month', '2019-08', 2), fact('c', 'civilian_deaths', '2019-08', 1335, true)];
    expect(warningsFor(plausible)).toEqual([]);
  });

  it('keeps claimants apart: another claimant never completes a series', () => {
    const other = fact('c', 'civilian_deaths', '2019-04', 1302, true).replace('claimant: cjtf-oir', 'claimant: kuna');
    expect(warningsFor([fact('a', 'civilian_deaths', '2019-03', 1291, true), fact('b', 'civilian_deaths_month', '2019-04', 5), other])).toEqual([]);
  });
});
