// The search index: built once per catalog (at start-up and on reload), never inside a handler.
// Fuzzy matching runs over the distinct vocabulary (names, aliases, metric labels, source titles),
// not over fact records, so its cost grows with the vocabulary and not with the number of figures;
// inverted indexes map a matched term back to the facts.
import { figureColumnsSteps, leadPositionsSteps, type FigureColumns } from './lead.ts';
import type { FuseResult } from 'fuse.js';
import type { Catalog } from '../catalog/catalog.ts';
import { factDate } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';
import type { Fact } from '../catalog/schema.ts';
import { runToEnd, type Steps } from '../catalog/slices.ts';
import { buildLexicon, type Lexicon } from './lexicon.ts';
import { createPrefilteredFuse, type FuzzySearcher } from './prefiltered-fuse.ts';

export type TermKind = 'entity' | 'metric' | 'source';

/** Something a query can name: an entity, a metric or a source record. */
export interface Term {
  readonly key: string;
  readonly kind: TermKind;
  readonly id: string;
  readonly label: string;
}

/** One spelling of a term, normalised. */
export interface NameEntry {
  readonly text: string;
  readonly term: string;
  /** The spelling as written, to show "(Air Wars)" when an alias matched. */
  readonly display: string;
}

export type Role = 'subject' | 'claimant' | 'place' | 'metric' | 'source';

export interface SearchIndex {
  readonly catalog: Catalog;
  readonly terms: ReadonlyMap<string, Term>;
  /** Normalised spelling (and its space-free form) → term keys. */
  readonly exact: ReadonlyMap<string, readonly string[]>;
  readonly names: readonly NameEntry[];
  /** `names` sorted by text, for prefix look-ups by binary search. */
  readonly sortedNames: readonly NameEntry[];
  readonly nameFuse: FuzzySearcher<NameEntry>;
  readonly words: readonly string[];
  readonly sortedWords: readonly string[];
  readonly wordFuse: FuzzySearcher<string>;
  readonly wordTerms: ReadonlyMap<string, ReadonlySet<string>>;
  /** term key → role → facts, newest first. */
  readonly facts: ReadonlyMap<string, ReadonlyMap<Role, readonly Fact[]>>;
  readonly factsByValue: ReadonlyMap<number, readonly Fact[]>;
  /** The keys of `factsByValue` as written by String(), sorted, for look-ups by leading digits. */
  readonly valueTexts: readonly string[];
  /** entity id → ids of entities that are part of it, transitively, itself included. */
  readonly descendants: ReadonlyMap<string, ReadonlySet<string>>;
  /** `facts` as positions in `newestFirst`, for free-text search's tight loops. */
  readonly factRanks: ReadonlyMap<string, ReadonlyMap<Role, Int32Array>>;
  /** Every fact, newest first; `newestRank` gives a fact's position here. */
  readonly newestFirst: readonly Fact[];
  /** Position of each fact in newest-first order, so hot paths sort by a number. */
  readonly newestRank: ReadonlyMap<Fact, number>;
  /** By newest position: where a figure stands in the lead order (src/search/lead.ts); lower leads. */
  readonly leadPos: Int32Array;
  /** The inverse of leadPos: the newest position of the figure at each lead position. */
  readonly byLeadPos: Int32Array;
  /** By newest position: groups, tiers, headline flags and place sets (src/search/lead.ts). */
  readonly columns: FigureColumns;
  /** Phrases, stop words, relation reaches and years for query understanding (understand.ts). */
  readonly lexicon: Lexicon;
}

export const entityKey = (id: string): string => `entity:${id}`;
export const metricKey = (id: string): string => `metric:${id}`;
export const sourceKey = (id: string): string => `source:${id}`;

/** A spelling not worth showing as "(matched …)": the label itself or the id. */
export function isOwnName(term: Term, display: string): boolean {
  const n = normalise(display);
  return n === normalise(term.label) || n === normalise(term.id);
}

export const compact = (normalised: string): string => normalised.replace(/ /g, '');

export function buildSearchIndex(catalog: Catalog): SearchIndex {
  return runToEnd(buildSearchIndexSteps(catalog));
}

/** buildSearchIndex in steps (see src/catalog/slices.ts), for a reload that must not stall answers. */
export function* buildSearchIndexSteps(catalog: Catalog): Steps<SearchIndex> {
  const terms = new Map<string, Term>();
  const names: NameEntry[] = [];
  const add = (term: Term, spellings: readonly string[]): void => {
    terms.set(term.key, term);
    const seen = new Set<string>();
    for (const s of spellings) {
      const text = normalise(s);
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      names.push({ text, term: term.key, display: s });
    }
  };

  for (const e of catalog.entities.values()) {
    add({ key: entityKey(e.id), kind: 'entity', id: e.id, label: e.name }, [e.name, ...e.aliases, e.id]);
  }
  // The metric vocabulary is data (catalog.metrics). A word naming a whole family ("civcas") finds
  // the family's first headline metric here, where a look-up wants one metric; a family with no
  // headline metric (report counts) keeps its words to itself rather than pick one arbitrarily.
  // Query understanding (understand.ts) reports the family itself.
  const familyWords = new Map<string, string[]>();
  for (const f of catalog.families.values()) {
    const lead = [...catalog.metrics.values()].find((m) => m.family === f.id && m.headline);
    if (lead) familyWords.set(lead.id, [...f.synonyms]);
  }
  for (const m of catalog.metrics.values()) {
    add({ key: metricKey(m.id), kind: 'metric', id: m.id, label: m.label }, [m.label, m.id, ...m.synonyms, ...(familyWords.get(m.id) ?? [])]);
  }
  for (const s of catalog.sources.values()) {
    add({ key: sourceKey(s.id), kind: 'source', id: s.id, label: s.title }, [s.title, s.id]);
    if (terms.size % 200 === 0) yield;
  }

  const exact = new Map<string, string[]>();
  const pushExact = (k: string, term: string): void => {
    const list = exact.get(k);
    if (!list) exact.set(k, [term]);
    else if (!list.includes(term)) list.push(term);
  };
  const wordTerms = new Map<string, Set<string>>();
  for (const n of names) {
    pushExact(n.text, n.term);
    pushExact(compact(n.text), n.term);
    // Source titles are long prose; their words would drown the vocabulary in noise.
    if (n.term.startsWith('source:')) continue;
    for (const w of n.text.split(' ')) {
      let set = wordTerms.get(w);
      if (!set) wordTerms.set(w, (set = new Set()));
      set.add(n.term);
    }
  }

  const facts = new Map<string, Map<Role, Fact[]>>();
  const link = (term: string, role: Role, fact: Fact): void => {
    let roles = facts.get(term);
    if (!roles) facts.set(term, (roles = new Map()));
    const list = roles.get(role);
    if (!list) roles.set(role, [fact]);
    else if (list.at(-1) !== fact) list.push(fact);
  };
  const factsByValue = new Map<number, Fact[]>();
  const byValue = (n: number, f: Fact): void => {
    const list = factsByValue.get(n);
    if (!list) factsByValue.set(n, [f]);
    // Facts arrive one at a time, so a repeat can only be the last one pushed (a range with min = max).
    else if (list.at(-1) !== f) list.push(f);
  };
  yield;
  const newestFirst = sortNewestFirst(catalog.facts);
  yield;
  const newestRank = new Map(newestFirst.map((f, i) => [f, i]));
  for (const [i, f] of newestFirst.entries()) {
    if (i % 200 === 0) yield;
    link(entityKey(f.subject), 'subject', f);
    link(entityKey(f.claimant), 'claimant', f);
    for (const p of f.places) link(entityKey(p), 'place', f);
    link(metricKey(f.metric), 'metric', f);
    for (const e of f.evidence) {
      // A figure cites its article and, through `via`, every source behind it, and their publishers.
      const seen = new Set<string>();
      for (let id: string | undefined = e.source; id !== undefined && !seen.has(id); ) {
        seen.add(id);
        const s = catalog.sources.get(id);
        link(sourceKey(id), 'source', f);
        if (!s) break;
        link(entityKey(s.publisher), 'source', f);
        id = s.via;
      }
    }
    if (typeof f.value === 'number') byValue(f.value, f);
    else {
      byValue(f.value.min, f);
      byValue(f.value.max, f);
    }
  }

  const descendants = new Map<string, Set<string>>();
  for (const e of catalog.entities.values()) {
    const seen = new Set<string>();
    for (let id: string | undefined = e.id; id !== undefined && !seen.has(id); id = catalog.entities.get(id)?.part_of) {
      seen.add(id);
      let set = descendants.get(id);
      if (!set) descendants.set(id, (set = new Set()));
      set.add(e.id);
    }
  }

  yield;
  const factRanks = new Map<string, Map<Role, Int32Array>>();
  let ranked = 0;
  for (const [term, roles] of facts) {
    const byRole = new Map<Role, Int32Array>();
    for (const [role, list] of roles) {
      const ranks = new Int32Array(list.length);
      for (let i = 0; i < list.length; i++) ranks[i] = newestRank.get(list[i]!)!;
      byRole.set(role, ranks);
      ranked += list.length;
    }
    factRanks.set(term, byRole);
    // A broad term (a metric, a country) links most of the catalog: slice by links, not by terms.
    if (ranked >= 5000) {
      ranked = 0;
      yield;
    }
  }
  yield;
  const columns = yield* figureColumnsSteps(catalog, newestFirst);
  const leadPos = yield* leadPositionsSteps(columns, newestFirst);
  const byLeadPos = new Int32Array(leadPos.length);
  for (let i = 0; i < leadPos.length; i++) byLeadPos[leadPos[i]!] = i;
  const words = [...wordTerms.keys()];
  const sortedNames = [...names].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  yield;
  // Fuzzy matching covers the names people type (entities, metrics), not source titles: there is
  // one source per article, so titles would make every keystroke's cost grow with the data.
  // Titles and source ids still match exactly and by prefix through `exact` and `sortedNames`.
  const nameFuse = createPrefilteredFuse(
    names.filter((n) => !n.term.startsWith('source:')),
    (n) => n.text,
    { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.5 },
  );
  yield;
  const wordFuse = createPrefilteredFuse(words, (w) => w, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
  yield;
  const valueTexts = [...factsByValue.keys()].map(String).sort();
  yield;
  const withRole = (role: Role): Set<string> => {
    const ids = new Set<string>();
    for (const [term, roles] of facts) if (term.startsWith('entity:') && roles.has(role)) ids.add(term.slice('entity:'.length));
    return ids;
  };
  const lexicon = buildLexicon({ catalog, subjects: withRole('subject'), claimants: withRole('claimant'), publishers: withRole('source') });
  yield;
  return {
    catalog,
    terms,
    exact,
    names,
    sortedNames,
    nameFuse,
    words,
    sortedWords: [...words].sort(),
    wordFuse,
    wordTerms,
    facts,
    factsByValue,
    valueTexts,
    descendants,
    factRanks,
    newestFirst,
    newestRank,
    leadPos,
    byLeadPos,
    columns,
    lexicon,
  };
}

/** Newest first by the date a figure speaks for, then by id so the order is stable. */
export function sortNewestFirst(facts: readonly Fact[]): Fact[] {
  return [...facts].sort(compareNewestFirst);
}

export function compareNewestFirst(a: Fact, b: Fact): number {
  const da = factDate(a) ?? '';
  const db = factDate(b) ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Facts linked to a term in any of the given roles, newest first, without duplicates. */
export function factsFor(index: SearchIndex, term: string, roles: readonly Role[]): Fact[] {
  const byRole = index.facts.get(term);
  if (!byRole) return [];
  const out = new Set<Fact>();
  for (const r of roles) for (const f of byRole.get(r) ?? []) out.add(f);
  return roles.length === 1 ? [...out] : sortNewestFirst([...out]);
}

/**
 * Whole names within fuzzy reach of a normalised query. fuse.js's cost grows with the pattern and
 * a name is rarely longer than 32 characters (its bitap pattern size), so longer queries are cut
 * there. Results are remembered per index: autocomplete asks again as the same query is submitted.
 */
export function fuzzyNames(index: SearchIndex, q: string): readonly FuseResult<NameEntry>[] {
  const pattern = q.slice(0, MAX_FUZZY_PATTERN).trim();
  let cache = fuzzyCache.get(index);
  if (!cache) fuzzyCache.set(index, (cache = new Map()));
  let hits = cache.get(pattern);
  if (!hits) {
    hits = index.nameFuse.search(pattern, { limit: 50 });
    if (cache.size >= FUZZY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, hits);
  }
  return hits;
}

const MAX_FUZZY_PATTERN = 32;
const FUZZY_CACHE_SIZE = 1000;
const fuzzyCache = new WeakMap<SearchIndex, Map<string, readonly FuseResult<NameEntry>[]>>();

/** Entries of a sorted list whose text starts with `prefix`. */
export function withPrefix<T>(sorted: readonly T[], prefix: string, text: (t: T) => string, max = Infinity): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (text(sorted[mid]!) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && out.length < max; i++) {
    const t = sorted[i]!;
    if (!text(t).startsWith(prefix)) break;
    out.push(t);
  }
  return out;
}
