// Autocomplete: ranked exact > prefix of the name > prefix of a word in it > fuzzy, so what the user
// is visibly typing wins over what fuse.js thinks is close. Runs on every keystroke: index only.
import { normalise } from '../catalog/normalise.ts';
import { compact, fuzzyNames, isOwnName, withPrefix, type SearchIndex, type Term, type TermKind } from './index.ts';

export const MAX_CHOICES = 25;
/** Worse fuzzy matches than this are not worth a line in a 25-line list. */
export const FUZZY_CUTOFF = 0.4;

export enum Tier {
  Exact = 0,
  Prefix = 1,
  WordPrefix = 2,
  Fuzzy = 3,
  /** Empty query: the most useful terms for the command. */
  Popular = 4,
}

export interface Completion {
  readonly term: Term;
  readonly tier: Tier;
  readonly score: number;
  /** The spelling that matched, when it is not the label. */
  readonly via?: string;
}

export interface CompleteOptions {
  readonly kinds: readonly TermKind[];
  /** Only these terms are offered (e.g. subjects with figures for /casualties). */
  readonly include?: (term: Term) => boolean;
  /** Tie-breaker within a tier: larger first (e.g. number of figures). */
  readonly weight?: (term: Term) => number;
  readonly max?: number;
}

export function complete(index: SearchIndex, raw: string, opts: CompleteOptions): Completion[] {
  const max = Math.min(opts.max ?? MAX_CHOICES, MAX_CHOICES);
  const ok = (t: Term | undefined): t is Term =>
    t !== undefined && opts.kinds.includes(t.kind) && (opts.include?.(t) ?? true);
  const weight = opts.weight ?? (() => 0);
  const q = normalise(raw);
  const best = new Map<string, Completion>();
  const offer = (termKey: string, tier: Tier, score: number, display?: string): void => {
    const term = index.terms.get(termKey);
    if (!ok(term)) return;
    const prev = best.get(termKey);
    if (prev && (prev.tier < tier || (prev.tier === tier && prev.score <= score))) return;
    const via = display === undefined || isOwnName(term, display) ? undefined : display;
    best.set(termKey, via === undefined ? { term, tier, score } : { term, tier, score, via });
  };

  if (q === '') {
    for (const t of index.terms.values()) offer(t.key, Tier.Popular, 0);
  } else {
    // The spelling matched, to show it: names are sorted, so those written exactly so are found by
    // prefix; only a match without its spaces ("isis" for "is is") needs the whole list.
    const spelledSo = withPrefix(index.sortedNames, q, (e) => e.text, 50).filter((n) => n.text === q);
    for (const k of [...(index.exact.get(q) ?? []), ...(index.exact.get(compact(q)) ?? [])]) {
      const shown = spelledSo.find((n) => n.term === k) ?? index.names.find((n) => n.term === k && (n.text === q || compact(n.text) === compact(q)));
      offer(k, Tier.Exact, 0, shown?.display);
    }
    for (const n of withPrefix(index.sortedNames, q, (e) => e.text, 500)) offer(n.term, Tier.Prefix, n.text.length, n.display);
    for (const w of withPrefix(index.sortedWords, q, (x) => x, 200)) {
      for (const k of index.wordTerms.get(w) ?? []) offer(k, Tier.WordPrefix, w.length);
    }
    // Fuzzy guesses on one or two letters are noise, and once the exact and prefix tiers fill the
    // list a fuzzy guess could not make it in.
    if (q.length >= 3 && best.size < max) {
      for (const r of fuzzyNames(index, q)) {
        if ((r.score ?? 1) <= FUZZY_CUTOFF) offer(r.item.term, Tier.Fuzzy, r.score ?? 1, r.item.display);
      }
    }
  }
  // Weights are looked up once per candidate, not per comparison: a one-letter prefix offers hundreds.
  return [...best.values()]
    .map((c) => ({ c, w: weight(c.term) }))
    .sort((a, b) => a.c.tier - b.c.tier || a.c.score - b.c.score || b.w - a.w || (a.c.term.label < b.c.term.label ? -1 : a.c.term.label > b.c.term.label ? 1 : 0))
    .slice(0, max)
    .map((x) => x.c);
}
