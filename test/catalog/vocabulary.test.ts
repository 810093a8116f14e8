// The vocabulary as data: loaded and validated like the rest of the fact files (file:line for
// every problem, both lines for a collision, "did you mean" for a misspelt id), and exposed by the
// catalog. Pinned on the fixture vocabulary (test/fixtures/vocabulary.yaml); the shipped data is
// only checked for invariants.
import { describe, expect, it } from 'vitest';
import { buildCatalog, loadCatalog, type LoadResult } from '../../src/catalog/load.ts';
import type { Problem } from '../../src/catalog/problem.ts';
import { METRICS } from '../../src/catalog/schema.ts';
import { metricDef } from '../../src/catalog/vocabulary.ts';
import { ENTITIES, REPORT, VOCABULARY } from './fixture.ts';

const ENTITY_LIST = ENTITIES.slice(VOCABULARY.length);

function build(files: Record<string, string>): LoadResult {
  return buildCatalog(Object.entries(files).map(([file, text]) => ({ file, bytes: Buffer.from(text) })));
}

function errors(files: Record<string, string>): Problem[] {
  const r = build(files);
  expect(r.ok).toBe(false);
  return r.ok ? [] : [...r.errors];
}

/** 1-based line of the first line of `text` containing `needle` (after `after`, if given). */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, k) => k >= from && l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return i + 1;
}

const base = { 'entities.yaml': ENTITY_LIST, 'vocabulary.yaml': VOCABULARY, 'report.yaml': REPORT };

describe('the vocabulary in the fact files', () => {
  it('loads into the catalog: metrics with families, stop words with languages, relation edges', () => {
    const withRelations = ENTITY_LIST.replace('    part_of: us-led-coalition\n', '    part_of: us-led-coalition\n    command_of: oir\n    publishes: [monthly]\n').concat(
      '  - { id: oir, kind: operation, name: Operation Inherent Resolve, aliases: [OIR, { text: العزم الصلب, lang: ar }], campaign_of: us-led-coalition, description: The operation. }\n',
      '  - { id: monthly, kind: publication, name: monthly civilian casualty report, description: The report. }\n',
    );
    const r = build({ ...base, 'entities.yaml': withRelations });
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    const c = r.catalog;
    expect(c.metrics.get('civilian_deaths_likely')).toMatchObject({ family: 'civilian_deaths', headline: true, grade: 'likely', cumulative: true });
    expect(c.families.get('civilian_deaths')?.synonyms).toContain('civcas');
    // Tagged spellings read as texts, with the tags kept apart.
    expect(c.metrics.get('strikes')?.synonyms).toContain('frappes');
    expect(c.metrics.get('strikes')?.synonym_languages).toContainEqual({ text: 'frappes', lang: 'fr' });
    expect(c.entities.get('oir')?.aliases).toEqual(['OIR', 'العزم الصلب']);
    expect(c.entities.get('oir')?.alias_languages).toEqual([{ text: 'العزم الصلب', lang: 'ar' }]);
    expect(c.stopWords.get('combien')).toBe('fr');
    expect(c.stopWords.get('the')).toBe('en');
    expect(c.relations).toEqual(
      expect.arrayContaining([
        { from: 'cjtf-oir', kind: 'part_of', to: 'us-led-coalition' },
        { from: 'cjtf-oir', kind: 'command_of', to: 'oir' },
        { from: 'cjtf-oir', kind: 'publishes', to: 'monthly' },
        { from: 'oir', kind: 'campaign_of', to: 'us-led-coalition' },
      ]),
    );
    expect(metricDef(c, 'strikes').label).toBe('strikes');
    expect(metricDef(c, 'made_up_metric').label).toBe('made up metric');
  });

  it('names a misspelt metric in a fact, with a suggestion', () => {
    const report = REPORT.replace('metric: civilian_deaths', 'metric: civilian_death');
    const [e, ...rest] = errors({ ...base, 'report.yaml': report });
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ file: 'report.yaml', line: lineOf(report, 'metric: civilian_death'), path: 'facts[0].metric' });
    expect(e!.message).toBe('metric "civilian_death" is not in the vocabulary (did you mean "civilian_deaths"?)');
  });

  it('says once that a data set has no vocabulary, instead of once per fact', () => {
    const es = errors({ 'entities.yaml': ENTITY_LIST, 'report.yaml': REPORT });
    expect(es).toHaveLength(1);
    expect(es[0]!.message).toMatch(/^no metric vocabulary/);
  });

  it('reports a synonym shared by two metrics at the second, naming the first with its file:line', () => {
    const vocab = VOCABULARY.replace('synonyms: [credible reports]', 'synonyms: [credible reports, Air-Strikes]');
    const es = errors({ ...base, 'vocabulary.yaml': vocab });
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ file: 'vocabulary.yaml', line: lineOf(vocab, 'Air-Strikes'), path: expect.stringMatching(/^metrics\[\d+\]\.synonyms\[1\]$/) });
    expect(es[0]!.message).toBe(
      `"Air-Strikes" is the same as "air strikes" of metric "strikes" (vocabulary.yaml:${lineOf(vocab, '{ id: strikes')}) after normalising ("air strikes"); a question using it could mean either`,
    );
  });

  it('reports a metric word that is also an entity alias, and a family word that is also a metric word', () => {
    const vocab = VOCABULARY.replace('synonyms: [reports, report]', 'synonyms: [reports, report, Coalition, open reports]');
    const es = errors({ ...base, 'vocabulary.yaml': vocab });
    expect(es.map((e) => e.message)).toEqual([
      expect.stringMatching(/^"Coalition" is the same as "Coalition" of entity "us-led-coalition" \(entities\.yaml:\d+\)/),
      expect.stringMatching(/^"open reports" is the same as "open reports" of metric "reports_open" \(vocabulary\.yaml:\d+\)/),
    ]);
    expect(es[0]!.line).toBe(lineOf(vocab, 'Coalition, open reports'));
  });

  it('refuses a stop word that names something, except an acronym written in capitals', () => {
    const vocab = VOCABULARY.replace('words: [a, an, the,', 'words: [a, an, the, strikes,');
    const es = errors({ ...base, 'vocabulary.yaml': vocab });
    expect(es.map((e) => e.message)).toEqual([expect.stringMatching(/^stop word "strikes" is also "strikes" of metric "strikes"/)]);
    // "IS" is an alias of an entity and "is" a stop word: allowed, as understanding tells them apart by case.
    const isis = `${ENTITY_LIST}  - { id: isis, kind: actor, name: Islamic State, aliases: [IS], description: The group. }\n`;
    const ok = build({ ...base, 'entities.yaml': isis });
    expect(ok.ok ? [] : ok.errors).toEqual([]);
    const lower = build({ ...base, 'entities.yaml': isis.replace('aliases: [IS]', 'aliases: [is]') });
    expect(lower.ok ? [] : lower.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^stop word "is" is also "is" of entity "isis"/)]);
  });

  it('checks families, duplicate ids and multi-word stop words', () => {
    const vocab = VOCABULARY.replace('family: troops', 'family: troop')
      .replace('  - { id: troops,', '  - { id: refugees, label: refugees again, unit: refugees, cumulative: false, family: refugees }\n  - { id: troops,')
      .replace('words: [le,', 'words: [selon le, le,');
    const es = errors({ ...base, 'vocabulary.yaml': vocab });
    const messages = es.map((e) => e.message);
    expect(messages).toContain('family "troop" is not a family id (did you mean "troops"?)');
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^duplicate metric id "refugees" \\(first defined at vocabulary\\.yaml:${lineOf(vocab, '{ id: refugees, label: refugees, unit')}\\)$`)));
    expect(messages).toContain('"selon le" is more than one word; list each word on its own');
  });

  it('checks relation fields: known entity ids, never the entity itself, publications only for publishes', () => {
    const entities = ENTITY_LIST.replace('    part_of: us-led-coalition\n', '    part_of: us-led-coalition\n    command_of: us-led-coaliton\n    publishes: [kuna, cjtf-oir]\n');
    const es = errors({ ...base, 'entities.yaml': entities });
    expect(es.map((e) => [e.path, e.message])).toEqual([
      ['entities[1].command_of', 'command_of "us-led-coaliton" is not an entity id (did you mean "us-led-coalition"?)'],
      ['entities[1].publishes[0]', 'publishes "kuna", which is not of kind publication (it is outlet)'],
      ['entities[1].publishes[1]', 'an entity cannot be publishes itself'],
    ]);
    expect(es[0]!.line).toBe(lineOf(entities, 'command_of'));
  });
});

describe('the shipped vocabulary (invariants only)', () => {
  it('validates, gives every fact a known metric and every family a metric, and a headline metric to each family of headline figures', async () => {
    const r = await loadCatalog('data');
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    const c = r.catalog;
    for (const f of c.facts) expect(c.metrics.has(f.metric), f.id).toBe(true);
    for (const fam of c.families.keys()) expect([...c.metrics.values()].some((m) => m.family === fam), fam).toBe(true);
    expect(c.stopWords.size).toBeGreaterThan(0);
    expect(new Set([...c.stopWords.values()])).toEqual(new Set(['en', 'fr', 'ar']));
  });

  it('keeps the deprecated METRICS copy equal to the data for every id it still lists', async () => {
    const r = await loadCatalog('data');
    if (!r.ok) throw new Error('data does not load');
    for (const [id, m] of Object.entries(METRICS)) {
      const def = r.catalog.metrics.get(id);
      expect(def && { label: def.label, unit: def.unit, cumulative: def.cumulative }, id).toEqual(m);
    }
  });
});
