// The benchmark's pure pieces (bench/): percentiles, the seeded generator and the query mix. The
// benchmark itself (`npm run bench`) is not part of `npm test`; these only keep its harness honest.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load.ts';
import { normalise } from '../../src/catalog/normalise.ts';
import { generateCatalog, prng } from '../../bench/generate.ts';
import { buildQueryMix, misspell, QUERY_MIX } from '../../bench/queries.ts';
import { loadShipped, type Shipped } from '../../bench/shipped.ts';
import { percentile, summarise } from '../../bench/stats.ts';

describe('percentile', () => {
  it('is nearest-rank over unsorted samples', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile(xs, 11)).toBe(2);
  });

  it('p99 of 200 samples is the second largest', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(xs, 99)).toBe(198);
    expect(summarise(xs)).toMatchObject({ n: 200, p50Ms: 100, p99Ms: 198, maxMs: 200 });
  });

  it('is NaN without samples and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNaN();
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = prng(42);
    const b = prng(42);
    const c = prng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('misspells with one or two edits, never the first letter', () => {
    const rng = prng(1);
    for (let i = 0; i < 200; i++) {
      const word = 'Syrian Observatory';
      const typos = (i % 2) + 1;
      const w = misspell(rng, word, typos);
      expect(w[0]).toBe('S');
      expect(editDistance(w, word)).toBeLessThanOrEqual(typos * 2); // a swap counts as two edits here
      expect(w).not.toBe('');
    }
  });
});

describe('synthetic catalogs', () => {
  let shipped: Shipped;
  beforeAll(async () => {
    shipped = await loadShipped();
  });

  const make = (facts: number, seed = 7) =>
    generateCatalog({ facts, seed, base: shipped.files, baseFacts: shipped.facts, vocabulary: shipped.vocabulary, factsPerFile: 50 });

  it('are deterministic for a seed', () => {
    const a = make(shipped.facts + 120);
    const b = make(shipped.facts + 120);
    expect(a.files.map((f) => f.file)).toEqual(b.files.map((f) => f.file));
    expect(a.files.map((f) => Buffer.from(f.bytes).toString('utf8'))).toEqual(b.files.map((f) => Buffer.from(f.bytes).toString('utf8')));
    const c = make(shipped.facts + 120, 8);
    expect(c.files.map((f) => Buffer.from(f.bytes).toString('utf8'))).not.toEqual(a.files.map((f) => Buffer.from(f.bytes).toString('utf8')));
  });

  it('load and validate like real data, with the wanted number of facts, from the shipped vocabulary', () => {
    const g = make(shipped.facts + 300);
    expect(g.generated).toBe(300);
    const r = buildCatalog(g.files);
    if (!r.ok) throw new Error(`generated catalog rejected: ${JSON.stringify(r.errors.slice(0, 3), null, 1)}`);
    expect(r.catalog.facts).toHaveLength(shipped.facts + 300);
    // Only the shipped entities: the vocabulary is the real one.
    const shippedCatalog = buildCatalog(shipped.files);
    expect(shippedCatalog.ok && [...shippedCatalog.catalog.entities.keys()]).toEqual([...r.catalog.entities.keys()]);
    const v = shipped.vocabulary;
    for (const f of r.catalog.facts) {
      expect(r.catalog.entities.has(f.subject)).toBe(true);
      expect(r.catalog.entities.has(f.claimant)).toBe(true);
    }
    // One file per report, each well under the loader's size limit.
    expect(g.files.length).toBe(shipped.files.length + 6);
    expect(v.places.length).toBeGreaterThan(0);
  });

  it('scale to 100,000 facts within the loader’s file count', () => {
    const g = generateCatalog({ facts: 100_000, base: [], baseFacts: 0, vocabulary: shipped.vocabulary });
    expect(g.files.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...g.files.map((f) => f.bytes.byteLength))).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('query mix', () => {
  it('is fixed for the vocabulary, of every kind, and big enough for a p99', async () => {
    const { vocabulary } = await loadShipped();
    const a = buildQueryMix(vocabulary);
    expect(buildQueryMix(vocabulary)).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(200);
    for (const [kind, n] of Object.entries(QUERY_MIX)) expect(a.filter((q) => q.kind === kind)).toHaveLength(n);
    const aliases = new Set(vocabulary.aliases.map(normalise));
    for (const q of a.filter((x) => x.kind === 'exact')) expect(aliases.has(normalise(q.text))).toBe(true);
    for (const q of a.filter((x) => x.kind === 'typo')) expect(aliases.has(normalise(q.text))).toBe(false);
    for (const q of a) expect(q.text.length).toBeLessThanOrEqual(100);
  });
});

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}
