// Reading figures out of fixture reports written for these tests (the shipped vocabulary and
// entities, as `npm run draft` uses them): qualifiers, claimants, periods, what is not a figure, and
// the checks against data/ — duplicates, conflicts, the monthly arithmetic, validation.
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftReport } from '../../src/draft/index.ts';
import { readReport, type Proposal, type Reading } from '../../src/draft/read.ts';
import { shippedData, type ShippedData } from './helpers.ts';

let data: ShippedData;
beforeAll(async () => {
  data = await shippedData();
});

const read = (text: string, options: { published?: string; claimant?: string } = {}): Reading => readReport(data.ctx, text, options);
const only = (text: string, options: { published?: string; claimant?: string } = {}): Proposal => {
  const r = read(text, options);
  expect(r.proposals, JSON.stringify(r.unplaced)).toHaveLength(1);
  return r.proposals[0]!;
};

describe('qualifiers', () => {
  it.each([
    ['CJTF-OIR assesses at least 1,370 civilians have been unintentionally killed since the beginning of Operation Inherent Resolve.', 'at_least', 1370],
    ['The NGO Airwars estimates that the US-led coalition has killed as many as 13,159 civilians in Iraq and Syria.', 'as_many_as', 13159],
    ['The war in Syria has claimed more than 370,000 lives.', 'more_than', 370000],
    ['Airwars says nearly 6,000 civilians were killed since 2014.', 'about', 6000],
    ['Airwars said coalition strikes killed between 529 and 744 civilians in June.', 'range', { min: 529, max: 744 }],
    ['UNHCR says 5.6 million people are refugees in the region.', 'about', 5600000],
    ['It has carried out raids killing not less than 1321 civilians since August 2014.', 'at_least', 1321],
    ['The coalition conducted 34,763 strikes between August 2014 and the end of December 2019.', 'exact', 34763],
  ])('%s', (text, qualifier, value) => {
    const p = read(text, { published: '2020-02-14' }).proposals.find((x) => JSON.stringify(x.value) === JSON.stringify(value));
    expect(p?.qualifier).toBe(qualifier);
  });

  it('does not read "carried over 82" as "over 82"', () => {
    expect(only('In December 2019, CJTF-OIR carried over 82 open reports from previous months.', { published: '2020-02-13' }).qualifier).toBe('exact');
  });
});

describe('what a number counts', () => {
  it('reads the stages of the monthly casualty reports', () => {
    const r = read(
      'In the month of December, CJTF-OIR carried over 82 open reports from previous months and received 41 new reports. ' +
        'Out of the 45 completed casualty allegation reports, three reports were determined to be credible and resulted in 11 unintentional civilian deaths. ' +
        'Another 41 reports were determined to be non-credible and one was a duplicate of a previous report. ' +
        'Seventy-nine reports are still open, including three that CJTF-OIR had previously closed but reopened due to the availability of new information.',
      { published: '2020-02-13' },
    );
    expect(r.proposals.map((p) => [p.value, p.metric])).toEqual([
      [82, 'reports_carried_over'],
      [41, 'reports_new'],
      [45, 'reports_completed'],
      [3, 'reports_credible'],
      [11, 'civilian_deaths_month'],
      [41, 'reports_non_credible'],
      [1, 'reports_duplicate'],
      [79, 'reports_open'],
      [3, 'reports_reopened'],
    ]);
    for (const p of r.proposals) {
      expect(p.claimant).toBe('cjtf-oir');
      expect(p.period).toEqual({ start: '2019-12-01', end: '2019-12-31' });
    }
  });

  it('tells the war\'s toll from civilian deaths, and reads strikes, refugees and troops', () => {
    expect(only('The war in Syria has claimed more than 370,000 lives.').metric).toBe('war_deaths');
    expect(only('At least 2,358 civilians have been killed by coalition air strikes, according to monitoring group Airwars.').metric).toBe('civilian_deaths');
    expect(only('The present best estimate by Airwars is that between 8,106 and 12,980 civilians have likely been killed.').metric).toBe('civilian_deaths_likely');
    expect(only('Airwars researchers say coalition aircraft allegedly killed between 2,232 and 2,961 non-combatants.').metric).toBe('civilian_deaths_alleged');
    expect(only('The US currently has more than 5,000 forces in Iraq.').metric).toBe('troops');
    expect(only('UNHCR registered 5,561,824 syrian refugees on 27 February 2020.').metric).toBe('refugees');
  });

  it('leaves out what no metric counts, each with its reason', () => {
    const r = read('Among them are more than 115,000 civilians, including 22,000 children and 13,612 women. Airwars identified 352 reported civilian casualty events.');
    expect(r.proposals.map((p) => p.value)).toEqual([115000]);
    const why = Object.fromEntries(r.unplaced.map((u) => [u.raw, u.why]));
    expect(why['22,000']).toMatch(/children/);
    expect(why['13,612']).toMatch(/women/);
    expect(why['352']).toMatch(/events/);
  });

  it('never drops a number silently: every number is a proposal or listed with a reason', () => {
    const text = 'News ID: 265628\nThe international coalition was formed in 2014. The US pulled its troops out of Iraq in 2011. An agreement between the two countries. The coalition conducted 34,763 strikes between August 2014 and the end of December 2019.';
    const r = read(text);
    expect(r.proposals.map((p) => p.value)).toEqual([34763]);
    expect(r.unplaced.map((u) => u.raw).sort()).toEqual(['2011', '2014', '2014', '2019', '265628', 'two'].sort());
  });
});

describe('who claims it', () => {
  it('takes the entity beside a reporting verb or "according to"', () => {
    const p = only('Coalition air strikes have killed more than 2,800 civilians, according to monitoring group Airwars.');
    expect(p.claimant).toBe('airwars');
    expect(p.how.find((h) => h.startsWith('claimant'))).toMatch(/Airwars/);
  });

  it('reaches the claimant through a publication or an actor the data relates to it', () => {
    expect(only('"Out of the 45 completed casualty allegation reports," the monthly report said.', { published: '2020-02-13' }).claimant).toBe('cjtf-oir');
    const p = only('The coalition conducted 34,763 strikes between August 2014 and the end of December 2019.');
    expect(p.claimant).toBe('cjtf-oir');
    expect(p.subject).toBe('us-led-coalition');
  });

  it('falls back to --claimant, then to what the data says, and says which', () => {
    const given = only('The US currently has more than 5,000 forces in Iraq.', { claimant: 'kuna', published: '2020-02-14' });
    expect(given.claimant).toBe('kuna');
    expect(given.how.find((h) => h.startsWith('claimant'))).toMatch(/--claimant/);
    const prior = only('Out of the 52 completed casualty allegation reports, none were credible.', { published: '2020-01-02' });
    expect(prior.claimant).toBe('cjtf-oir');
    expect(prior.how.find((h) => h.startsWith('claimant'))).toMatch(/figures in data\/ are cjtf-oir's/);
  });
});

describe('periods', () => {
  it('reads a month from an earlier sentence, and assumes one from a monthly series\' rhythm only when none is given', () => {
    const r = read('In December 2019, CJTF-OIR received 41 new reports. A total of 79 reports are still open.', { published: '2020-02-13' });
    expect(r.proposals[1]!.period).toEqual({ start: '2019-12-01', end: '2019-12-31' });
    const alone = only('A total of 182 reports are still open.', { published: '2019-02-01' });
    expect(alone.period).toEqual({ start: '2018-12-01', end: '2018-12-31', uncertain: true });
    expect(alone.notes).toMatch(/monthly rhythm/);
  });

  it('gives a running toll the campaign start the data uses, and the end the words say', () => {
    const p = only('CJTF-OIR assesses at least 1,370 civilians have been unintentionally killed between August 2014 and the end of December 2019.');
    expect(p.period).toEqual({ start: '2014-08', end: '2019-12-31' });
    expect(p.as_of).toBe('2019-12-31');
  });
});

describe('a headline and its body are one figure', () => {
  it('keeps the most explicit reading and notes the other lines', () => {
    const r = read(
      'US-led coalition admits killing at least 1,370 civilians\n\nThe coalition conducted 34,763 strikes between August 2014 and the end of December 2019. During this period, CJTF-OIR assesses at least 1,370 civilians have been unintentionally killed.',
      { published: '2020-02-14' },
    );
    const tolls = r.proposals.filter((p) => p.value === 1370);
    expect(tolls).toHaveLength(1);
    expect(tolls[0]!.line).toBe(3);
    expect(tolls[0]!.also).toEqual([1]);
    expect(tolls[0]!.period).toEqual({ start: '2014-08', end: '2019-12-31' });
  });
});

describe('checks against data/', () => {
  // A month the data does not hold (March 2020), from a report that does not add up, plus one
  // figure the data holds and one it holds with another value.
  const report = [
    'Published: 2020-04-30',
    'In March 2020, CJTF-OIR carried over 100 open reports from previous months and received 20 new reports.',
    'Out of the 30 completed casualty allegation reports, two reports were determined to be credible and resulted in 5 unintentional civilian deaths.',
    'Another 27 reports were determined to be non-credible and one was a duplicate of a previous report.',
    'A total of 95 reports are still open.',
    'CJTF-OIR assesses at least 1,390 civilians have been unintentionally killed by coalition actions between August 2014 and the end of March 2020.',
    'In December 2019, CJTF-OIR carried over 82 open reports from previous months.',
    'In November 2019, CJTF-OIR received 48 new reports.',
  ].join('\n');

  it('flags the arithmetic, skips a figure already there, flags a conflicting one, and the draft validates', () => {
    const run = draftReport(data.ctx, data.files, report, {
      draftName: 'data/draft.yaml',
      input: 'march-2020.txt',
      schemaPath: './schema/fact-file.schema.json',
      sourceUrl: 'https://kuwaitnewsgazette.com/coalition-march-2020',
    });
    expect(run.draft.source.publisher).toBe('kuwait-news-gazette');
    const messages = run.arithmetic.map((a) => a.message);
    expect(messages).toContain('2020-03: carried over 100 + new 20 − completed 30 = 90, but the report gives 95 still open');
    expect(messages.some((m) => /2020-03: cumulative 1,377 \(2020-02\) \+ 5 added since = 1,382, but the report gives 1,390/.test(m))).toBe(true);
    const dup = run.checks.find((c) => c.proposal.value === 82)!;
    expect(dup.duplicate?.fact.id).toBe('cjtf-oir-reports-carried-over-2019-12');
    const conflict = run.checks.find((c) => c.proposal.value === 48)!;
    expect(conflict.conflicts.map((m) => m.fact.id)).toEqual(['cjtf-oir-reports-new-2019-11']);
    expect(run.draft.facts.map((f) => f.fact.value)).not.toContain(82);
    expect(run.yaml).toMatch(/# {3}- line 7: 82 reports_carried_over = cjtf-oir-reports-carried-over-2019-12 \(data\/cjtf-oir\/[\w.-]+\.yaml:\d+\)/);
    expect(run.yaml).toMatch(/CONFLICT: data\/ has 47 for the same claimant, metric and period in cjtf-oir-reports-new-2019-11/);
    expect(run.yaml).toMatch(/ARITHMETIC: 2020-03: carried over 100/);
    expect(run.valid).toBe(true);
    expect(run.summary.at(-1)).toMatch(/loads with data/);
  });

  it('writes every figure as the schema wants it, unconfirmed and a draft, with how each field was read', () => {
    const run = draftReport(data.ctx, data.files, report, { draftName: 'data/draft.yaml', input: 'march-2020.txt' });
    const file = load(run.yaml) as { sources: { id: string; published: string }[]; facts: Record<string, unknown>[] };
    expect(file.sources[0]!.published).toBe('2020-04-30');
    expect(file.facts.length).toBe(run.draft.facts.length);
    for (const f of file.facts) {
      expect(f.draft).toBe(true);
      expect(f.status).toBe('unconfirmed');
      expect(String(f.id)).toMatch(/^draft-/);
    }
    for (const h of ['metric', 'value', 'qualifier', 'claimant', 'subject', 'places', 'verb']) expect(run.yaml).toMatch(new RegExp(`# {3}${h}[ :]`));
  });

  it('marks a claimant nothing named or suggested, and the validation says what to fix', () => {
    const run = draftReport(data.ctx, data.files, 'The US currently has about 5,000 forces in Iraq.', { draftName: 'data/draft.yaml', input: 'troops.txt', published: '2020-01-05' });
    expect(run.yaml).toMatch(/claimant: unknown {2}# FIXME/);
    expect(run.valid).toBe(false);
    expect(run.problems.some((p) => /claimant "unknown" is not an entity id/.test(p.message))).toBe(true);
  });
});
