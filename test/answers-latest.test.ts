// Issue 12, answer side, pinned on the fixtures: "latest" per claimant and metric family, doubt
// shown (inferred or missing dates, unverified attribution, assumed periods), places stated as
// covered, every figure line naming its metric, and the claimant's own words with the grade apart.
import { describe, expect, it } from 'vitest';
import { createCatalog, type Catalog } from '../src/catalog/catalog.ts';
import { FactFile, type FactFileInput } from '../src/catalog/schema.ts';
import { casualtiesAnswer } from '../src/answers/casualties.ts';
import { toFigure } from '../src/answers/figure.ts';
import { sourceAnswer } from '../src/answers/lists.ts';
import { timelineAnswer } from '../src/answers/timeline.ts';
import type { Answer } from '../src/answers/model.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { citeLine, headline } from '../src/render/format.ts';
import { renderText } from '../src/render/text.ts';
import { fixtureInput } from './fixtures/catalog.ts';

type Fact = NonNullable<FactFileInput['facts']>[number];
type Source = NonNullable<FactFileInput['sources']>[number];

/** The fixture plus some sources and facts; `drafts` marks facts as drafts after validation. */
function catalogWith(extra: { sources?: Source[]; facts?: Fact[]; drafts?: string[] } = {}): Catalog {
  const file = FactFile.parse({
    ...fixtureInput,
    sources: [...(fixtureInput.sources ?? []), ...(extra.sources ?? [])],
    facts: [...(fixtureInput.facts ?? []), ...(extra.facts ?? [])],
  });
  // `draft` is a field the schema may not know yet; the answers must honour it when present.
  const facts = file.facts.map((f) => (extra.drafts?.includes(f.id) ? { ...f, draft: true } : f));
  return createCatalog({ ...file, facts, files: ['fixture.yaml'] });
}

const casualties = (c: Catalog, place?: string): Extract<Answer, { kind: 'casualties' }> => {
  const a = casualtiesAnswer(buildSearchIndex(c), { subject: 'us-led-coalition', ...(place ? { place } : {}) });
  if (a.kind !== 'casualties') throw new Error(`expected casualties, got ${a.kind}`);
  return a;
};
const side = (a: Extract<Answer, { kind: 'casualties' }>, claimant: string) => a.sides.find((s) => s.claimant.id === claimant)!;

const cjtf = (id: string, over: Partial<Fact>): Fact => ({
  id,
  metric: 'civilian_deaths',
  subject: 'us-led-coalition',
  claimant: 'cjtf-oir',
  places: ['iraq', 'syria'],
  value: 1400,
  qualifier: 'at_least',
  verb: 'assesses',
  evidence: [{ source: 'cjtf-oir-report-2019-12', quote: 'at least 1,400 civilians' }],
  ...over,
});

describe('"latest" is per claimant and metric family', () => {
  it('leads Airwars with its newest dated confirmed figure; likely and alleged are one side, the grade a label', () => {
    const a = casualties(catalogWith());
    expect(a.sides.map((s) => [s.claimant.id, s.family.id])).toEqual([
      ['airwars', 'civilian_deaths'],
      ['cjtf-oir', 'civilian_deaths'],
    ]);
    const airwars = side(a, 'airwars');
    // 13,159 is newer (14 Feb 2020) but unconfirmed: it is shown apart, never as current.
    expect(airwars.latest.factId).toBe('airwars-2020-01-likely');
    expect(airwars.latest.grade).toBe('likely');
    expect(airwars.latest.unit).toBe('civilians killed');
    expect(airwars.earlierShown.map((f) => f.factId)).toEqual(['airwars-seed-13159', 'airwars-2019-06-likely']);
    expect(airwars.earlier).toBe(2);
  });

  it('never leads with an undated figure, or a same-month inferred date, over a stated date', () => {
    const c = catalogWith({
      sources: [
        { id: 'undated-page', kind: 'ngo_estimate', publisher: 'cjtf-oir', title: 'an undated page', published: 'undated' },
        { id: 'inferred-release', kind: 'primary_release', publisher: 'cjtf-oir', title: 'a release dated from a copy', published: '2019-12-31', published_inferred: true, notes: 'Date from a copy.' },
      ],
      facts: [
        cjtf('cjtf-undated', { value: 9999, period: { start: '2014' }, evidence: [{ source: 'undated-page', quote: '9,999 civilians' }] }),
        cjtf('cjtf-inferred-same-month', { value: 1371, as_of: '2019-12-31', period: { start: '2014-08', end: '2019-12-31' }, evidence: [{ source: 'inferred-release', quote: 'at least 1,371 civilians' }] }),
      ],
    });
    const lead = side(casualties(c), 'cjtf-oir');
    expect(lead.latest.factId).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(lead.earlierShown.map((f) => f.factId)).toContain('cjtf-inferred-same-month');
  });

  it('lets an inferred date lead only when even its month is later', () => {
    const c = catalogWith({
      sources: [{ id: 'inferred-2020-03', kind: 'primary_release', publisher: 'cjtf-oir', title: 'a later release', published: '2020-03-20', published_inferred: true, notes: 'Worked out from the weekday.' }],
      facts: [cjtf('cjtf-2020-03', { value: 1380, as_of: '2020-03-20', evidence: [{ source: 'inferred-2020-03', quote: 'at least 1,380 civilians' }] })],
    });
    const lead = side(casualties(c), 'cjtf-oir').latest;
    expect(lead.factId).toBe('cjtf-2020-03');
    expect(lead.dateCertainty).toBe('inferred');
    expect(renderText(casualties(c))).toContain('as of ≈ 20 Mar 2020');
  });

  it('never leads with a draft, and shows no side made only of drafts', () => {
    const c = catalogWith({ facts: [cjtf('cjtf-draft', { value: 1500, as_of: '2020-06-30' })], drafts: ['cjtf-draft', 'airwars-2020-01-likely', 'airwars-2019-06-likely', 'airwars-seed-13159'] });
    const a = casualties(c);
    expect(side(a, 'cjtf-oir').latest.factId).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(JSON.stringify(a)).not.toContain('cjtf-draft');
    expect(side(a, 'airwars')).toBeUndefined();
  });
});

describe('doubt is shown', () => {
  const c = catalogWith({
    sources: [
      { id: 'kuna-unverified', kind: 'news_agency', publisher: 'kuna', title: 'coalition says', published: '2020-02-14', url: 'https://example.org/k', via: 'cjtf-oir-report-2020-02', attribution: 'unverified', attribution_note: 'KUNA is a working assumption.' },
      { id: 'release-2016-11', kind: 'primary_release', publisher: 'cjtf-oir', title: 'release of November 2016', published: '2016-11-09', published_inferred: true, notes: 'Known only from copies.' },
      { id: 'article-2016-12', kind: 'news_article', publisher: 'sputnik', title: 'article recalling the October report', published: '2016-12-20', url: 'https://example.org/s' },
      { id: 'undated-copy', kind: 'dataset', publisher: 'airwars', title: 'an undated copy', published: 'undated', url: 'https://example.org/u' },
    ],
    facts: [
      cjtf('cjtf-kuna', { metric: 'civilian_deaths_month', value: 12, period: { start: '2020-01-01', end: '2020-01-31' }, evidence: [{ source: 'kuna-unverified', quote: '12 civilians' }] }),
      cjtf('cjtf-2016-10', { value: 173, period: { start: '2016-10', end: '2016-10', uncertain: true }, evidence: [{ source: 'article-2016-12', quote: '173 civilians', via: 'release-2016-11' }], notes: 'Period assumed from the monthly rhythm.' }),
      { id: 'coalition-undated', metric: 'civilian_deaths', subject: 'us-led-coalition', claimant: 'us-led-coalition', places: ['iraq', 'syria'], period: { start: '2014' }, value: 1457, qualifier: 'exact', verb: 'confirms', evidence: [{ source: 'undated-copy', quote: '1,457' }] },
    ],
  });
  const fig = (id: string) => toFigure(c, c.factsById.get(id)!);

  it('names an unverified publisher as attributed, with why', () => {
    const t = renderText({ kind: 'facts', query: 'x', results: [{ figure: fig('cjtf-kuna'), earlier: 0 }], paging: { page: 1, pages: 1 }, total: 1, replay: {} });
    expect(t).toContain('reported by KUNA <https://example.org/k> (attribution unverified: KUNA is a working assumption.)');
    expect(citeLine(fig('cjtf-kuna'))).toContain('reported by KUNA (attribution unverified)');
  });

  it('cites the report a quote relays (evidence via), with its inferred date as ≈', () => {
    const f = fig('cjtf-2016-10');
    expect(f.citations[0]!.chain.map((s) => s.id)).toEqual(['article-2016-12', 'release-2016-11']);
    expect(citeLine(f)).toBe('CJTF-OIR assesses at least 173 civilians were killed, Oct 2016? (period assumed) (release of November 2016, ≈ 9 Nov 2016; reported by Sputnik, https://example.org/s)');
  });

  it('marks an assumed period with "?" in timelines and a note in answers', () => {
    const a = timelineAnswer(buildSearchIndex(c), { subject: 'us-led-coalition', metric: 'civilian_deaths' });
    const t = renderText(a);
    expect(t).toMatch(/\n {2}Oct 2016\? +≥173 +20 Dec 2016\n/);
    expect(t).toContain('? after a date: period assumed');
    const card = renderText({ kind: 'source', target: { type: 'source', source: f0(c), language: 'en' }, figures: [fig('cjtf-2016-10')], paging: { page: 1, pages: 1 }, total: 1, replay: {} });
    expect(card).toContain('Oct 2016?');
    expect(card).toContain('⚠️ Period uncertain: assumed, not stated by the source');
  });

  it('shows an undated figure and source as undated', () => {
    const t = renderText(casualties(c));
    expect(t).toContain('US-led coalition confirms 1,457 civilians killed');
    expect(t).toContain('since 2014 · undated');
    expect(t).toContain('(Airwars, undated)');
    expect(citeLine(fig('coalition-undated'))).toContain('since 2014, undated (Airwars: an undated copy, undated, https://example.org/u)');
  });
});

function f0(c: Catalog) {
  const s = c.sources.get('article-2016-12')!;
  return { id: s.id, title: s.title, kind: s.kind, publisher: { id: 'sputnik', name: 'Sputnik', short: 'Sputnik', kind: 'outlet' as const }, published: s.published };
}

describe('places are honest', () => {
  const c = catalogWith({
    sources: [{ id: 'sohr-2018', kind: 'ngo_estimate', publisher: 'sohr', title: 'SOHR on coalition strikes', published: '2018-09-24' }],
    facts: [{ id: 'sohr-syria-deaths', metric: 'civilian_deaths', subject: 'us-led-coalition', claimant: 'sohr', places: ['syria'], as_of: '2018-09-24', value: 3300, qualifier: 'about', verb: 'says', evidence: [{ source: 'sohr-2018', quote: '3,300 civilians' }] }],
  });

  it('puts a country’s own figures first and combined ones apart, labelled as covering both', () => {
    const a = casualties(c, 'syria');
    expect(a.sides.map((s) => [s.claimant.id, s.coverage])).toEqual([
      ['sohr', 'alone'],
      ['airwars', 'combined'],
      ['cjtf-oir', 'combined'],
    ]);
    const t = renderText(a);
    expect(t.split('\n')[0]).toBe('Civilian deaths attributed to US-led coalition in Syria');
    expect(t).toContain('Figures for Syria alone come first; then figures covering it together with other places, marked “combined”.');
    expect(t).toContain('\nSyrian Observatory for Human Rights — civilian deaths · Syria\n');
    expect(t).toContain('\nCJTF-OIR — civilian deaths · Iraq and Syria combined\n');
  });

  it('never titles combined figures with one country', () => {
    const a = casualties(c, 'iraq');
    expect(a.sides.every((s) => s.coverage === 'combined')).toBe(true);
    const t = renderText(a);
    expect(t.split('\n')[0]).toBe('Civilian deaths attributed to US-led coalition in Iraq and Syria combined');
    expect(t).not.toMatch(/in Iraq\n/);
    expect(t).toContain('No figure counts Iraq alone');
  });
});

describe('the claimant’s words, and the metric named', () => {
  const c = catalogWith({
    facts: [
      { id: 'carried', metric: 'reports_carried_over', subject: 'us-led-coalition', claimant: 'cjtf-oir', period: { start: '2019-12-01', end: '2019-12-31' }, value: 82, qualifier: 'exact', verb: 'reports', evidence: [{ source: 'kuna-2020-02-13', quote: 'carried over 82 open reports' }] },
      { id: 'new', metric: 'reports_new', subject: 'us-led-coalition', claimant: 'cjtf-oir', period: { start: '2019-12-01', end: '2019-12-31' }, value: 41, qualifier: 'exact', verb: 'reports', evidence: [{ source: 'kuna-2020-02-13', quote: 'received 41 new reports' }] },
    ],
  });
  const fig = (id: string) => toFigure(c, c.factsById.get(id)!);

  it('names the metric when other metrics share its unit', () => {
    expect(headline(fig('carried'))).toBe('CJTF-OIR reports 82 casualty reports carried over');
    expect(headline(fig('new'))).toBe('CJTF-OIR reports 41 new casualty reports');
    const a = sourceAnswer(buildSearchIndex(c), { entity: 'cjtf-oir' });
    expect(renderText(a)).toContain('CJTF-OIR reports 82 casualty reports carried over');
    expect(renderText(a)).not.toMatch(/\d reports\b/);
  });

  it('keeps the grade out of the sentence: "as many as 13,159 civilians killed", alleged as a label', () => {
    expect(headline(fig('airwars-seed-13159'))).toBe('Airwars estimates as many as 13,159 civilians killed · alleged');
    expect(headline(fig('airwars-2020-01-likely'))).toBe('Airwars estimates between 8,214 and 13,125 civilians killed · likely');
    expect(headline(fig('cjtf-oir-2019-12-civilian-deaths'))).toBe('CJTF-OIR assesses at least 1,370 civilians killed');
  });
});

describe('/source lists newest first', () => {
  it('puts an undated figure after the dated ones, not first', () => {
    const c = catalogWith({
      sources: [{ id: 'airwars-undated', kind: 'dataset', publisher: 'airwars', title: 'undated', published: 'undated' }],
      facts: [{ id: 'airwars-undated-fact', metric: 'civilian_deaths', subject: 'us-led-coalition', claimant: 'us-led-coalition', places: ['iraq', 'syria'], period: { start: '2014' }, value: 1457, qualifier: 'exact', verb: 'confirms', evidence: [{ source: 'airwars-undated', quote: '1,457' }] }],
    });
    const a = sourceAnswer(buildSearchIndex(c), { entity: 'airwars' });
    if (a.kind !== 'source') throw new Error(a.kind);
    const ids = a.figures.map((f) => f.factId);
    expect(ids[0]).not.toBe('airwars-undated-fact');
    expect(ids.at(-1)).toBe('airwars-undated-fact');
  });

  it('puts a disputed or unconfirmed figure after the undoubted ones, even when published later', () => {
    const c = catalogWith({
      sources: [{ id: 'relay-later', kind: 'news_article', publisher: 'kuna', title: 'relay', published: '2030-01-01', via: 'airwars-2020' }],
      facts: [
        { id: 'relayed-disputed', metric: 'civilian_deaths', subject: 'us-led-coalition', claimant: 'airwars', places: ['iraq', 'syria'], period: { start: '2014', end: '2030-01' }, value: 9999, qualifier: 'about', verb: 'estimates', status: 'disputed', evidence: [{ source: 'relay-later', quote: 'about 9,999' }] },
      ],
    });
    const a = sourceAnswer(buildSearchIndex(c), { entity: 'airwars' });
    if (a.kind !== 'source') throw new Error(a.kind);
    const ids = a.figures.map((f) => f.factId);
    expect(ids).toContain('relayed-disputed');
    expect(ids[0]).not.toBe('relayed-disputed');
    expect(a.figures.find((f) => f.factId === 'relayed-disputed')!.status).toBe('disputed');
  });
});
