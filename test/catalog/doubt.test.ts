// Doubt as fields: an unverified attribution, an inferred or missing date, an uncertain period and
// a quote that relays an earlier report. The schema accepts them, the checks keep each doubt paired
// with its reason, and the helpers the answers use read them.
import { describe, expect, it } from 'vitest';
import { buildCatalog, type LoadResult } from '../../src/catalog/load.ts';
import { evidenceChain, factPublished } from '../../src/catalog/catalog.ts';
import {
  attributionDoubt,
  factPublication,
  isAttributionUnverified,
  isDateInferred,
  isFactDateInferred,
  isFactUndated,
  isPeriodUncertain,
  isUndated,
  sourceDate,
} from '../../src/catalog/doubt.ts';
import { factFileJsonSchema } from '../../src/catalog/json-schema.ts';
import { ENTITIES } from './fixture.ts';

const SOURCES = `sources:
  - id: release-june
    kind: primary_release
    publisher: cjtf-oir
    title: Monthly report (through June)
    published: "2018-07"
  - id: release-august
    kind: primary_release
    publisher: cjtf-oir
    title: Monthly report (through August)
    published: "2018-09-27"
    published_inferred: true
    notes: Known from copies that say "on Thursday".
  - id: article
    kind: news_article
    publisher: kuna
    title: Coalition raises its toll
    published: "2018-09-27"
    via: release-august
    attribution: unverified
    attribution_note: The page furniture resembles another outlet's.
  - id: snapshot
    kind: dataset
    publisher: kuna
    title: Undated snapshot
    published: undated
`;

const FACTS = `facts:
  - id: toll-june
    metric: civilian_deaths
    subject: us-led-coalition
    claimant: cjtf-oir
    period: { start: "2014-08", end: "2018-06-30", uncertain: true }
    value: 1059
    qualifier: exact
    evidence:
      - source: article
        via: release-june
        quote: "In late July, the Coalition command announced that it believed that 1059 civilians had been killed"
    notes: Known only from a later article; the period end is assumed from the monthly rhythm.
  - id: toll-undated
    metric: civilian_deaths
    subject: us-led-coalition
    claimant: us-led-coalition
    period: { start: "2014-08" }
    value: 1457
    qualifier: exact
    evidence:
      - source: snapshot
        quote: "civilian deaths 1,457"
`;

function build(sources = SOURCES, facts = FACTS): LoadResult {
  return buildCatalog([
    { file: 'entities.yaml', bytes: Buffer.from(ENTITIES) },
    { file: 'report.yaml', bytes: Buffer.from(`${sources}${facts}`) },
  ]);
}

function built() {
  const result = build();
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path} ${e.message}`).join('\n'));
  return result.catalog;
}

function errors(sources: string, facts = FACTS): string[] {
  const result = build(sources, facts);
  return result.ok ? [] : result.errors.map((e) => `${e.path} ${e.message}`);
}

describe('doubt fields', () => {
  it('are read by the helpers the answers use', () => {
    const c = built();
    const source = (id: string) => c.sources.get(id)!;
    expect([isDateInferred(source('release-august')), isDateInferred(source('release-june'))]).toEqual([true, false]);
    expect([isAttributionUnverified(source('article')), isAttributionUnverified(source('release-june'))]).toEqual([true, false]);
    expect(source('release-june').attribution).toBe('verified');
    expect(attributionDoubt(source('article'))).toBe("The page furniture resembles another outlet's.");
    expect(attributionDoubt(source('release-june'))).toBeUndefined();
    expect([isUndated(source('snapshot')), sourceDate(source('snapshot')), sourceDate(source('release-june'))]).toEqual([true, undefined, '2018-07']);

    const june = c.factsById.get('toll-june')!;
    const undated = c.factsById.get('toll-undated')!;
    expect([isPeriodUncertain(june), isPeriodUncertain(undated)]).toEqual([true, false]);
    expect([isFactUndated(june), isFactUndated(undated)]).toEqual([false, true]);
    expect(factPublication(c, june)).toEqual({ date: '2018-09-27', inferred: false });
    // An undated source never passes for the newest one ("undated" sorts after every digit).
    expect([factPublished(c, undated), factPublication(c, undated)]).toEqual([undefined, undefined]);
  });

  it('prefers a printed date to an inferred one of the same day', () => {
    const c = built();
    const fact = { ...c.factsById.get('toll-june')!, evidence: [{ source: 'release-august', quote: '1059' }, { source: 'article', quote: '1059' }] };
    expect(factPublication(c, fact)).toEqual({ date: '2018-09-27', inferred: false });
    expect(factPublication(c, { ...fact, evidence: [fact.evidence[0]!] })).toEqual({ date: '2018-09-27', inferred: true });
  });

  it('tell a figure dated only by an inferred publication date', () => {
    const c = built();
    const base = { ...c.factsById.get('toll-undated')!, as_of: '2018-09-27' };
    const inferredOnly = { ...base, evidence: [{ source: 'release-august', quote: '1,457' }] };
    expect(isFactDateInferred(c, inferredOnly)).toBe(true);
    expect(isFactDateInferred(c, { ...inferredOnly, evidence: [...inferredOnly.evidence, { source: 'article', quote: '1,457' }] })).toBe(false);
    expect(isFactDateInferred(c, { ...inferredOnly, as_of: '2018-09-30' })).toBe(false);
    expect(isFactDateInferred(c, c.factsById.get('toll-june')!)).toBe(true);
  });

  it('let a quote relay an earlier report than its source does', () => {
    const c = built();
    const [evidence] = c.factsById.get('toll-june')!.evidence;
    expect(evidenceChain(c, evidence!).map((s) => s.id)).toEqual(['article', 'release-june']);
    expect(evidenceChain(c, { source: 'article', quote: 'x' }).map((s) => s.id)).toEqual(['article', 'release-august']);
  });

  it('keep each doubt paired with its reason', () => {
    expect(errors(SOURCES.replace('    attribution_note: The page furniture resembles another outlet\'s.\n', ''))).toEqual([
      'sources[2].attribution attribution: unverified needs an attribution_note saying why the publisher is in doubt',
    ]);
    expect(errors(SOURCES.replace('    attribution: unverified\n', ''))).toEqual([
      'sources[2].attribution_note attribution_note is for a doubted publisher: add attribution: unverified, or remove the note',
    ]);
    expect(errors(SOURCES.replace('    notes: Known from copies that say "on Thursday".\n', ''))).toEqual([
      'sources[1].published_inferred published_inferred needs notes saying how the date was worked out',
    ]);
    expect(errors(SOURCES.replace('    published: undated\n', '    published: undated\n    published_inferred: true\n    notes: x\n'))).toEqual([
      'sources[3].published_inferred an undated source has no date to infer: remove published_inferred',
    ]);
    expect(errors(SOURCES, FACTS.replace('    notes: Known only from a later article; the period end is assumed from the monthly rhythm.\n', ''))).toEqual([
      'facts[0].period.uncertain an uncertain period needs notes saying why',
    ]);
    expect(errors(SOURCES, FACTS.replace('via: release-june', 'via: release-jun'))).toEqual([
      'facts[0].evidence[0].via via "release-jun" is not a source id (did you mean "release-june"?)',
    ]);
  });

  it('reject a misspelt doubt instead of ignoring it', () => {
    expect(errors(SOURCES.replace('attribution: unverified', 'attribution: unsure'))).toEqual([
      expect.stringMatching(/^sources\[2\]\.attribution /),
    ]);
    expect(errors(SOURCES.replace('published: undated', 'published: unknown'))).toHaveLength(1);
  });

  it('are offered to editors by the JSON Schema', () => {
    const schema = factFileJsonSchema();
    for (const field of ['published_inferred', 'attribution', 'attribution_note', 'uncertain', '"undated"', '"unverified"']) expect(schema).toContain(field);
  });
});
