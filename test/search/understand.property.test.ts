// Properties of query understanding over arbitrary input: it never throws, its work is bounded by
// the number of tokens, no word is silently dropped, numbers survive their separators, Arabic-Indic
// and Persian digits read as their ASCII twins, and a known name is never left over.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../src/search/index.ts';
import { tokenize } from '../../src/search/tokens.ts';
import { understand, type Understood } from '../../src/search/understand.ts';
import { understandingCatalog } from '../fixtures/understanding.ts';

const catalog = understandingCatalog();
const index = buildSearchIndex(catalog);
const lex = index.lexicon;

/** Pieces questions are made of: vocabulary, time words, stop words, numbers, noise, other scripts. */
const vocabularyWords = [...lex.phrases.keys()];
const pieces = fc.oneof(
  fc.constantFrom(...vocabularyWords),
  fc.constantFrom('in', 'since', 'before', 'by the end of', 'as of', 'latest', 'December', 'كانون الأول', 'ديسمبر', 'décembre', 'between', 'and', 'from', 'to', 'منذ', 'fin'),
  fc.constantFrom(...lex.stopWords.keys()),
  fc.integer({ min: 0, max: 3_000_000 }).map(String),
  fc.integer({ min: 1900, max: 2100 }).map(String),
  fc.constantFrom('2019-12', '12/2019', '2015–2017', '13,159', '5.6 million', '1 370', "coalition's", "l'Irak", 'U.S.', 'IS', '٢٠١٩', '۱۳۷۰'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const questions = fc
  .array(pieces, { maxLength: 14 })
  .chain((ps) => fc.constantFrom(' ', ', ', '-', '  ', '\n').map((sep) => ps.join(sep).slice(0, 100)));
const anyText = fc.oneof(questions, fc.string({ maxLength: 100 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }));

describe('understand over arbitrary input', () => {
  it('handles any input of up to 100 characters without throwing, with work bounded by its tokens', () => {
    // Per token: the phrase look-ups of two passes, the time grammar's few, and at most one
    // comparison with each vocabulary word when a word is corrected.
    const vocabularySize = [...lex.wordsByLength.values()].reduce((n, l) => n + l.length, 0);
    const perToken = 2 * (lex.maxPhraseWords + 1) + 40 + vocabularySize;
    fc.assert(
      fc.property(anyText, (text) => {
        const x = understand(index, text);
        expect(x.tokens.length).toBeLessThanOrEqual(text.length);
        expect(x.lookups).toBeLessThanOrEqual(perToken * x.tokens.length + 5);
      }),
      { numRuns: 600 },
    );
  });

  it('puts every token to one use: a non-stop word is used or left over, and every leftover is named once', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const x = understand(index, text);
        const leftoverStarts = new Set<number>();
        for (const t of x.tokens) {
          expect(['time', 'entity', 'place', 'metric', 'number', 'stop', 'leftover']).toContain(t.use);
          if (t.use === 'stop') expect(lex.stopWords.has(t.norm)).toBe(true);
          if (t.use === 'leftover') leftoverStarts.add(t.start);
        }
        expect(x.leftover).toHaveLength(leftoverStarts.size);
        expect(x.leftover).toEqual(x.tokens.filter((t, i, all) => t.use === 'leftover' && all.findIndex((o) => o.use === 'leftover' && o.start === t.start) === i).map((t) => t.text));
        // Mentions, numbers and times account for exactly the tokens marked so.
        const named = x.tokens.filter((t) => t.use === 'number').length;
        expect(x.numbers).toHaveLength(named);
        if (x.tokens.some((t) => t.use === 'time')) expect(x.times.length).toBeGreaterThan(0);
      }),
      { numRuns: 600 },
    );
  });

  it('reads a number written with any separators as the same number', () => {
    const seps = ['', ',', ' ', '\u00a0', '\u202f', '\u2009'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(...seps), (n, sep) => {
        const written = sep === '' ? String(n) : n.toLocaleString('en-US').replace(/,/g, sep);
        const x = understand(index, `strikes ${written}`, { yearIsTime: () => false });
        expect(x.numbers.map((m) => m.value)).toEqual([n]);
        expect(x.leftover).toEqual([]);
      }),
    );
  });

  it('reads Arabic-Indic and Persian digits as their ASCII twins', () => {
    const twins = (text: string, zero: number): string => text.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));
    const project = (x: Understood) => ({
      entities: x.entities.map((e) => e.id),
      places: x.places.map((p) => p.id),
      metrics: x.metrics.map((m) => `${m.metric}/${m.family}`),
      times: x.times.map((t) => [t.kind, t.start, t.end]),
      numbers: x.numbers.map((n) => n.value),
      stopWords: x.stopWords,
      leftover: x.leftover,
    });
    fc.assert(
      fc.property(questions, (text) => {
        const ascii = project(understand(index, text));
        expect(project(understand(index, twins(text, 0x0660)))).toEqual(ascii);
        expect(project(understand(index, twins(text, 0x06f0)))).toEqual(ascii);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a known name over: added to any question, its words are used', () => {
    const names = [...catalog.entities.values()].flatMap((e) => [e.name, ...e.aliases]).filter((n) => tokenize(n).every((t) => t.kind === 'word'));
    fc.assert(
      fc.property(questions, fc.constantFrom(...names), (text, name) => {
        const question = `${text} ${name}`;
        const x = understand(index, question);
        const at = question.length - name.length;
        for (const t of x.tokens) if (t.start >= at) expect(['entity', 'place', 'metric', 'time', 'stop'], `${name} in ${JSON.stringify(question)}`).toContain(t.use);
      }),
      { numRuns: 400 },
    );
  });
});
