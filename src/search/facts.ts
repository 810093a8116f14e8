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

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'by', 'for', 'to', 'and', 'how', 'many', 'what', 'is', 'are', 'was', 'were', 'did', 'does', 'from', 'with', 'at']);

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
  if (word.length >= 3) {
    for (const r of index.wordFuse.search(word, { limit: 20 })) {
      const q = 1 - (r.score ?? 1);
      if (r.item !== word && q > 0.55) offer(r.item, q * 0.9);
    }
  }
  return out;
}

export function searchFacts(index: SearchIndex, text: string, limit = 200): FactSearch {
  const { numbers, rest } = extractNumbers(text);
  const qWords = [...new Set(normalise(rest).split(' '))].filter((w) => w !== '' && !STOP_WORDS.has(w));
  const scores = new Map<Fact, { score: number; covered: number }>();
  const credit = (fact: Fact, amount: number): void => {
    const s = scores.get(fact);
    if (s) {
      s.score += amount;
      s.covered += 1;
    } else scores.set(fact, { score: amount, covered: 1 });
  };

  for (const n of numbers) for (const f of index.factsByValue.get(n) ?? []) credit(f, 2);

  for (const w of qWords) {
    const perFact = new Map<Fact, number>();
    for (const [term, quality] of matchWord(index, w)) {
      const roles = index.facts.get(term);
      if (!roles) continue;
      for (const [role, facts] of roles) {
        const q = quality * ROLE_WEIGHT[role];
        for (const f of facts) if ((perFact.get(f) ?? 0) < q) perFact.set(f, q);
      }
    }
    for (const [f, q] of perFact) credit(f, q);
  }

  const hits = [...scores].map(([fact, s]) => ({ fact, score: s.score, covered: s.covered }));
  const rank = (f: Fact): number => index.newestRank.get(f) ?? Infinity;
  hits.sort((a, b) => b.covered - a.covered || b.score - a.score || statusRank(a.fact) - statusRank(b.fact) || rank(a.fact) - rank(b.fact));
  return { hits: hits.slice(0, limit), wanted: qWords.length + numbers.length, numbers };
}

function statusRank(f: Fact): number {
  return f.status === 'current' ? 0 : f.status === 'superseded' ? 2 : 1;
}
