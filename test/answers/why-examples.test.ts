// Every example under "Why" in the questions issue, on the shipped data, checked for what makes the
// answer right rather than for today's figures: the metric, claimant, date window or honest miss.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { factDate } from '../../src/catalog/catalog.ts';
import { parseCommandLine } from '../../src/cli/ask-args.ts';
import { FREE_TEXT_COMMAND } from '../../src/commands/index.ts';
import type { Answer, Figure } from '../../src/answers/model.ts';
import type { Snapshot } from '../../src/interactions/dispatch.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { dispatcher } from '../helpers/bot.ts';

let snapshot: Snapshot;
beforeAll(async () => {
  const loaded = await loadCatalog('data');
  if (!loaded.ok) throw new Error('data/ does not load');
  snapshot = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };
});

function ask(line: string): Answer {
  const parsed = parseCommandLine(line, dispatcher.definitions, false, { freeText: FREE_TEXT_COMMAND });
  if (!parsed.ok) throw new Error(parsed.message);
  const a = dispatcher.answer(snapshot, parsed.value.command, parsed.value.options);
  if (!a) throw new Error(`no answer to ${line}`);
  return a;
}
const leadOf = (a: Answer): Figure => {
  if (a.kind !== 'facts' || !a.results[0]) throw new Error(`not a list of figures: ${JSON.stringify(a).slice(0, 200)}`);
  return a.results[0].figure;
};
const fact = (f: Figure) => snapshot.catalog.factsById.get(f.factId)!;
const text = (a: Answer): string => JSON.stringify(a);

describe('the examples that prompted the questions issue', () => {
  it('reads a year as time, not as a figure', () => {
    const f = leadOf(ask('/fact airwars estimate 2019'));
    expect(f.claimant.id).toBe('airwars');
    expect(factDate(fact(f))?.slice(0, 4)).toBe('2019');
    const strikes = leadOf(ask('/fact coalition strikes by end of 2018'));
    expect(strikes.metric).toBe('strikes');
    expect((factDate(fact(strikes)) ?? '9999') <= '2018-12-31').toBe(true);
    const open = leadOf(ask('/fact open reports december 2019'));
    expect(open.metric).toBe('reports_open');
    expect(factDate(fact(open))?.slice(0, 7)).toBe('2019-12');
  });

  it('reads "latest" as the newest figure', () => {
    const f = leadOf(ask('/fact latest cjtf-oir civilian casualty report'));
    expect(f.claimant.id).toBe('cjtf-oir');
    const newest = snapshot.catalog.facts.filter((x) => x.claimant === 'cjtf-oir' && x.metric === f.metric).map((x) => factDate(x) ?? '').sort().at(-1);
    expect(factDate(fact(f))).toBe(newest);
  });

  it('keeps the word that changes the question', () => {
    const t = ask('/timeline coalition strikes');
    expect(t.kind === 'timeline' && t.metric.id).toBe('strikes');
    const mosul = ask('/fact civilians killed in mosul');
    expect(text(mosul)).toMatch(/No figure about Mosul/);
    const fighters = ask('/fact isis fighters killed');
    expect(fighters.kind).toBe('not_found');
  });

  it('follows relations, and says how', () => {
    for (const line of ['/casualties OIR', '/casualties operation inherent resolve']) {
      const a = ask(line);
      expect(a.kind, line).toBe('casualties');
      if (a.kind === 'casualties') {
        expect(a.subject.id).toBe('us-led-coalition');
        expect(a.note).toMatch(/→ US-led coalition/);
      }
    }
    for (const line of ['/source combined joint task force', '/source cjtf']) {
      const a = ask(line);
      expect(a.kind === 'source' && a.target.type === 'entity' && a.target.entity.id, line).toBe('cjtf-oir');
    }
  });

  it('takes a plain question', () => {
    const f = leadOf(ask('how many civilians did the coalition kill'));
    expect(['civilian_deaths', 'civilian_deaths_likely', 'civilian_deaths_alleged']).toContain(f.metric);
    expect(f.subject.id).toBe('us-led-coalition');
  });
});
