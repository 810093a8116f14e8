// The prefilter may only skip entries fuse.js would reject: every search must give fuse.js's own
// answer, record for record (items, scores, refIndex, order), for strings and for keyed objects.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import Fuse from 'fuse.js';
import { createPrefilteredFuse } from '../../src/search/prefiltered-fuse.ts';
import { smallestSorted } from '../../src/search/facts.ts';

// A small alphabet so random words share letters and near misses are common; a few characters
// that lowercase to something else, or fall in one bucket (code units 128 apart), for the edges.
const letter = fc.constantFrom(...'aabcdeeilmnorstuy', ' ', 'Q', 'É', 'ā', '\u0101', 'ĩ', '\u00e1', '\u0161', 'İ', '1', '7');
const word = fc.array(letter, { minLength: 1, maxLength: 14 }).map((cs) => cs.join(''));
const typo = (w: string, at: number, kind: number, c: string): string => {
  const i = at % (w.length + 1);
  if (kind === 0) return w.slice(0, i) + c + w.slice(i); // insertion
  if (kind === 1) return w.slice(0, i) + w.slice(i + 1); // deletion
  return w.slice(0, i) + c + w.slice(i + 1); // substitution
};
const options = fc.record({
  threshold: fc.constantFrom(0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8),
  ignoreLocation: fc.boolean(),
  includeScore: fc.constant(true),
});

describe('createPrefilteredFuse', () => {
  it('returns exactly what fuse.js returns over the whole list (strings)', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat(2), letter), { maxLength: 3 }),
        word,
        fc.boolean(),
        options,
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        (docs, pick, typos, random, fromList, opts, limit) => {
          let pattern = fromList ? docs[pick % docs.length]! : random;
          for (const [at, kind, c] of typos) pattern = typo(pattern, at, kind, c);
          const plain = new Fuse(docs, opts).search(pattern, limit === undefined ? undefined : { limit });
          const pre = createPrefilteredFuse(docs, (d) => d, opts).search(pattern, limit === undefined ? undefined : { limit });
          expect(pre).toEqual(plain);
        },
      ),
      { numRuns: runs(1500) },
    );
  });

  it('returns exactly what fuse.js returns over the whole list (objects with one key)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat(2), letter), { maxLength: 3 }),
        options,
        (texts, pick, typos, opts) => {
          const docs = texts.map((text, i) => ({ text, id: i }));
          let pattern = texts[pick % texts.length]!.slice(0, 40);
          for (const [at, kind, c] of typos) pattern = typo(pattern, at, kind, c);
          const o = { ...opts, keys: ['text'] };
          expect(createPrefilteredFuse(docs, (d) => d.text, o).search(pattern, { limit: 50 })).toEqual(new Fuse(docs, o).search(pattern, { limit: 50 }));
        },
      ),
      { numRuns: runs(800) },
    );
  });

  it('still finds the misspellings the bot relies on', () => {
    const words = ['coalition', 'airwars', 'syria', 'iraq', 'refugees', 'casualty', 'reports', 'civilian'];
    const f = createPrefilteredFuse(words, (w) => w, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
    expect(f.search('coalishun')[0]?.item).toBe('coalition');
    expect(f.search('refugess')[0]?.item).toBe('refugees');
    expect(f.search('siria')[0]?.item).toBe('syria');
    expect(f.search('xyzzy')).toEqual([]);
  });

  it('refuses options under which its reasoning does not hold', () => {
    expect(() => createPrefilteredFuse(['a'], (d) => d, { useExtendedSearch: true })).toThrow(/useExtendedSearch/);
    expect(() => createPrefilteredFuse([{ a: 'x', b: 'y' }], (d) => d.a, { keys: ['a', 'b'] })).toThrow(/one key/);
  });
});

describe('smallestSorted', () => {
  it('gives the k smallest keys in ascending order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 400 }), fc.integer({ min: 0, max: 450 }), (xs, k) => {
        const expected = [...xs].sort((a, b) => a - b).slice(0, k);
        expect([...smallestSorted(Float64Array.from(xs), k)]).toEqual(expected);
      }),
      { numRuns: runs(1000) },
    );
  });
});
