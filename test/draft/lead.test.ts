// Issue 15, item 3: a figure with `draft: true` (proposed by `npm run draft`, not yet reviewed) is
// served nowhere as a lead figure, and is marked "draft" where it shows. The flag is in the schema,
// so a draft file validates; removing it is the moderator's review.
import { describe, expect, it } from 'vitest';
import { createCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { Fact, FactFile, type FactFileInput } from '../../src/catalog/schema.ts';
import { compareForLead, toFigure } from '../../src/answers/figure.ts';
import { factsAnswer, sourceAnswer } from '../../src/answers/lists.ts';
import { leadOrder, questionAnswer } from '../../src/answers/question.ts';
import { casualtiesAnswer } from '../../src/answers/casualties.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { searchFacts } from '../../src/search/facts.ts';
import { understand } from '../../src/search/understand.ts';
import { figureLines } from '../../src/render/layout.ts';
import { fixtureInput } from '../fixtures/catalog.ts';

type FactInput = NonNullable<FactFileInput['facts']>[number];

/** A CJTF-OIR toll newer than every figure of the fixture, so only the draft flag can keep it from leading. */
const newest = (over: Partial<FactInput> = {}): FactInput => ({
  id: 'cjtf-draft-2020-06',
  metric: 'civilian_deaths',
  subject: 'us-led-coalition',
  claimant: 'cjtf-oir',
  places: ['iraq', 'syria'],
  period: { start: '2014-08', end: '2020-06-30' },
  as_of: '2020-06-30',
  value: 1500,
  qualifier: 'at_least',
  verb: 'assesses',
  evidence: [{ source: 'cjtf-oir-report-2019-12', quote: 'at least 1,500 civilians' }],
  // Current, so that only the draft flag tells the two catalogs apart (a draft is also unconfirmed).
  status: 'current',
  ...over,
});

function catalogWith(fact: FactInput): Catalog {
  const file = FactFile.parse({ ...fixtureInput, facts: [...(fixtureInput.facts ?? []), fact] });
  return createCatalog({ ...file, files: ['fixture.yaml'] });
}

describe('draft: true in the schema', () => {
  it('is a field of a fact, optional, and a boolean', () => {
    expect(Fact.safeParse(newest({ draft: true })).success).toBe(true);
    expect(Fact.safeParse(newest()).success).toBe(true);
    expect(Fact.safeParse({ ...newest(), draft: 'yes' }).success).toBe(false);
  });
});

describe('a draft never leads', () => {
  const drafted = catalogWith(newest({ draft: true }));
  const reviewed = catalogWith(newest());
  const draft = drafted.factsById.get('cjtf-draft-2020-06')!;

  it('ranks after every reviewed figure in both lead orders, however new it is', () => {
    for (const order of [compareForLead(drafted), leadOrder(buildSearchIndex(drafted))]) {
      const sorted = [...drafted.facts].sort(order);
      expect(sorted.at(-1)!.id).toBe(draft.id);
    }
    // Without the flag the same figure leads: the flag alone is what holds it back.
    expect([...reviewed.facts].sort(leadOrder(buildSearchIndex(reviewed)))[0]!.id).toBe('cjtf-draft-2020-06');
  });

  it('does not lead a question answer (/fact, @mention)', () => {
    const ask = (c: Catalog, q: string) => {
      const index = buildSearchIndex(c);
      const a = questionAnswer(index, understand(index, q), q);
      if (a.kind !== 'facts') throw new Error(`expected facts, got ${a.kind}`);
      return a.results.map((r) => r.figure.factId);
    };
    expect(ask(reviewed, 'how many civilians did the coalition kill')[0]).toBe('cjtf-draft-2020-06');
    expect(ask(drafted, 'how many civilians did the coalition kill')[0]).not.toBe('cjtf-draft-2020-06');
  });

  it('does not lead /casualties, a /fact search or /source', () => {
    const index = buildSearchIndex(drafted);
    const c = casualtiesAnswer(index, { subject: 'us-led-coalition' });
    if (c.kind !== 'casualties') throw new Error(c.kind);
    expect(c.sides.map((s) => s.latest.factId)).not.toContain(draft.id);
    const f = factsAnswer(index, 'cjtf-oir', searchFacts(index, 'cjtf-oir'));
    if (f.kind !== 'facts') throw new Error(f.kind);
    expect(f.results[0]!.figure.factId).not.toBe(draft.id);
    const s = sourceAnswer(index, { source: 'cjtf-oir-report-2019-12' });
    if (s.kind !== 'source') throw new Error(s.kind);
    expect(s.figures[0]!.factId).not.toBe(draft.id);
    expect(s.figures.map((x) => x.factId)).toContain(draft.id);
  });

  it('is marked as a draft where it shows', () => {
    const figure = toFigure(drafted, draft);
    expect(figure.draft).toBe(true);
    const text = JSON.stringify(figureLines(figure));
    expect(text).toContain('Draft');
    expect(JSON.stringify(figureLines(toFigure(reviewed, reviewed.factsById.get('cjtf-draft-2020-06')!)))).not.toContain('Draft');
  });
});
