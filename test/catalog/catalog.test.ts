// createCatalog keeps frozen copies of what it is given, value for value (lone surrogates and key
// order included), and leaves the caller's objects alone; fast-check over arbitrary JSON-like
// records, since the copy walks whatever the schema lets through.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCatalog } from '../../src/catalog/catalog.ts';
import type { Fact } from '../../src/catalog/schema.ts';

const deepFrozen = (v: unknown): boolean =>
  v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v as object).every(deepFrozen));

describe('createCatalog', () => {
  it('holds deep-frozen copies equal to its input, and does not freeze the input', () => {
    const record = fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), fc.jsonValue(), { maxKeys: 6 });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 5 }), fc.string({ unit: 'binary', minLength: 13 }), (extras, text) => {
        const facts = extras.map((x, i) => ({ ...x, id: `f${i}`, notes: `${text}${i}` })) as unknown as Fact[];
        const c = createCatalog({ entities: [], sources: [], facts, origins: new Map(facts.map((f) => [f.id, { file: 'a.yaml', line: 1 }])) });
        expect(c.facts).toEqual(facts);
        expect(c.facts.map((f) => Object.keys(f))).toEqual(facts.map((f) => Object.keys(f)));
        expect(deepFrozen(c.facts)).toBe(true);
        facts.forEach((f, i) => {
          expect(c.facts[i]).not.toBe(f);
          expect(Object.isFrozen(f)).toBe(false);
          expect(c.factsById.get(f.id)).toBe(c.facts[i]);
          expect(c.origins.get(f.id)).toEqual({ file: 'a.yaml', line: 1 });
        });
      }),
    );
  });

  it('keeps strings a UTF-8 round trip would damage', () => {
    const notes = 'lone \uD800 surrogate, and more than thirteen characters';
    const c = createCatalog({ entities: [], sources: [], facts: [{ id: 'x', notes } as unknown as Fact] });
    expect(c.facts[0]!.notes).toBe(notes);
  });
});
