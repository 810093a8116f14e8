// Questions in plain words, answered from what they name (src/answers/question.ts), pinned on the
// fixture catalog: each part of a question narrows the figures or is named first, a year on a
// running total is the newest figure within it, a month reaches its breakdown, families named
// together settle by the vocabulary's relations, and words nobody can read make an honest miss.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { questionAnswer } from '../../src/answers/question.ts';
import type { Answer } from '../../src/answers/model.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { understand } from '../../src/search/understand.ts';
import { fixtureCatalog, fixtureInput } from '../fixtures/catalog.ts';
import { runs } from '../helpers/runs.ts';
import { renderText } from '../../src/render/text.ts';
import { answerCommand, autocompletePayload } from '../helpers/bot.ts';

const input = {
  ...fixtureInput,
  families: (fixtureInput.families ?? []).map((f) =>
    f.id === 'civilian_deaths_breakdown'
      ? { ...f, breakdown_of: 'civilian_deaths' }
      : f.id === 'civilian_deaths'
        ? { ...f, within: ['war_deaths'] }
        : f.id === 'strikes'
          ? { ...f, cause_of: ['civilian_deaths', 'war_deaths'] }
          : f,
  ),
  entities: [
    ...(fixtureInput.entities ?? []).map((e) => (e.id === 'operation-inherent-resolve' ? { ...e, campaign_of: 'us-led-coalition' } : e)),
    { id: 'mosul', kind: 'place' as const, name: 'Mosul', part_of: 'iraq', description: 'City.' },
  ],
};
const index = buildSearchIndex(fixtureCatalog(input));
const ask = (q: string): Answer => questionAnswer(index, understand(index, q), q);
const lead = (a: Answer): string | undefined => (a.kind === 'facts' ? a.results[0]?.figure.factId : undefined);
const ids = (a: Answer): string[] => (a.kind === 'facts' ? a.results.map((r) => r.figure.factId) : []);
const said = (a: Answer): string => (a.kind === 'facts' ? (a.lines ?? []).join(' ') : a.kind === 'not_found' || a.kind === 'invalid' ? a.message : '');

describe('questions', () => {
  it('answers a year on a running total with the newest figure within that year, a month with its own count', () => {
    expect(lead(ask('how many civilians did the coalition kill by the end of november 2019'))).toBe('cjtf-oir-2019-11-civilian-deaths');
    expect(lead(ask('coalition civilian deaths in 2019'))).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(lead(ask('civilians killed by the coalition in december 2019'))).toBe('cjtf-oir-2019-12-deaths-month');
    // The month's own count answers the month, never the year.
    expect(ids(ask('coalition civilian deaths in 2019'))).not.toContain('cjtf-oir-2019-12-deaths-month');
  });

  it('says when nothing falls in the window, instead of answering another time', () => {
    const a = ask('coalition civilian deaths in 2015');
    expect(a.kind).toBe('not_found');
    expect(said(a)).toMatch(/^No figure for 2015 in the data/);
  });

  it('follows relations and says how', () => {
    const a = ask('OIR civilian deaths');
    expect(lead(a)).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(said(a)).toContain('OIR → US-led coalition');
  });

  it('names a place with no figure first, and only then shows the wider place’s, said as such', () => {
    const a = ask('us troops in mosul');
    expect(said(a)).toMatch(/^No figure about Mosul in the data; these are for Iraq as a whole\./);
    expect(lead(a)).toBe('seed-us-troops-iraq');
  });

  it('never answers a question it cannot read with a figure for another question', () => {
    for (const q of ['isis fighters killed', 'children killed by the coalition', 'coalition soldiers killed']) {
      const a = ask(q);
      expect(a.kind, q).toBe('not_found');
      expect(ids(a), q).toEqual([]);
    }
  });

  it('settles families named together by the vocabulary’s relations', () => {
    // Strikes describe the cause; civilian deaths lie within war deaths: the deaths answer.
    expect(lead(ask('civilians killed by coalition strikes'))).toBe('cjtf-oir-2019-12-civilian-deaths');
    expect(lead(ask('coalition strikes'))).toBe('cjtf-oir-2019-12-strikes');
  });

  it('puts the actor’s own count before others’ estimates of it', () => {
    expect(lead(ask('how many civilians did the coalition kill'))).toBe('cjtf-oir-2019-12-civilian-deaths');
  });
});

// Adding a known term to a question must change the figures chosen or be named in the answer: a
// word the bot knows is never silently ignored.
const BASES = ['coalition civilian deaths', 'civilians killed', 'airwars', 'coalition', 'syrian civil war', 'refugees', 'us forces', 'strikes'];
const TERMS = [
  { text: 'in 2019', names: /2019/ },
  { text: 'in 2014', names: /2014/ },
  { text: 'in december 2019', names: /december 2019/i },
  { text: 'in syria', names: /Syria/ },
  { text: 'in iraq', names: /Iraq/ },
  { text: 'in mosul', names: /Mosul/ },
  { text: 'airwars', names: /Airwars/ },
  { text: 'sohr', names: /Syrian Observatory|SOHR/ },
  { text: 'isis', names: /Islamic State|ISIS/ },
  { text: 'strikes', names: /strikes/ },
  { text: 'refugees', names: /refugees/ },
  { text: 'troops', names: /troops/ },
];

describe('adding a known term', () => {
  it('changes the figures chosen or is named', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASES), fc.constantFrom(...TERMS), (base, term) => {
        const before = ask(base);
        const after = ask(`${base} ${term.text}`);
        const changed = JSON.stringify(ids(before)) !== JSON.stringify(ids(after));
        // Named: in a line of its own, or on the figures shown (a place a figure covers, its claimant).
        const named = term.names.test(said(after)) || term.names.test(renderText(after));
        expect(changed || named, `${base} + ${term.text}: ${JSON.stringify({ before: ids(before), after: ids(after), said: said(after) })}`).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('/fact autocomplete on a question the data cannot answer', () => {
  const ctx = { catalog: index.catalog, index };
  const choices = (q: string) => (autocompletePayload(ctx, 'fact', 'query', { query: q }) as { data: { choices: { name: string; value: string }[] } }).data.choices;

  it('says first what the command will answer, and that choice asks exactly what was typed', () => {
    for (const q of ['coalition civilian deaths in 2015', 'children killed by the coalition', 'us troops in mosul 2015']) {
      const first = choices(q)[0]!;
      const a = answerCommand(ctx, 'fact', { query: first.value })!;
      expect(a.kind, q).toBe('not_found');
      expect(first.value, q).toBe(q);
      // The message, cut to Discord's 100 characters with an ellipsis where it is longer.
      const shown = first.name.endsWith('…') ? first.name.slice(0, -1) : first.name;
      expect((a as { message: string }).message.startsWith(shown), `${q}: ${first.name}`).toBe(true);
      expect(shown.length, q).toBeGreaterThan(20);
    }
  });

  it('offers figures first when the question is answered', () => {
    const first = choices('coalition civilian deaths in 2019')[0]!;
    expect(first.value).toBe('cjtf-oir-2019-12-civilian-deaths');
  });
});

describe('a subject counted only month by month', () => {
  // US forces have a monthly count and no running total: asked for their civilian deaths, the bot
  // shows the month's count after saying it is not the total, instead of "no figure".
  const monthly = buildSearchIndex(
    fixtureCatalog({
      ...input,
      facts: [
        ...(input.facts ?? []),
        { id: 'us-forces-2019-12-month', metric: 'civilian_deaths_month', subject: 'us-forces', claimant: 'us-forces', places: ['iraq'], period: { start: '2019-12-01', end: '2019-12-31' }, value: 7, qualifier: 'exact', verb: 'reports', evidence: [{ source: 'kuna-2020-02-13', quote: 'US forces killed 7 civilians in December' }] },
      ],
    }),
  );
  const askMonthly = (q: string): Answer => questionAnswer(monthly, understand(monthly, q), q);

  it('answers with the breakdown, said first to be no total', () => {
    const a = askMonthly('how many civilians did us troops kill');
    expect(lead(a)).toBe('us-forces-2019-12-month');
    expect(said(a)).toMatch(/^No running total of civilians about US forces in the data; these count one month or year each\./);
  });

  it('says nothing of the kind where a running total exists', () => {
    const a = askMonthly('how many civilians did the coalition kill');
    expect(lead(a)).not.toBe('cjtf-oir-2019-12-deaths-month');
    expect(said(a)).not.toMatch(/running total/);
  });

  it('keeps a month asked for to the month’s own count', () => {
    expect(lead(askMonthly('us troops civilian deaths in december 2019'))).toBe('us-forces-2019-12-month');
    expect(askMonthly('us troops civilian deaths in march 2019').kind).toBe('not_found');
  });
});
