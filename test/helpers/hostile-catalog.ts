// Hostile catalogs for property tests: very long names, hundreds of figures on one subject,
// mentions and markdown everywhere. Shared by the payload-limit and the markdown property tests.
import fc from 'fast-check';
import { createCatalog } from '../../src/catalog/catalog.ts';
import { FactFile, METRICS, Qualifier, FactStatus, EntityKind, SourceKind } from '../../src/catalog/schema.ts';

export const HOSTILE = ['@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '**bold**', '__u__', '~~s~~', '`', '```', '||spoiler||', '> quote', '# head', '[link](https://evil.example)', '\\', 'داعش', '👩‍👩‍👧', '\u0000', '\n', ')', 'https://x.example/)'];
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
export const text = (max: number) =>
  fc
    .array(piece, { minLength: 1, maxLength: 12 })
    .chain((parts) => fc.integer({ min: 1, max: 40 }).map((rep) => parts.join(' ').repeat(rep % 7 === 0 ? 40 : 1)))
    .map((s) => {
      let t = s.slice(0, max);
      if (/[\ud800-\udbff]$/.test(t)) t = t.slice(0, -1);
      return t.trim() === '' ? 'x' : t;
    });

const metricIds = Object.keys(METRICS) as (keyof typeof METRICS)[];

export const catalogArb = fc
  .record({
    nEntities: fc.integer({ min: 2, max: 12 }),
    nSources: fc.integer({ min: 1, max: 8 }),
    nFacts: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constant(300)),
    names: fc.array(text(200), { minLength: 12, maxLength: 12 }),
    aliases: fc.array(fc.array(text(100), { maxLength: 3 }), { minLength: 12, maxLength: 12 }),
    titles: fc.array(text(300), { minLength: 8, maxLength: 8 }),
    urlLen: fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 8, maxLength: 8 }),
    verbs: fc.array(text(40), { minLength: 4, maxLength: 4 }),
    notes: text(1000),
    seed: fc.integer(),
  })
  .map((r) => {
    const rnd = mulberry(r.seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const entities = Array.from({ length: r.nEntities }, (_, i) => ({
      id: `e${i}`,
      kind: pick(EntityKind.options),
      name: r.names[i]!,
      aliases: r.aliases[i]!,
      description: r.notes.slice(0, 300),
    }));
    const sources = Array.from({ length: r.nSources }, (_, i) => ({
      id: `s${i}`,
      kind: pick(SourceKind.options),
      publisher: `e${Math.floor(rnd() * r.nEntities)}`,
      title: r.titles[i]!,
      // Doubts too: an undated page, a worked-out date, a publisher that is a working assumption.
      published: rnd() < 0.15 ? 'undated' : `20${10 + Math.floor(rnd() * 15)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      ...(rnd() < 0.3 ? { published_inferred: true } : {}),
      ...(rnd() < 0.3 ? { attribution: 'unverified' as const, attribution_note: r.notes.slice(0, 300) } : {}),
      ...(r.urlLen[i]! > 0 ? { url: `https://example.org/${'a)'.repeat(r.urlLen[i]! / 2)}` } : {}),
      ...(i > 0 && rnd() < 0.5 ? { via: `s${i - 1}` } : {}),
      notes: r.notes,
    }));
    const facts = Array.from({ length: r.nFacts }, (_, i) => {
      const qualifier = pick(Qualifier.options);
      const v = Math.floor(rnd() * 1e7);
      return {
        id: `f${i}`,
        metric: r.nFacts === 300 ? 'civilian_deaths' : pick(metricIds),
        subject: r.nFacts === 300 ? 'e0' : `e${Math.floor(rnd() * r.nEntities)}`,
        claimant: `e${Math.floor(rnd() * r.nEntities)}`,
        places: rnd() < 0.5 ? [`e${Math.floor(rnd() * r.nEntities)}`] : [],
        period: { start: '2014-08', end: `20${15 + Math.floor(rnd() * 9)}-12-31`, ...(rnd() < 0.2 ? { uncertain: true } : {}) },
        value: qualifier === 'range' ? { min: v, max: v + 1000 } : v,
        qualifier,
        verb: pick(r.verbs),
        evidence: [{ source: `s${Math.floor(rnd() * r.nSources)}`, quote: 'q' }],
        status: pick(FactStatus.options),
        notes: r.notes,
      };
    });
    return createCatalog(FactFile.parse({ entities, sources, facts }));
  });

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

