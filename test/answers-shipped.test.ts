// Issue 12's answer-side promises, as invariants over the shipped data: each /casualties side leads
// with its newest dated figure per claimant and metric family, nothing older is shown as current,
// doubts reach the reader, every figure line names its metric, and paging answers on every page.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../src/catalog/load.ts';
import { factDate, type Catalog } from '../src/catalog/catalog.ts';
import { isFactDateInferred, isFactUndated } from '../src/catalog/doubt.ts';
import type { Fact } from '../src/catalog/schema.ts';
import { metricDef } from '../src/catalog/vocabulary.ts';
import type { Answer } from '../src/answers/model.ts';
import { toFigure } from '../src/answers/figure.ts';
import { buildSearchIndex, type SearchIndex } from '../src/search/index.ts';
import { headline } from '../src/render/format.ts';
import { renderText } from '../src/render/text.ts';
import { main } from '../src/cli/ask.ts';
import { answerCommand, dispatcher } from './helpers/bot.ts';

let ctx: { catalog: Catalog; index: SearchIndex };

beforeAll(async () => {
  const loaded = await loadCatalog('data');
  if (!loaded.ok) throw new Error(`data/ does not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  ctx = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };
});

const ask = (name: string, options: Record<string, string>): Answer => answerCommand(ctx, name, options)!;
const doubted = (f: Fact) => f.status === 'unconfirmed' || f.status === 'disputed';
const sameSide = (a: Fact, b: Fact) =>
  a.claimant === b.claimant && metricDef(ctx.catalog, a.metric).family === metricDef(ctx.catalog, b.metric).family && [...a.places].sort().join() === [...b.places].sort().join();

describe('/casualties leads with the newest dated figure per claimant and family', () => {
  const cases: Record<string, string>[] = [{ subject: 'coalition' }, { subject: 'coalition', place: 'syria' }, { subject: 'coalition', place: 'iraq' }, { subject: 'coalition', as_of: '2019-06' }];
  it.each(cases.map((c) => [c]))('%j', (options) => {
    const a = ask('casualties', options);
    if (a.kind !== 'casualties') throw new Error(a.kind);
    const keys = a.sides.map((s) => `${s.claimant.id}/${s.family.id}/${s.latest.places.map((p) => p.id).join()}`);
    expect(new Set(keys).size, 'one side per claimant, family and coverage').toBe(keys.length);
    for (const s of a.sides) {
      const lead = ctx.catalog.factsById.get(s.latest.factId)!;
      const rivals = ctx.catalog.facts.filter((f) => f !== lead && sameSide(f, lead) && f.subject === lead.subject && (!options.as_of || (factDate(f) ?? '') <= `${options.as_of}-99`));
      for (const f of rivals) {
        // No dated, undoubted figure of the same claimant and family is of a later month than the lead.
        if (!isFactUndated(f) && !doubted(f) && !isFactDateInferred(ctx.catalog, f)) {
          expect((factDate(f) ?? '').slice(0, 7) <= (factDate(lead) ?? '').slice(0, 7), `${f.id} is newer than the lead ${lead.id}`).toBe(true);
        }
        // An undated figure never leads over a dated one, nor a doubted one over an undoubted one.
        if (!isFactUndated(f)) expect(isFactUndated(lead), `${lead.id} (undated) leads over ${f.id}`).toBe(false);
        if (!doubted(f) && !isFactUndated(f)) expect(doubted(lead), `${lead.id} (${lead.status}) leads over ${f.id}`).toBe(false);
      }
      // What is shown besides the lead is never current: it is older, or marked as not leading.
      for (const e of s.earlierShown) expect(e.factId).not.toBe(s.latest.factId);
    }
  });

  it('shows Airwars’ 2025 range as current, and its 2019 and 2016 figures only as earlier', () => {
    const a = ask('casualties', { subject: 'coalition' });
    if (a.kind !== 'casualties') throw new Error(a.kind);
    const leads = a.sides.map((s) => s.latest.factId);
    expect(leads).toContain('airwars-civilian-deaths-likely-2025-01-22');
    expect(leads).not.toContain('airwars-civilian-deaths-2019-05-31');
    expect(leads).not.toContain('airwars-civilian-deaths-alleged-2016-03-09');
    expect(leads).not.toContain('airwars-civilian-deaths-likely-2020-02-14');
    const t = renderText(a);
    expect(t).toContain('Airwars estimates between 8,220 and 13,299 civilians killed · likely');
    expect(t).toContain('Earlier: as many as 13,159 · likely (14 Feb 2020, unconfirmed)');
  });

  it('titles place:iraq with what the figures cover, and puts Syria’s own counts first under place:syria', () => {
    const iraq = renderText(ask('casualties', { subject: 'coalition', place: 'iraq' }));
    expect(iraq.split('\n')[0]).toBe('Civilian deaths attributed to US-led coalition in Iraq and Syria combined');
    const syria = ask('casualties', { subject: 'coalition', place: 'syria' });
    if (syria.kind !== 'casualties') throw new Error(syria.kind);
    const coverage = syria.sides.map((s) => s.coverage);
    expect(coverage.indexOf('combined')).toBeGreaterThan(coverage.lastIndexOf('alone'));
    expect(syria.sides.filter((s) => s.coverage === 'alone').every((s) => s.latest.places.every((p) => p.id === 'syria'))).toBe(true);
  });
});

describe('doubt and wording on every shipped figure', () => {
  it('names the metric on every line, and never puts the grade inside the claimant’s sentence', () => {
    for (const f of ctx.catalog.facts) {
      const fig = toFigure(ctx.catalog, f);
      const m = metricDef(ctx.catalog, f.metric);
      const sharesUnit = [...ctx.catalog.metrics.values()].some((x) => x.id !== m.id && x.family === m.family && x.grade === undefined && x.unit === m.unit);
      if (sharesUnit && m.grade === undefined) expect(fig.unit, f.id).toBe(m.label);
      if (m.grade !== undefined) {
        expect(fig.grade).toBe(m.grade);
        expect(` ${fig.verb} ${fig.unit} `.includes(` ${m.grade} `), f.id).toBe(false);
        expect(headline(fig).endsWith(` · ${m.grade}`), f.id).toBe(true);
      }
    }
  });

  it('shows the seed’s KUNA attribution as unverified, and inferred dates as ≈', () => {
    const t = renderText(ask('source', { name: 'kuna' }));
    expect(t).toMatch(/attributed to Kuwait News Agency \(unverified: /);
    expect(renderText(ask('casualties', { subject: 'coalition' }))).toContain('(Airwars, ≈ 22 Jan 2025)');
  });

  it('cites 1,059 and 1,291 with the reports that published them (evidence via)', () => {
    for (const id of ['cjtf-oir-civilian-deaths-2018-06', 'cjtf-oir-civilian-deaths-2019-03']) {
      const f = ctx.catalog.factsById.get(id)!;
      const fig = toFigure(ctx.catalog, f);
      const via = f.evidence[0]!.via;
      expect(via, id).toBeDefined();
      expect(fig.citations[0]!.chain.map((s) => s.id), id).toContain(via);
    }
  });

  it('lists /source airwars newest first, the undated 1,457 not first', () => {
    const a = ask('source', { name: 'airwars' });
    if (a.kind !== 'source') throw new Error(a.kind);
    expect(a.figures[0]!.factId).not.toBe('us-led-coalition-civilian-deaths-airwars-tabulation');
    expect(a.figures[0]!.dateCertainty).not.toBe('undated');
  });
});

/** A /fact query with more than one page of answers (the search may rank differently over time). */
function pagedFactQuery(): string {
  const q = ['syria', 'coalition', 'cjtf-oir', 'civilian deaths', 'reports', 'strikes'].find((query) => {
    const a = ask('fact', { query });
    return a.kind === 'facts' && a.paging.pages > 1;
  });
  if (q === undefined) throw new Error('no /fact query with two pages');
  return q;
}

describe('paging answers on page 2 wherever it is offered', () => {
  it.each([
    ['source', () => ({ name: 'airwars' })],
    ['fact', () => ({ query: pagedFactQuery() })],
  ])('/%s: the dispatcher, the Page 2 button and the CLI', async (name, optionsOf) => {
    const options: Record<string, string> = optionsOf();
    const first = ask(name, options);
    if (first.kind !== 'source' && first.kind !== 'facts') throw new Error(first.kind);
    expect(first.paging.pages).toBeGreaterThan(1);
    const second = ask(name, { ...options, page: '2' });
    if (second.kind !== 'source' && second.kind !== 'facts') throw new Error(second.kind);
    expect(second.paging.page).toBe(2);
    const ids = (x: typeof first) => (x.kind === 'source' ? x.figures : x.kind === 'facts' ? x.results.map((r) => r.figure) : []).map((f) => f.factId);
    expect(ids(second).length).toBeGreaterThan(0);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
    // The button a reader presses in Discord (gateway or HTTP: one dispatcher) updates the message.
    const body = dispatcher.payload(ctx, name, options) as any;
    const next = body.data.components.flatMap((r: any) => r.components).find((c: any) => /^Page 2/.test(c.label ?? ''));
    expect(next, 'a Page 2 button').toBeDefined();
    const clicked = (await dispatcher.respond({ type: 'component', customId: next.custom_id, values: [], caller: { id: '1', isModerator: false } }, ctx)).body as any;
    expect(clicked.type).toBe(7);
    expect(JSON.stringify(clicked.data.embeds)).toContain(`page 2 of ${first.paging.pages}`);
  });

  describe('npm run ask', () => {
    let out = '';
    afterEach(() => vi.restoreAllMocks());
    it.each([() => '/source airwars page:2', () => `/fact ${pagedFactQuery()} page:2`])('%#', async (lineOf) => {
      const line = lineOf();
      out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
      vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((out += String(s)), true));
      expect(await main([line], { DATA_DIR: 'data' })).toBe(0);
      expect(out).toMatch(/\(page 2 of \d+\)/);
    });
  });
});
