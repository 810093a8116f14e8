// Free-text search over figures ("syrian refugees", "us troops iraq", "13,159"): each query word is
// matched against the vocabulary, the matched terms are mapped to facts through the inverted index,
// and a fact scores by how many query words it accounts for and how well.
import { normalise } from '../catalog/normalise.ts';
import type { Fact } from '../catalog/schema.ts';
import { extractNumbers } from './query.ts';
import { withPrefix, type Role, type SearchIndex } from './index.ts';

export interface FactHit {
  readonly fact: Fact;
  readonly score: number;
  /** Query words (and numbers) this fact accounts for. */
  readonly covered: number;
}

export interface FactSearch {
  readonly hits: readonly FactHit[];
  /** Words and numbers in the query after stop words. */
  readonly wanted: number;
  readonly numbers: readonly number[];
}

/** A subject or metric named in the query says more about the figure than an outlet that relayed it. */
const ROLE_WEIGHT: Record<Role, number> = { subject: 1, metric: 1, claimant: 0.9, place: 0.9, source: 0.6 };

/** Matched vocabulary for one query word: term key → match quality in (0, 1]. */
export function matchWord(index: SearchIndex, word: string): Map<string, number> {
  const out = new Map<string, number>();
  const offer = (vocab: string, quality: number): void => {
    for (const t of index.wordTerms.get(vocab) ?? []) out.set(t, Math.max(out.get(t) ?? 0, quality));
  };
  offer(word, 1);
  // Short words are better served by prefixes than by fuzzy matching, which finds everything.
  for (const w of withPrefix(index.sortedWords, word, (x) => x, 50)) if (w !== word) offer(w, word.length >= 3 ? 0.8 : 0.5);
  // A word the vocabulary holds as it is was meant as it is: its near spellings are other words
  // ("reports" is not "report"), and looking for them is most of a long question's cost.
  if (word.length >= 3 && !index.wordTerms.has(word)) {
    for (const r of index.wordFuse.search(word, { limit: 20 })) {
      const q = 1 - (r.score ?? 1);
      if (r.item !== word && q > 0.55) offer(r.item, q * 0.9);
    }
  }
  return out;
}

/**
 * `perTerm` caps how many of a matched term's facts (newest first) are scored: autocomplete offers
 * 25 lines on every keystroke and can skip the long tail of a broad word such as "syria".
 */
export function searchFacts(index: SearchIndex, text: string, limit = 200, perTerm = Infinity): FactSearch {
  const { numbers, rest } = extractNumbers(text);
  // Stop words are data (catalog.stopWords, from data/vocabulary.yaml).
  const stopWords = index.catalog.stopWords;
  const qWords = [...new Set(normalise(rest).split(' '))].filter((w) => w !== '' && !stopWords.has(w));
  // Facts are scored by their position in newest-first order, in flat arrays: a broad word such as
  // "syria" reaches most of a large catalog, and Maps keyed by fact cost far more per touch. The
  // arrays belong to the index and are handed back zeroed, so a keystroke allocates nothing in
  // proportion to the catalog.
  const { score, covered, best, touched: touchedBuf, inWord, keys: keysBuf } = scratchFor(index);
  let touchedCount = 0;
  try {
    const rankOf = (f: Fact): number => index.newestRank.get(f)!;
    const credit = (rank: number, amount: number): void => {
      if (covered[rank] === 0) touchedBuf[touchedCount++] = rank;
      score[rank]! += amount;
      covered[rank]! += 1;
    };

    for (const n of numbers) for (const f of index.factsByValue.get(n) ?? []) credit(rankOf(f), 2);

    for (const w of qWords) {
      let inWordCount = 0;
      for (const [term, quality] of matchWord(index, w)) {
        const roles = index.factRanks.get(term);
        if (!roles) continue;
        for (const [role, ranks] of roles) {
          const q = quality * ROLE_WEIGHT[role];
          const n = Math.min(ranks.length, perTerm);
          for (let i = 0; i < n; i++) {
            const r = ranks[i]!;
            const b = best[r]!;
            if (b === 0) inWord[inWordCount++] = r;
            if (b < q) best[r] = q;
          }
        }
      }
      for (let i = 0; i < inWordCount; i++) {
        const r = inWord[i]!;
        credit(r, best[r]!);
        best[r] = 0;
      }
    }

    const hits = topHits(touchedBuf.subarray(0, touchedCount), covered, score, index.newestFirst, index.columns.statusRank, keysBuf, limit);
    return { hits, wanted: qWords.length + numbers.length, numbers };
  } finally {
    for (let i = 0; i < touchedCount; i++) {
      const r = touchedBuf[i]!;
      score[r] = 0;
      covered[r] = 0;
    }
  }
}

interface Scratch {
  readonly score: Float64Array;
  readonly covered: Uint16Array;
  readonly best: Float64Array;
  /** Positions touched so far, and those one query word touched: each position at most once, so n suffices. */
  readonly touched: Int32Array;
  readonly inWord: Int32Array;
  readonly keys: Float64Array;
}

const scratches = new WeakMap<SearchIndex, Scratch>();

function scratchFor(index: SearchIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    const n = index.newestFirst.length;
    s = { score: new Float64Array(n), covered: new Uint16Array(n), best: new Float64Array(n), touched: new Int32Array(n), inWord: new Int32Array(n), keys: new Float64Array(n) };
    scratches.set(index, s);
  }
  return s;
}

/**
 * The best `limit` hits: most query words covered, then best score, then current before disputed
 * before superseded, then newest. Only the covered levels that can reach the top are ranked, by
 * one numeric key in a typed array, and only the keys that can make the cut are sorted, as a broad
 * query can touch every fact in the catalog.
 */
function topHits(touched: Int32Array, covered: Uint16Array, score: Float64Array, order: readonly Fact[], status: Uint8Array, keys: Float64Array, limit: number): FactHit[] {
  // The covered levels present (a few: at most one per query word and number), highest first.
  const levels: number[] = [];
  for (let i = 0; i < touched.length; i++) {
    const c = covered[touched[i]!]!;
    if (!levels.includes(c)) levels.push(c);
  }
  levels.sort((a, b) => b - a);
  const n = order.length;
  const out: FactHit[] = [];
  for (const c of levels) {
    if (out.length >= limit) break;
    // Keys go in the index's scratch array: a broad word touches thousands of figures per keystroke.
    let m = 0;
    for (let i = 0; i < touched.length; i++) {
      const r = touched[i]!;
      if (covered[r] !== c) continue;
      // Scores are sums of match qualities (≤ 2 per query word, ≤ 100 words): 4 decimals suffice.
      const inverted = Math.round((SCORE_CEILING - Math.min(score[r]!, SCORE_CEILING)) * 1e4);
      keys[m++] = (inverted * 3 + status[r]!) * n + r;
    }
    for (const k of smallestSorted(keys.subarray(0, m), limit - out.length)) {
      const r = k % n;
      out.push({ fact: order[r]!, score: score[r]!, covered: c });
    }
  }
  return out;
}

/** The `k` smallest keys in ascending order; reorders `keys`. Keys are distinct (each ends in a rank). */
export function smallestSorted(keys: Float64Array, k: number): Float64Array {
  if (k <= 0) return keys.subarray(0, 0);
  if (k < keys.length) {
    // Quickselect: afterwards keys[0..k) hold the k smallest, in no particular order.
    let lo = 0;
    let hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const pivot = median3(keys[lo]!, keys[mid]!, keys[hi]!);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (keys[i]! < pivot) i++;
        while (keys[j]! > pivot) j--;
        if (i <= j) {
          const t = keys[i]!;
          keys[i] = keys[j]!;
          keys[j] = t;
          i++;
          j--;
        }
      }
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else break;
    }
  }
  return keys.subarray(0, Math.min(k, keys.length)).sort();
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

const SCORE_CEILING = 200;

/**
 * Facts whose value, or either end of a range, starts with the typed digits: the value typed so
 * far first, then the values closest to it in length, smaller first, and each value's figures
 * newest first. Only the returned facts are touched, so a fact-checker's keystroke costs the
 * digits' matches in the sorted value list, not the catalog.
 */
export function factsWithValuePrefix(index: SearchIndex, digits: string, max: number): Fact[] {
  if (digits === '' || max <= 0) return [];
  const values = withPrefix(index.valueTexts, digits, (x) => x)
    .sort((a, b) => a.length - b.length || Number(a) - Number(b))
    .map(Number);
  const out: Fact[] = [];
  const seen = new Set<Fact>();
  for (const v of values) {
    for (const f of index.factsByValue.get(v) ?? []) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
      if (out.length >= max) return out;
    }
  }
  return out;
}
