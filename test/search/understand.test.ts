// Query understanding on the fixture catalog: every time phrase, relation and synonym example of
// issue 11, and the questions its "Why" lists, each turned into the structured query an answer needs.
import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../src/search/index.ts';
import { describeReach, understand, type Understood } from '../../src/search/understand.ts';
import { understandingCatalog, understandingInput } from '../fixtures/understanding.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';

const catalog = understandingCatalog();
const index = buildSearchIndex(catalog);
const u = (text: string, options?: Parameters<typeof understand>[2]): Understood => understand(index, text, options);

/** The parts worth pinning, in a compact form. */
function summary(x: Understood) {
  return {
    entities: x.entities.map((e) => `${e.id}:${e.role}`),
    places: x.places.map((p) => p.id),
    metrics: x.metrics.map((m) => m.metric ?? `family:${m.family}`),
    time: x.time && { kind: x.time.kind, ...(x.time.start ? { start: x.time.start } : {}), ...(x.time.end ? { end: x.time.end } : {}), ...(x.time.latest ? { latest: true } : {}) },
    numbers: x.numbers.map((n) => n.value),
    leftover: x.leftover,
  };
}

describe('time phrases', () => {
  it.each([
    ['2019', { kind: 'during', start: '2019', end: '2019' }],
    ['in 2019', { kind: 'during', start: '2019', end: '2019' }],
    ['Dec 2019', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['December 2019', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['december, 2019', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['2019-12', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['12/2019', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['31 December 2019', { kind: 'during', start: '2019-12-31', end: '2019-12-31' }],
    ['December 31, 2019', { kind: 'during', start: '2019-12-31', end: '2019-12-31' }],
    ['by the end of 2018', { kind: 'asOf', end: '2018' }],
    ['by end of 2018', { kind: 'asOf', end: '2018' }],
    ['as of March 2020', { kind: 'asOf', end: '2020-03' }],
    ['since 2014', { kind: 'since', start: '2014' }],
    ['after 2016', { kind: 'since', start: '2017' }],
    ['before 2017', { kind: 'before', end: '2016' }],
    ['before March 2020', { kind: 'before', end: '2020-02' }],
    ['before 1 March 2020', { kind: 'before', end: '2020-02-29' }],
    ['between 2015 and 2017', { kind: 'during', start: '2015', end: '2017' }],
    ['from 2015 to 2017', { kind: 'during', start: '2015', end: '2017' }],
    ['2015–2017', { kind: 'during', start: '2015', end: '2017' }],
    ['in the year 2016', { kind: 'during', start: '2016', end: '2016' }],
    ['latest', { kind: 'latest' }],
    ['newest', { kind: 'latest' }],
    ['most recent', { kind: 'latest' }],
    ['current', { kind: 'latest' }],
    ['latest in 2019', { kind: 'during', start: '2019', end: '2019', latest: true }],
    // French
    ['en décembre 2019', { kind: 'during', start: '2019-12', end: '2019-12' }],
    ['depuis 2014', { kind: 'since', start: '2014' }],
    ['avant 2017', { kind: 'before', end: '2016' }],
    ['fin 2018', { kind: 'asOf', end: '2018' }],
    ['le plus récent', { kind: 'latest' }],
    // Arabic, with Arabic-Indic and Persian digits
    ['منذ ٢٠١٤', { kind: 'since', start: '2014' }],
    ['في عام ۲۰۱۹', { kind: 'during', start: '2019', end: '2019' }],
    ['قبل 2017', { kind: 'before', end: '2016' }],
    ['حتى نهاية 2018', { kind: 'asOf', end: '2018' }],
    ['الأحدث', { kind: 'latest' }],
  ])('%s', (text, time) => {
    const x = u(text);
    expect(summary(x).time).toEqual(time);
    expect(x.leftover).toEqual([]);
    expect(x.numbers).toEqual([]);
  });

  const levantine = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
  const egyptian = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
  const french = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const english = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  it.each([
    ['Levantine Arabic', levantine],
    ['Egyptian and Gulf Arabic', egyptian],
    ['French', french],
    ['English', english],
  ])('reads all twelve %s month names', (_name, months) => {
    months.forEach((m, i) => {
      const month = `2018-${String(i + 1).padStart(2, '0')}`;
      expect(summary(u(`${m} 2018`)).time, m).toEqual({ kind: 'during', start: month, end: month });
      // With Arabic-Indic digits too.
      expect(summary(u(`${m} ٢٠١٨`)).time, m).toEqual({ kind: 'during', start: month, end: month });
    });
  });

  it('keeps the words as typed and the language of the phrase', () => {
    const x = u('strikes as of March 2020');
    expect(x.time?.text).toBe('as of March 2020');
    expect(u('ضربات في كانون الأول ٢٠١٩').languages).toContain('ar');
  });

  it('leaves a lead word without a date to the stop words, and a month without a year to the leftovers', () => {
    const x = u('strikes in syria');
    expect(x.time).toBeUndefined();
    expect(x.stopWords).toEqual(['in']);
    expect(u('strikes in December').leftover).toEqual(['December']);
  });

  it('rejects impossible dates instead of inventing them, and names what it could not read', () => {
    expect(u('2019-13')).toMatchObject({ time: undefined, leftover: ['2019-13'] });
    // The month stands; the impossible day is kept as a number, not turned into a date.
    expect(summary(u('31 February 2019'))).toMatchObject({ time: { kind: 'during', start: '2019-02', end: '2019-02' }, numbers: [31] });
  });
});

describe('a four-digit year: time unless no figure fits it and a figure has that value', () => {
  it('reads 2019 as time (figures speak for 2019)', () => {
    expect(summary(u('airwars estimate 2019'))).toMatchObject({ time: { kind: 'during', start: '2019' }, numbers: [] });
  });

  it('reads 2000 as a figure: no figure speaks for 2000, and one has the value 2,000', () => {
    expect(summary(u('strikes 2000'))).toMatchObject({ time: undefined, numbers: [2000] });
  });

  it('reads a year no figure has as a value as time, even when no figure speaks for it', () => {
    expect(summary(u('strikes 1995'))).toMatchObject({ time: { kind: 'during', start: '1995' }, numbers: [] });
  });

  it('reads a year with a lead word or a month as time whatever the values', () => {
    expect(summary(u('strikes in 2000')).time).toEqual({ kind: 'during', start: '2000', end: '2000' });
    expect(summary(u('strikes May 2000')).time).toEqual({ kind: 'during', start: '2000-05', end: '2000-05' });
  });

  it('takes the caller’s predicate instead when given one', () => {
    expect(summary(u('airwars 2019', { yearIsTime: () => false }))).toMatchObject({ time: undefined, numbers: [2019] });
  });

  it('never reads a number with separators as a year', () => {
    expect(summary(u('2,019'))).toMatchObject({ time: undefined, numbers: [2019] });
  });
});

describe('relations', () => {
  it.each([
    ['OIR', 'operation-inherent-resolve', 'OIR → US-led coalition'],
    ['operation inherent resolve', 'operation-inherent-resolve', 'Operation Inherent Resolve → US-led coalition'],
    ['العزم الصلب', 'operation-inherent-resolve', 'العزم الصلب → US-led coalition'],
  ])('%s reaches the coalition as the subject, and CJTF-OIR as the claimant', (text, id, line) => {
    const x = u(text);
    expect(x.entities).toHaveLength(1);
    const e = x.entities[0]!;
    expect(e).toMatchObject({ id, role: 'subject' });
    expect(x.subjects.map((s) => s.id)).toEqual(['us-led-coalition']);
    expect(describeReach(catalog, x.subjects[0]!, e.via)).toBe(line);
    expect(x.subjects[0]!.path).toEqual([{ from: 'operation-inherent-resolve', relation: 'campaign_of', to: 'us-led-coalition', reverse: false }]);
    expect(e.claimants.map((c) => c.id)).toEqual(['cjtf-oir']);
    expect(e.claimants[0]!.path).toEqual([{ from: 'operation-inherent-resolve', relation: 'command_of', to: 'cjtf-oir', reverse: true }]);
  });

  it.each(['CJTF', 'combined joint task force – operation inherent resolve', 'cjtf oir', 'CJTFOIR'])('%s is CJTF-OIR, a claimant, part of the coalition', (text) => {
    const x = u(text);
    expect(summary(x)).toMatchObject({ entities: ['cjtf-oir:claimant'], leftover: [] });
    expect(x.claimants.map((c) => c.id)).toEqual(['cjtf-oir']);
    expect(describeReach(catalog, x.entities[0]!.subjects[0]!, x.entities[0]!.via)).toBe(`${x.entities[0]!.via} → US-led coalition`);
  });

  it('"the coalition’s monthly report" reaches CJTF-OIR, which publishes it', () => {
    const x = u("the coalition's monthly report");
    expect(summary(x)).toMatchObject({ entities: ['cjtf-oir-monthly-report:claimant'], leftover: [] });
    expect(x.stopWords).toEqual(['the']);
    expect(x.claimants.map((c) => c.id)).toEqual(['cjtf-oir']);
    expect(describeReach(catalog, x.claimants[0]!, x.entities[0]!.via)).toBe('coalition monthly report → CJTF-OIR');
    // Through CJTF-OIR, the figures are about the coalition.
    expect(x.entities[0]!.subjects.map((s) => [s.id, s.path.map((p) => p.relation)])).toEqual([['us-led-coalition', ['publishes', 'part_of']]]);
  });

  it('a town names the country it lies in', () => {
    expect(u('civilians killed in mosul').places).toEqual([expect.objectContaining({ id: 'mosul', broader: ['iraq'] })]);
  });
});

describe('the questions of issue 11', () => {
  it.each([
    ['airwars estimate 2019', { entities: ['airwars:claimant'], metrics: [], time: { kind: 'during', start: '2019', end: '2019' }, leftover: [] }],
    ['civilian deaths raqqa 2017', { places: ['raqqa'], metrics: ['civilian_deaths'], time: { kind: 'during', start: '2017', end: '2017' }, leftover: [] }],
    ['open reports december 2019', { metrics: ['reports_open'], time: { kind: 'during', start: '2019-12', end: '2019-12' }, leftover: [] }],
    ['coalition strikes by end of 2018', { entities: ['us-led-coalition:subject'], metrics: ['strikes'], time: { kind: 'asOf', end: '2018' }, leftover: [] }],
    ['latest cjtf-oir civilian casualty report', { entities: ['cjtf-oir:claimant', 'cjtf-oir-monthly-report:claimant'], time: { kind: 'latest' }, leftover: [] }],
    ['coalition strikes', { entities: ['us-led-coalition:subject'], metrics: ['strikes'], leftover: [] }],
    ['civilians killed in mosul', { places: ['mosul'], metrics: ['family:civilian_deaths'], leftover: [] }],
    ['isis fighters killed', { entities: ['isis:other'], metrics: ['family:civilian_deaths'], leftover: ['fighters'] }],
    ['how many civilians did the coalition kill', { entities: ['us-led-coalition:subject'], metrics: ['family:civilian_deaths'], leftover: [] }],
    ['13,159', { numbers: [13159], leftover: [] }],
  ])('%s', (text, expected) => {
    expect(summary(u(text))).toMatchObject(expected);
  });
});

describe('metrics by the words people use', () => {
  it.each([
    ['airstrikes', 'strikes'],
    ['bombing raids', 'strikes'],
    ['death toll', 'war_deaths'],
    ['fled', 'refugees'],
    ['soldiers', 'troops'],
    ['open reports', 'reports_open'],
    ['new reports', 'reports_new'],
    ['completed reports', 'reports_completed'],
    ['credible reports', 'reports_credible'],
    ['civcas', 'family:civilian_deaths'],
    ['likely deaths', 'civilian_deaths_likely'],
    ['frappes', 'strikes'],
    ['غارات', 'strikes'],
  ])('%s → %s', (text, metric) => {
    expect(summary(u(text))).toMatchObject({ metrics: [metric], leftover: [] });
  });

  it('reports the family of a metric named precisely', () => {
    expect(u('likely deaths').metrics[0]).toMatchObject({ metric: 'civilian_deaths_likely', family: 'civilian_deaths', via: 'likely deaths' });
  });
});

describe('languages, stop words, corrections and leftovers', () => {
  it('reads an Arabic question', () => {
    const x = u('كم قتلى التحالف في الموصل منذ ٢٠١٦');
    expect(summary(x)).toEqual({ entities: ['us-led-coalition:subject'], places: ['mosul'], metrics: ['family:civilian_deaths'], time: { kind: 'since', start: '2016' }, numbers: [], leftover: [] });
    expect(x.languages).toEqual(['ar']);
  });

  it('reads a French question', () => {
    const x = u('combien de civils tués par la coalition en décembre 2019');
    expect(summary(x)).toMatchObject({ entities: ['us-led-coalition:subject'], metrics: ['family:civilian_deaths'], time: { kind: 'during', start: '2019-12' }, leftover: [] });
    expect(x.stopWords).toEqual(['combien', 'de', 'par', 'la']);
    expect(x.languages).toContain('fr');
  });

  it('reads "IS" as the group and "is" as a stop word', () => {
    expect(summary(u('IS strikes')).entities).toEqual(['isis:other']);
    expect(u('what is the death toll')).toMatchObject({ entities: [], stopWords: ['what', 'is', 'the'], leftover: [] });
  });

  it('corrects a misspelt name or a plural, and says so', () => {
    const x = u('coalishun airstrike');
    expect(summary(x)).toMatchObject({ entities: ['us-led-coalition:subject'], metrics: ['strikes'], leftover: [] });
    expect(x.entities[0]!.corrected).toBe(true);
    expect(x.metrics[0]!.corrected).toBe(true);
    expect(u('coalition strikes').entities[0]!.corrected).toBeUndefined();
  });

  it('names every word it did not understand, as typed, once', () => {
    expect(u('xyzzy U.S. coalition plugh').leftover).toEqual(['xyzzy', 'U.S.', 'plugh']);
  });

  it('lets the caller turn off fuzzy corrections', () => {
    expect(u('coalishun', { fuzzy: false }).leftover).toEqual(['coalishun']);
  });

  it('marks each token with what it was used for', () => {
    expect(u('how many strikes in 2019 by xyzzy').tokens.map((t) => `${t.text}:${t.use}`)).toEqual([
      'how:stop',
      'many:stop',
      'strikes:metric',
      'in:time',
      '2019:time',
      'by:stop',
      'xyzzy:leftover',
    ]);
  });
});

describe('names that hold a time word', () => {
  // An outlet named with a time word ("Russia Today") is the outlet, not "the latest" and a leftover.
  const base = understandingCatalog();
  const withRt = buildSearchIndex(
    fixtureCatalog({
      ...understandingInput,
      entities: (understandingInput.entities ?? []).map((e) => (e.id === 'sputnik' ? { ...e, aliases: [...(e.aliases ?? []), 'Russia Today'] } : e)),
    }),
  );

  it('reads the whole name, and keeps the time word a time word elsewhere', () => {
    const read = summary(understand(withRt, 'Russia Today'));
    expect(read.entities.map((e) => e.split(':')[0])).toEqual(['sputnik']);
    expect(read.leftover).toEqual([]);
    expect(summary(understand(withRt, 'Russia Today')).time).toBeUndefined();
    // Without the alias, "today" is the latest again: the name, not the word, made the difference.
    expect(summary(understand(buildSearchIndex(base), 'Russia Today')).time).toMatchObject({ kind: 'latest' });
    expect(summary(understand(withRt, 'coalition civilian deaths today')).time).toMatchObject({ kind: 'latest' });
  });
});

describe('a name whose last word begins a metric', () => {
  // "Syrian war deaths": the war's deaths ("Syrian" + "war deaths"), not the civilian deaths of the
  // Syrian war ("Syrian war" + "deaths", which "deaths" alone names).
  const withSyrianWar = buildSearchIndex(
    fixtureCatalog({
      ...understandingInput,
      entities: (understandingInput.entities ?? []).map((e) =>
        e.id === 'syrian-civil-war' ? { ...e, aliases: [...(e.aliases ?? []), 'Syrian war'] } : e.id === 'syria' ? { ...e, aliases: [...(e.aliases ?? []), 'Syrian'] } : e,
      ),
    }),
  );
  const read = (text: string) => summary(understand(withSyrianWar, text));

  it('gives the word to the metric when the rest of the name still names something', () => {
    expect(read('syrian war deaths')).toMatchObject({ entities: [], places: ['syria'], metrics: ['war_deaths'], leftover: [] });
    // Misspelt, after the correction, the same.
    expect(read('syrain war deaths')).toMatchObject({ places: ['syria'], metrics: ['war_deaths'], leftover: [] });
  });

  it('keeps the whole name when the metric would not reach further, or the rest names nothing', () => {
    expect(read('syrian war civilian deaths').entities.map((e) => e.split(':')[0])).toEqual(['syrian-civil-war']);
    expect(summary(u('syrian civil war deaths')).entities.map((e) => e.split(':')[0])).toEqual(['syrian-civil-war']);
  });

  it('joins a corrected word to the words after it', () => {
    // "toll" alone and "death" alone name metrics here, as in the shipped vocabulary: "toll" is
    // matched before "deth" is corrected, and must not keep "death" from joining it.
    const tolls = buildSearchIndex(
      fixtureCatalog({
        ...understandingInput,
        families: (understandingInput.families ?? []).map((f) => (f.id === 'civilian_deaths' ? { ...f, synonyms: [...(f.synonyms ?? []), 'death'] } : f)),
        metrics: (understandingInput.metrics ?? []).map((m) => (m.id === 'war_deaths' ? { ...m, synonyms: [...(m.synonyms ?? []), 'toll'] } : m)),
      }),
    );
    expect(summary(understand(tolls, 'death toll'))).toMatchObject({ metrics: ['war_deaths'], leftover: [] });
    expect(summary(understand(tolls, 'deth toll'))).toMatchObject({ metrics: ['war_deaths'], leftover: [] });
  });
});
