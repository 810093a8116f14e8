// /facts add: the five inputs read into one figure (problems naming the input), and the YAML it
// becomes: read back by the real parser exactly as meant, whatever the text holds, with every record
// already in the file left as it was (properties, and every shipped data file).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load.ts';
import { parseFactFile } from '../../src/catalog/parse-file.ts';
import { appendRecords, inputOfProblem, readAddForm, slug, type AddForm } from '../../src/live/add-figure.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FACTS = readFileSync(path.join(here, '../fixtures/gateway-data/facts.yaml'), 'utf8');
const VOCABULARY = readFileSync(path.join(here, '../fixtures/gateway-data/vocabulary.yaml'), 'utf8');
const built = buildCatalog([
  { file: 'data/facts.yaml', bytes: new TextEncoder().encode(FACTS) },
  { file: 'data/vocabulary.yaml', bytes: new TextEncoder().encode(VOCABULARY) },
]);
if (!built.ok) throw new Error('fixture invalid');
const catalog = built.catalog;
const ctx = { catalog, fileOfSource: (id: string) => (catalog.sources.has(id) ? 'facts.yaml' : undefined) };

const form = (over: Partial<AddForm> = {}): AddForm => ({
  who: 'airwars, civilian_deaths_likely, us-led-coalition, iraq, syria',
  value: '8,300 to 13,200',
  when: 'as of 2020-02-29',
  source: 'airwars-2020',
  quote: 'between 8,300 and 13,200 civilians likely killed',
  ...over,
});

describe('reading the form', () => {
  it('turns the five inputs into a figure for the source’s own file', () => {
    const r = readAddForm(form(), ctx);
    expect(r).toEqual({
      ok: true,
      figure: {
        file: 'facts.yaml',
        fact: {
          id: 'airwars-civilian-deaths-likely-2020-02-29',
          metric: 'civilian_deaths_likely',
          subject: 'us-led-coalition',
          claimant: 'airwars',
          places: ['iraq', 'syria'],
          as_of: '2020-02-29',
          value: { min: 8300, max: 13200 },
          qualifier: 'range',
          verb: 'estimates',
          evidence: [{ source: 'airwars-2020', quote: 'between 8,300 and 13,200 civilians likely killed' }],
          status: 'current',
        },
      },
    });
  });

  it.each([
    ['1,370', 1370, 'exact'],
    ['at least 1,370', 1370, 'at_least'],
    ['about 5.6 million', 5_600_000, 'about'],
    ['more than 1370', 1370, 'more_than'],
    ['as many as 13,125', 13125, 'as_many_as'],
    ['fewer than 10', 10, 'fewer_than'],
  ])('reads the value %j', (value, n, qualifier) => {
    const r = readAddForm(form({ value }), ctx);
    expect(r.ok && r.figure.fact).toMatchObject({ value: n, qualifier });
  });

  it('reads names and aliases for ids, and leaves out a subject earlier figures tell', () => {
    const r = readAddForm(form({ who: 'Air Wars, civilian deaths likely' }), ctx);
    expect(r.ok && r.figure.fact).toMatchObject({ claimant: 'airwars', metric: 'civilian_deaths_likely', subject: 'us-led-coalition' });
  });

  it('reads periods and as-of dates together', () => {
    const r = readAddForm(form({ when: '2014-08 to 2020-02-29, as of 2020-03-01' }), ctx);
    expect(r.ok && r.figure.fact).toMatchObject({ period: { start: '2014-08', end: '2020-02-29' }, as_of: '2020-03-01' });
  });

  it('makes a new source in <publisher>/<date>.yaml from URL | title | date', () => {
    const r = readAddForm(form({ source: 'https://airwars.org/report/feb | Airwars: February assessment | 2020-03-02' }), ctx);
    expect(r.ok && r.figure).toMatchObject({
      file: 'airwars/2020-03-02.yaml',
      source: { id: 'airwars-2020-03-02-airwars-february-assessment', kind: 'primary_release', publisher: 'airwars', published: '2020-03-02', url: 'https://airwars.org/report/feb' },
      fact: { evidence: [{ source: 'airwars-2020-03-02-airwars-february-assessment' }] },
    });
  });

  it('names the input of every problem', () => {
    const r = readAddForm({ who: 'airwarz, civilian_death', value: 'lots', when: '2020-13-01', source: 'airwars-2021', quote: '' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = Object.fromEntries(r.problems.map((p) => [p.input, p.message]));
    expect(Object.keys(by).sort()).toEqual(['quote', 'value', 'when', 'who']);
    expect(r.problems.find((p) => p.input === 'who' && /Claimant/.test(p.message))?.message).toMatch(/did you mean `airwars`/);
    expect(r.problems.find((p) => p.input === 'who' && /Metric/.test(p.message))?.message).toMatch(/did you mean `civilian_deaths`/);
    expect(by.value).toMatch(/not a figure/);
    expect(by.when).toMatch(/not a date/);
    expect(by.quote).toMatch(/Paste the passage/);
    const source = readAddForm(form({ source: 'airwars-2021' }), ctx);
    expect(!source.ok && source.problems).toEqual([{ input: 'source', message: expect.stringMatching(/No source `airwars-2021`.*did you mean `airwars-2020`/) }]);
  });

  it('maps the validator’s findings on the new record back to the inputs', () => {
    const at = { factIndex: 2, sourceIndex: 3 };
    const p = (path: string) => ({ severity: 'error' as const, file: 'data/airwars/x.yaml', line: 1, col: 1, path, message: 'm' });
    expect(inputOfProblem(p('facts[2].evidence[0].quote'), 'airwars/x.yaml', at)).toBe('quote');
    expect(inputOfProblem(p('facts[2].evidence[0].source'), 'airwars/x.yaml', at)).toBe('source');
    expect(inputOfProblem(p('facts[2].value'), 'airwars/x.yaml', at)).toBe('value');
    expect(inputOfProblem(p('facts[2].period.end'), 'airwars/x.yaml', at)).toBe('when');
    expect(inputOfProblem(p('facts[2].claimant'), 'airwars/x.yaml', at)).toBe('who');
    expect(inputOfProblem(p('sources[3].published'), 'airwars/x.yaml', at)).toBe('source');
    expect(inputOfProblem(p('facts[1].value'), 'airwars/x.yaml', at)).toBeUndefined();
    expect(inputOfProblem(p('facts[2].value'), 'other.yaml', at)).toBeUndefined();
  });
});

function parsed(text: string) {
  const p = parseFactFile('x.yaml', new TextEncoder().encode(text));
  if (!p.data) throw new Error(`generated YAML does not parse: ${JSON.stringify(p.problems)}\n${text}`);
  return p.data;
}

// Text that YAML treats specially somewhere: indicators, comments, anchors, tags, quotes, numbers.
const tricky = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.constantFrom('- a', ': b', '#c', '&x', '*x', '!tag', '|', '>', "'q'", '"q"', '{a: 1}', '[1]', 'null', 'true', '1e3', '0x10', '2019-12-31', '@', '`', '%', '? k', '---', '...', ' lead', 'trail ', 'a\nb', 'tab\there', '\u0085', '\u2028'),
);

describe('the YAML /facts add writes (properties)', () => {
  it('reads back exactly the figure and source it was given', () => {
    fc.assert(
      fc.property(tricky, tricky, fc.nat({ max: 1e9 }), (quote, title, value) => {
        const q = quote.trim() === '' ? 'x' : quote;
        const t = title.trim() === '' ? 'x' : title;
        const fact = {
          id: 'airwars-civilian-deaths-likely-2020-02-29',
          metric: 'civilian_deaths_likely',
          subject: 'us-led-coalition',
          claimant: 'airwars',
          as_of: '2020-02-29',
          value,
          qualifier: 'at_least' as const,
          evidence: [{ source: 'airwars-new', quote: q }],
          status: 'current' as const,
        };
        const source = { id: 'airwars-new', kind: 'primary_release', publisher: 'airwars', title: t, published: '2020-03-02', url: 'https://airwars.org/x' };
        const { text, factIndex, sourceIndex } = appendRecords(undefined, { sources: [source], facts: [fact] });
        const data = parsed(text);
        expect(factIndex).toBe(0);
        expect(sourceIndex).toBe(0);
        expect(data.facts[0]).toMatchObject({ ...fact, places: [], verb: 'says' });
        expect(data.sources[0]).toMatchObject(source);
        expect(text.startsWith('# yaml-language-server: $schema=../schema/fact-file.schema.json\n')).toBe(true);
      }),
    );
  });

  it('leaves every record already in the file as it was, comments included', () => {
    fc.assert(
      fc.property(tricky, (quote) => {
        const q = quote.trim() === '' ? 'x' : quote;
        const before = parsed(FACTS);
        const fact = { id: 'new-one', metric: 'civilian_deaths', subject: 'us-led-coalition', claimant: 'cjtf-oir', value: 1, qualifier: 'exact', evidence: [{ source: 'kuna-2020-02-14', quote: q }], status: 'current' };
        const { text, factIndex } = appendRecords(FACTS, { facts: [fact] });
        const after = parsed(text);
        expect(factIndex).toBe(before.facts.length);
        expect(after.facts.slice(0, -1)).toEqual(before.facts);
        expect(after.sources).toEqual(before.sources);
        expect(after.entities).toEqual(before.entities);
        expect(text).toContain('# A small, valid data directory');
      }),
    );
  });
});

describe('appending to every shipped data file', () => {
  const DATA = path.resolve(here, '../../data');
  const files = readdirSync(DATA, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  it.each(files)('%s keeps its records', (file) => {
    const text = readFileSync(path.join(DATA, file), 'utf8');
    const before = parsed(text);
    const fact = { id: 'zz-new', metric: 'civilian_deaths', subject: 'x', claimant: 'y', value: 1, qualifier: 'exact', evidence: [{ source: 's', quote: '1' }], status: 'current' };
    const after = parsed(appendRecords(text, { facts: [fact] }).text);
    expect(after.facts.slice(0, -1)).toEqual(before.facts);
    for (const k of ['entities', 'sources', 'metrics', 'families', 'stop_words'] as const) expect(after[k]).toEqual(before[k]);
  });
});

describe('slug', () => {
  it('always makes a valid id', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug(s)) && slug(s).length <= 90));
  });
});
