// Turning a typed name into one entity (or source, or metric): an exact look-up first, then fuzzy
// matching over the vocabulary. A clear winner is answered directly; a close race is handed back
// as candidates so the user chooses, because guessing wrong on a contested figure is worse than asking.
import { normalise } from '../catalog/normalise.ts';
import { compact, fuzzyNames, isOwnName, withPrefix, type SearchIndex, type Term, type TermKind } from './index.ts';

export interface Candidate {
  readonly term: Term;
  /** 0 is a perfect match, 1 no match (fuse.js convention). */
  readonly score: number;
  /** The spelling that matched, when it is not the term's own label. */
  readonly via?: string;
}

export type Resolution =
  | { readonly kind: 'found'; readonly term: Term; readonly exact: boolean }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'none'; readonly suggestions: readonly Candidate[] };

export interface ResolveOptions {
  readonly kinds: readonly TermKind[];
  /** Terms worth offering for this command (e.g. entities with civilian-death figures). */
  readonly relevant?: (term: Term) => boolean;
}

/** How far ahead of the runner-up a fuzzy match must be to be answered without asking. */
const CLEAR_LEAD = 0.12;
/** A fuzzy match worse than this is a suggestion, never an answer. */
const ANSWERABLE = 0.4;
/**
 * A name this short that matched neither exactly nor as the start of a name is a suggestion only:
 * one edit turns one acronym into another ("bbc" is not "BCNN1").
 */
const SHORT = 4;
const PREFIX_SCORE = 0.05;
export const MAX_SUGGESTIONS = 5;

export function resolve(index: SearchIndex, raw: string, opts: ResolveOptions): Resolution {
  const allowed = (t: Term | undefined): t is Term => t !== undefined && opts.kinds.includes(t.kind);

  // Autocomplete sends ids back as values; honour them before anything fuzzy.
  const trimmed = raw.trim();
  for (const kind of opts.kinds) {
    const t = index.terms.get(`${kind}:${trimmed}`);
    if (t) return { kind: 'found', term: t, exact: true };
  }

  const q = normalise(trimmed);
  const exactKeys = new Set([...(index.exact.get(q) ?? []), ...(index.exact.get(compact(q)) ?? [])]);
  const exact = [...exactKeys].map((k) => index.terms.get(k)).filter(allowed);
  if (exact.length === 1) return { kind: 'found', term: exact[0]!, exact: true };
  if (exact.length > 1) {
    const ranked = rankRelevantFirst(exact.map((term) => ({ term, score: 0 })), opts.relevant);
    const relevant = opts.relevant ? ranked.filter((c) => opts.relevant!(c.term)) : ranked;
    if (relevant.length === 1) return { kind: 'found', term: relevant[0]!.term, exact: true };
    return { kind: 'ambiguous', candidates: ranked.slice(0, MAX_SUGGESTIONS) };
  }

  const candidates = fuzzyCandidates(index, q, opts);
  const best = candidates[0];
  if (!best) return { kind: 'none', suggestions: [] };
  const second = candidates[1];
  if (compact(q).length <= SHORT && best.score > PREFIX_SCORE) return { kind: 'none', suggestions: candidates.slice(0, MAX_SUGGESTIONS) };
  if (best.score <= ANSWERABLE && (second === undefined || second.score - best.score >= CLEAR_LEAD)) {
    return { kind: 'found', term: best.term, exact: false };
  }
  if (best.score <= ANSWERABLE) return { kind: 'ambiguous', candidates: candidates.slice(0, MAX_SUGGESTIONS) };
  return { kind: 'none', suggestions: candidates.slice(0, MAX_SUGGESTIONS) };
}

/**
 * Best score per term from fuzzy matches on whole spellings, with prefix matches counted as near
 * perfect (people type the start of a name). Irrelevant terms are demoted, not dropped: a user who
 * names an entity with no figures should hear that, not be steered elsewhere.
 */
export function fuzzyCandidates(index: SearchIndex, q: string, opts: ResolveOptions, limit = 50): Candidate[] {
  const best = new Map<string, Candidate>();
  const offer = (termKey: string, score: number, display: string): void => {
    const term = index.terms.get(termKey);
    if (!term || !opts.kinds.includes(term.kind)) return;
    const adjusted = opts.relevant && !opts.relevant(term) ? Math.min(1, score + 0.25) : score;
    const prev = best.get(termKey);
    if (prev && prev.score <= adjusted) return;
    const via = isOwnName(term, display) ? undefined : display;
    best.set(termKey, via === undefined ? { term, score: adjusted } : { term, score: adjusted, via });
  };
  if (q.length >= 2) {
    for (const n of withPrefix(index.sortedNames, q, (e) => e.text, 200)) offer(n.term, PREFIX_SCORE, n.display);
  }
  for (const r of fuzzyNames(index, q).slice(0, limit)) offer(r.item.term, r.score ?? 1, r.item.display);
  return [...best.values()].sort(byScoreThenLabel);
}

function rankRelevantFirst(list: Candidate[], relevant?: (t: Term) => boolean): Candidate[] {
  const rel = (c: Candidate): number => (relevant && !relevant(c.term) ? 1 : 0);
  return [...list].sort((a, b) => rel(a) - rel(b) || byScoreThenLabel(a, b));
}

function byScoreThenLabel(a: Candidate, b: Candidate): number {
  return a.score - b.score || (a.term.label < b.term.label ? -1 : a.term.label > b.term.label ? 1 : 0);
}
