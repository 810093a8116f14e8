// The maps query understanding reads, built once per catalog with the search index (never inside a
// handler): every spelling of an entity, metric or metric family as a phrase of normalised words;
// the stop words; for each entity, the nearest entities with figures about them or claimed by them,
// reached through relation edges (OIR → the coalition; the monthly report → CJTF-OIR); the places
// each place lies in; and the years some figure speaks for.
import type { Catalog } from '../catalog/catalog.ts';
import { earliest, latest } from '../catalog/dates.ts';
import { normalise } from '../catalog/normalise.ts';
import type { EntityKind, Fact } from '../catalog/schema.ts';
import { languageOf, type RelationKind } from '../catalog/vocabulary.ts';

/** What a phrase names. `display` is the spelling as the data writes it. */
export type Named =
  | { readonly kind: 'entity'; readonly id: string; readonly entityKind: EntityKind; readonly display: string; readonly lang?: string }
  | { readonly kind: 'metric'; readonly id: string; readonly family: string; readonly display: string; readonly lang?: string }
  | { readonly kind: 'family'; readonly id: string; readonly display: string; readonly lang?: string };

/** One relation edge as walked: `reverse` when it was followed from its target to its source. */
export interface Step {
  readonly from: string;
  readonly relation: RelationKind;
  readonly to: string;
  readonly reverse: boolean;
}

/** An entity reached from the one named, and the edges walked to get there (none: itself). */
export interface Reach {
  readonly id: string;
  readonly named: string;
  readonly path: readonly Step[];
}

export interface EntityReaches {
  /** Nearest entities with figures about them (itself first if it has any). */
  readonly subjects: readonly Reach[];
  /** Nearest entities that claim figures. */
  readonly claimants: readonly Reach[];
  /** Whether sources it published cite figures (an outlet, a publisher). */
  readonly publishes: boolean;
}

export interface Lexicon {
  /** Normalised phrase → what it names. One owner per phrase (the loader rejects collisions). */
  readonly phrases: ReadonlyMap<string, Named>;
  /** Every leading run of words of a phrase ("islamic", "islamic state", …): matching stops extending a phrase as soon as it leaves this set. */
  readonly prefixes: ReadonlySet<string>;
  /** Space-free forms of multi-word phrases ("cjtfoir"), for a name typed without its spaces. */
  readonly compact: ReadonlyMap<string, Named>;
  /** The most words any phrase has: how far matching looks ahead. */
  readonly maxPhraseWords: number;
  /** Single words of the phrases (no stop words, no digits), by length: what a typo is corrected to. */
  readonly wordsByLength: ReadonlyMap<number, readonly string[]>;
  /** Normalised stop word → language. */
  readonly stopWords: ReadonlyMap<string, string>;
  readonly reaches: ReadonlyMap<string, EntityReaches>;
  /** Place id → the places it lies in, nearest first (Mosul → Iraq). */
  readonly broader: ReadonlyMap<string, readonly string[]>;
  /** Years that some figure's period or date touches: a four-digit year that fits one is time. */
  readonly years: ReadonlySet<number>;
}

/** How far relation edges are followed: enough for "monthly report → CJTF-OIR → coalition". */
const MAX_DEPTH = 3;
/** A figure spanning more years than this (a bad date) does not mark every year in between. */
const MAX_SPAN_YEARS = 60;

export interface LexiconInputs {
  readonly catalog: Catalog;
  /** Entity ids with figures about them, claimed by them, or citing sources they published. */
  readonly subjects: ReadonlySet<string>;
  readonly claimants: ReadonlySet<string>;
  readonly publishers: ReadonlySet<string>;
}

export function buildLexicon({ catalog, subjects, claimants, publishers }: LexiconInputs): Lexicon {
  const phrases = new Map<string, Named>();
  const prefixes = new Set<string>();
  const compact = new Map<string, Named>();
  let maxPhraseWords = 1;
  const add = (text: string, named: Named): void => {
    const key = normalise(text);
    if (key === '' || phrases.has(key)) return;
    phrases.set(key, named);
    const words = key.split(' ');
    maxPhraseWords = Math.max(maxPhraseWords, words.length);
    let prefix = '';
    for (const w of words) prefixes.add((prefix = prefix === '' ? w : `${prefix} ${w}`));
    if (words.length > 1 && !compact.has(words.join(''))) compact.set(words.join(''), named);
  };
  const lang = (l: string | undefined): { lang?: string } => (l === undefined ? {} : { lang: l });

  for (const e of catalog.entities.values()) {
    const base = { kind: 'entity' as const, id: e.id, entityKind: e.kind };
    add(e.name, { ...base, display: e.name });
    for (const a of e.aliases) add(a, { ...base, display: a, ...lang(languageOf(e.alias_languages, a)) });
    add(e.id, { ...base, display: e.name });
  }
  for (const m of catalog.metrics.values()) {
    const base = { kind: 'metric' as const, id: m.id, family: m.family };
    add(m.label, { ...base, display: m.label });
    add(m.id, { ...base, display: m.label });
    for (const s of m.synonyms) add(s, { ...base, display: s, ...lang(languageOf(m.synonym_languages, s)) });
  }
  for (const f of catalog.families.values()) {
    for (const s of f.synonyms) add(s, { kind: 'family', id: f.id, display: s, ...lang(languageOf(f.synonym_languages, s)) });
  }

  // Relation edges, walkable both ways.
  const edges = new Map<string, Step[]>();
  const edge = (at: string, step: Step): void => {
    const list = edges.get(at);
    if (list) list.push(step);
    else edges.set(at, [step]);
  };
  for (const r of catalog.relations) {
    edge(r.from, { from: r.from, relation: r.kind, to: r.to, reverse: false });
    edge(r.to, { from: r.to, relation: r.kind, to: r.from, reverse: true });
  }
  const wordsByLength = new Map<number, string[]>();
  for (const w of new Set([...phrases.keys()].flatMap((p) => p.split(' ')))) {
    if (w.length < 3 || /\d/.test(w) || catalog.stopWords.has(w)) continue;
    const list = wordsByLength.get(w.length);
    if (list) list.push(w);
    else wordsByLength.set(w.length, [w]);
  }
  for (const list of wordsByLength.values()) list.sort();
  const reaches = new Map<string, EntityReaches>();
  for (const e of catalog.entities.values()) {
    if (e.kind === 'place') continue;
    reaches.set(e.id, {
      subjects: nearest(e.id, subjects, edges),
      claimants: nearest(e.id, claimants, edges),
      publishes: publishers.has(e.id),
    });
  }

  const broader = new Map<string, string[]>();
  for (const e of catalog.entities.values()) {
    if (e.kind !== 'place') continue;
    const chain: string[] = [];
    const seen = new Set([e.id]);
    for (let id = e.part_of; id !== undefined && !seen.has(id); id = catalog.entities.get(id)?.part_of) {
      seen.add(id);
      chain.push(id);
    }
    broader.set(e.id, chain);
  }

  return { phrases, prefixes, compact, maxPhraseWords, wordsByLength, stopWords: catalog.stopWords, reaches, broader, years: yearsOf(catalog.facts) };
}

/**
 * Breadth-first over relation edges from `start`: every entity in `wanted` at the smallest depth
 * that has any, each with the first path found (edges in data order, so the result is stable).
 */
function nearest(start: string, wanted: ReadonlySet<string>, edges: ReadonlyMap<string, readonly Step[]>): Reach[] {
  if (wanted.has(start)) return [{ id: start, named: start, path: [] }];
  const seen = new Set([start]);
  let frontier: { id: string; path: Step[] }[] = [{ id: start, path: [] }];
  for (let depth = 1; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
    const next: { id: string; path: Step[] }[] = [];
    const found: Reach[] = [];
    for (const f of frontier) {
      for (const step of edges.get(f.id) ?? []) {
        if (seen.has(step.to)) continue;
        seen.add(step.to);
        const path = [...f.path, step];
        next.push({ id: step.to, path });
        if (wanted.has(step.to)) found.push({ id: step.to, named: start, path });
      }
    }
    if (found.length > 0) return found;
    frontier = next;
  }
  return [];
}

function yearsOf(facts: readonly Fact[]): Set<number> {
  const years = new Set<number>();
  for (const f of facts) {
    const from = f.period?.start ?? f.as_of ?? f.period?.end;
    const to = f.as_of ?? f.period?.end ?? f.period?.start;
    if (from === undefined || to === undefined) continue;
    const a = Number(earliest(from).slice(0, 4));
    const b = Number(latest(to).slice(0, 4));
    if (!(b >= a) || b - a > MAX_SPAN_YEARS) {
      years.add(b);
      continue;
    }
    for (let y = a; y <= b; y++) years.add(y);
  }
  return years;
}
