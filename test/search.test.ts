// Pinned rankings on the hand-made fixture: typical, misspelt and multi-word queries, numbers,
// and the autocomplete tiers. A change that reorders these should be a deliberate one.
import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../src/search/index.ts';
import { resolve } from '../src/search/resolve.ts';
import { searchFacts } from '../src/search/facts.ts';
import { complete, Tier } from '../src/search/complete.ts';
import { checkQuery, extractNumbers } from '../src/search/query.ts';
import { fixtureCatalog } from './fixtures/catalog.ts';

const index = buildSearchIndex(fixtureCatalog());
const entity = (q: string) => resolve(index, q, { kinds: ['entity'] });
const found = (q: string) => {
  const r = entity(q);
  return r.kind === 'found' ? r.term.id : `${r.kind}`;
};

describe('entity resolution', () => {
  it.each([
    ['coalition', 'us-led-coalition'],
    ['Coalition', 'us-led-coalition'],
    ['coalishun', 'us-led-coalition'],
    ['coaliton', 'us-led-coalition'],
    ['Global  Coalition!', 'us-led-coalition'],
    ['air wars', 'airwars'],
    ['Air-Wars', 'airwars'],
    ['airwar', 'airwars'],
    ['cjtf oir', 'cjtf-oir'],
    ['CJTF-OIR', 'cjtf-oir'],
    ['C.J.T.F. OIR', 'cjtf-oir'],
    ['OIR', 'operation-inherent-resolve'],
    ['daesh', 'isis'],
    ["Da'esh", 'isis'],
    ['داعش', 'isis'],
    ['unhrc', 'unhcr'],
    ['siria', 'syria'],
    ['us-led-coalition', 'us-led-coalition'],
  ])('%s → %s', (q, id) => {
    expect(found(q)).toBe(id);
  });

  it('reports exact matches as exact and fuzzy ones as not', () => {
    expect(entity('Airwars')).toMatchObject({ kind: 'found', exact: true });
    expect(entity('coalishun')).toMatchObject({ kind: 'found', exact: false });
  });

  it('offers nothing for gibberish rather than a wild guess', () => {
    expect(entity('xyzzy').kind).toBe('none');
  });

  it('asks when two entities share a spelling', () => {
    const cat = fixtureCatalog({
      entities: [
        { id: 'a', kind: 'actor', name: 'Alpha', aliases: ['Same'], description: 'x' },
        { id: 'b', kind: 'actor', name: 'Beta', aliases: ['Same'], description: 'x' },
      ],
    });
    const r = resolve(buildSearchIndex(cat), 'same', { kinds: ['entity'] });
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates.map((c) => c.term.id).sort()).toEqual(['a', 'b']);
  });
});

describe('free-text fact search', () => {
  const top = (q: string) => searchFacts(index, q).hits[0]?.fact.id;
  it.each([
    ['syrian refugees', 'unhcr-2020-refugees'],
    ['us troops iraq', 'seed-us-troops-iraq'],
    ['coalition strikes', 'cjtf-oir-2019-12-strikes'],
    ['coalishun strikes', 'cjtf-oir-2019-12-strikes'],
    ['sohr death toll', 'sohr-2020-war-deaths'],
    ['13,159', 'airwars-seed-13159'],
    ['1370', 'cjtf-oir-2019-12-civilian-deaths'],
    ['1,370 civilians', 'cjtf-oir-2019-12-civilian-deaths'],
    ['5.6 million', 'unhcr-2020-refugees'],
    ['8,214', 'airwars-2020-01-likely'],
  ])('%s → %s', (q, id) => {
    expect(top(q)).toBe(id);
  });

  it('finds nothing for a number nobody stated', () => {
    const r = searchFacts(index, '1371');
    expect(r.numbers).toEqual([1371]);
    expect(r.hits).toEqual([]);
  });
});

describe('autocomplete ranking', () => {
  const ids = (q: string) => complete(index, q, { kinds: ['entity'] }).map((c) => c.term.id);
  it('puts an exact match first, then prefixes, then fuzzy matches', () => {
    const r = complete(index, 'syria', { kinds: ['entity'] });
    expect(r[0]).toMatchObject({ tier: Tier.Exact });
    expect(r[0]!.term.id).toBe('syria');
    expect(r.map((c) => c.term.id)).toContain('syrian-civil-war');
    const tiers = r.map((c) => c.tier);
    expect([...tiers].sort((a, b) => a - b)).toEqual(tiers);
  });
  it('completes a prefix of an alias and of a word inside a name', () => {
    expect(ids('coal')[0]).toBe('us-led-coalition');
    expect(ids('air')[0]).toBe('airwars');
    expect(ids('inherent')).toContain('operation-inherent-resolve');
  });
  it('still completes misspellings', () => {
    expect(ids('coalishun')[0]).toBe('us-led-coalition');
    expect(ids('unhrc')[0]).toBe('unhcr');
  });
  it('never offers more than 25 choices', () => {
    expect(complete(index, '', { kinds: ['entity', 'source', 'metric'] }).length).toBeLessThanOrEqual(25);
    expect(complete(index, 'a', { kinds: ['entity', 'source', 'metric'] }).length).toBeLessThanOrEqual(25);
  });
});

describe('query checks', () => {
  it('rejects queries shorter than 2 or longer than 100 characters, with a message', () => {
    expect(checkQuery('a')).toMatchObject({ ok: false, message: expect.stringContaining('too short') });
    expect(checkQuery('  a  ')).toMatchObject({ ok: false });
    expect(checkQuery('x'.repeat(101))).toMatchObject({ ok: false, message: expect.stringContaining('too long') });
    expect(checkQuery('x'.repeat(100))).toMatchObject({ ok: true });
    expect(checkQuery('!!')).toMatchObject({ ok: false });
    expect(checkQuery('داعش')).toMatchObject({ ok: true });
  });
  it('lifts numbers out of a query in the forms people write them', () => {
    expect(extractNumbers('as many as 13,159 civilians').numbers).toEqual([13159]);
    expect(extractNumbers('1370').numbers).toEqual([1370]);
    expect(extractNumbers('5.6 million refugees').numbers).toEqual([5600000]);
    expect(extractNumbers('370 000').numbers).toEqual([370000]);
    expect(extractNumbers('370\u00a0000').numbers).toEqual([370000]);
    expect(extractNumbers('us troops').numbers).toEqual([]);
  });
});

import { parseAsOf } from '../src/commands/dates.ts';
describe('as_of dates', () => {
  it.each([
    ['2019', '2019'],
    ['2019-12', '2019-12'],
    ['2019-12-31', '2019-12-31'],
    ['Dec 2019', '2019-12'],
    ['December 2019', '2019-12'],
    ['31 Dec 2019', '2019-12-31'],
    ['2019/2/3', '2019-02-03'],
  ])('%s → %s', (input, iso) => expect(parseAsOf(input)).toBe(iso));
  it.each(['2019-13', '31 Feb 2019', 'soon', 'Decx 2019', ''])('rejects %s', (input) => expect(parseAsOf(input)).toBeUndefined());
});
