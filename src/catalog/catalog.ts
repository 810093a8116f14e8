// The immutable catalog every answer is computed from. It is built once per successful load and
// swapped whole, so a reader never sees half of one version and half of another.
import { createHash } from 'node:crypto';
import type { Entity, Evidence, Fact, Source } from './schema.ts';
import { sourceDate } from './doubt.ts';
import { runToEnd, type Steps } from './slices.ts';
import { normalise } from './normalise.ts';
import { entityRelations, type FamilyDef, type MetricDef, type Relation, type StopWordList } from './vocabulary.ts';

/** Where a record came from, for messages that send a moderator to the right line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

export interface Catalog {
  readonly entities: ReadonlyMap<string, Entity>;
  readonly sources: ReadonlyMap<string, Source>;
  /** In file order (files sorted by path). */
  readonly facts: readonly Fact[];
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly origins: ReadonlyMap<string, Origin>;
  /** Content hash of the data: changes whenever any file does. */
  readonly version: string;
  readonly files: readonly string[];
  /** The metric vocabulary (data/vocabulary.yaml), in file order. Read one with `metricDef`. */
  readonly metrics: ReadonlyMap<string, MetricDef>;
  readonly families: ReadonlyMap<string, FamilyDef>;
  /** Stop words of every language, normalised (see normalise.ts) → the language listing it first. */
  readonly stopWords: ReadonlyMap<string, string>;
  /** Every relation edge the entities declare (part_of, campaign_of, command_of, publishes). */
  readonly relations: readonly Relation[];
}

export interface CatalogParts {
  entities: readonly Entity[];
  sources: readonly Source[];
  facts: readonly Fact[];
  origins?: ReadonlyMap<string, Origin>;
  files?: readonly string[];
  version?: string;
  /** The vocabulary, named as in a fact file so a parsed FactFile can be spread in. */
  metrics?: readonly MetricDef[];
  families?: readonly FamilyDef[];
  stop_words?: readonly StopWordList[];
}

/** Assumes the parts were validated (see load.ts); builds the maps and freezes everything. */
export function createCatalog(parts: CatalogParts): Catalog {
  return runToEnd(createCatalogSteps(parts));
}

export function* createCatalogSteps(parts: CatalogParts): Steps<Catalog> {
  const pool = new Map<string, string>();
  const facts: Fact[] = [];
  for (const f of parts.facts) {
    facts.push(frozenCopy(f, pool));
    if (facts.length % 200 === 0) yield;
  }
  const entities: Entity[] = [];
  for (const e of parts.entities) {
    entities.push(frozenCopy(e, pool));
    if (entities.length % 200 === 0) yield;
  }
  const sources: Source[] = [];
  for (const x of parts.sources) {
    sources.push(frozenCopy(x, pool));
    if (sources.length % 200 === 0) yield;
  }
  const origins = new Map<string, Origin>();
  for (const [id, o] of parts.origins ?? []) {
    origins.set(own(id, pool), frozenCopy(o, pool));
    if (origins.size % 1000 === 0) yield;
  }
  const metrics = new Map<string, MetricDef>();
  for (const m of parts.metrics ?? []) metrics.set(own(m.id, pool), frozenCopy(m, pool));
  const families = new Map<string, FamilyDef>();
  for (const f of parts.families ?? []) families.set(own(f.id, pool), frozenCopy(f, pool));
  const stopWords = new Map<string, string>();
  for (const list of parts.stop_words ?? []) {
    for (const w of list.words) {
      const key = normalise(w);
      if (key !== '' && !stopWords.has(key)) stopWords.set(own(key, pool), own(list.lang, pool));
    }
  }
  const relations = Object.freeze(entities.flatMap((e) => entityRelations(e).map((r) => Object.freeze(r))));
  yield;
  const catalog: Catalog = {
    entities: new Map(entities.map((e) => [e.id, e])),
    sources: new Map(sources.map((x) => [x.id, x])),
    facts: Object.freeze(facts),
    factsById: new Map(facts.map((f) => [f.id, f])),
    origins,
    version: parts.version ?? hashParts(parts),
    files: Object.freeze([...(parts.files ?? [])]),
    metrics,
    families,
    stopWords,
    relations,
  };
  return Object.freeze(catalog);
}

/**
 * The relay chain of a source, nearest first: the article, the wire it cites, the primary report.
 * Stops at a cycle or a missing link rather than looping; validation reports those separately.
 */
export function sourceChain(catalog: Catalog, sourceId: string): Source[] {
  const chain: Source[] = [];
  const seen = new Set<string>();
  let id: string | undefined = sourceId;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const source = catalog.sources.get(id);
    if (!source) break;
    chain.push(source);
    id = source.via;
  }
  return chain;
}

/**
 * The chain behind one quote: its source, then what the passage relays. That is the evidence's own
 * `via` when set (an article recalling an earlier report), else the source's relay chain.
 */
export function evidenceChain(catalog: Catalog, evidence: Evidence): Source[] {
  const chain = sourceChain(catalog, evidence.source);
  if (evidence.via === undefined || chain.length === 0) return chain;
  const relayed = sourceChain(catalog, evidence.via).filter((s) => s.id !== chain[0]!.id);
  return [chain[0]!, ...relayed];
}

/** The date a fact speaks for: as_of, else the end of its period, else its start. */
export function factDate(fact: Fact): string | undefined {
  return fact.as_of ?? fact.period?.end ?? fact.period?.start;
}

/** Latest publication date among a fact's evidence; undated sources do not count. */
export function factPublished(catalog: Catalog, fact: Fact): string | undefined {
  let best: string | undefined;
  for (const e of fact.evidence) {
    const source = catalog.sources.get(e.source);
    const p = source && sourceDate(source);
    if (p !== undefined && (best === undefined || p > best)) best = p;
  }
  return best;
}

function hashParts(parts: CatalogParts): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([parts.entities, parts.sources, parts.facts]));
  // Only when given, so a catalog without a vocabulary keeps the version it always had.
  if (parts.metrics || parts.families || parts.stop_words) h.update(JSON.stringify([parts.families, parts.metrics, parts.stop_words]));
  return h.digest('hex').slice(0, 12);
}

/**
 * A frozen deep copy whose strings belong to the catalog. YAML parsers hand out slices of the file
 * text, and one slice kept alive keeps its whole file in memory: at 10,000 facts, 5 MB of file
 * text, plus 3 MB of repeats such as "current" or "syria" stored once per fact. `pool` makes equal
 * strings one string for the catalog's lifetime.
 */
function frozenCopy<T>(value: T, pool: Map<string, string>): T {
  if (typeof value === 'string') return own(value, pool) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i], pool);
    return Object.freeze(out) as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = frozenCopy((value as Record<string, unknown>)[k], pool);
    // Assigning __proto__ would set the prototype; defining it keeps it data, as it was.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return Object.freeze(out) as T;
}

/** V8 copies shorter substrings instead of slicing them. */
const MIN_SLICE_LENGTH = 13;

function own(s: string, pool: Map<string, string>): string {
  let mine = pool.get(s);
  if (mine === undefined) {
    // A JSON round trip builds a fresh string, and keeps lone surrogates, unlike a UTF-8 one.
    mine = s.length < MIN_SLICE_LENGTH ? s : (JSON.parse(JSON.stringify(s)) as string);
    // Keyed by the copy: a slice as the key would keep the file text alive through the pool.
    pool.set(mine, mine);
  }
  return mine;
}
