// The immutable catalog every answer is computed from. It is built once per successful load and
// swapped whole, so a reader never sees half of one version and half of another.
import { createHash } from 'node:crypto';
import type { Entity, Fact, Source } from './schema.ts';
import { runToEnd, type Steps } from './slices.ts';

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
}

export interface CatalogParts {
  entities: readonly Entity[];
  sources: readonly Source[];
  facts: readonly Fact[];
  origins?: ReadonlyMap<string, Origin>;
  files?: readonly string[];
  version?: string;
}

/** Assumes the parts were validated (see load.ts); builds the maps and freezes everything. */
export function createCatalog(parts: CatalogParts): Catalog {
  return runToEnd(createCatalogSteps(parts));
}

export function* createCatalogSteps(parts: CatalogParts): Steps<Catalog> {
  const facts: Fact[] = [];
  for (const f of parts.facts) {
    facts.push(deepFreeze(f));
    if (facts.length % 200 === 0) yield;
  }
  const catalog: Catalog = {
    entities: new Map(parts.entities.map((e) => [e.id, deepFreeze(e)])),
    sources: new Map(parts.sources.map((s) => [s.id, deepFreeze(s)])),
    facts: Object.freeze(facts),
    factsById: new Map(facts.map((f) => [f.id, f])),
    origins: parts.origins ?? new Map(),
    version: parts.version ?? hashParts(parts),
    files: Object.freeze([...(parts.files ?? [])]),
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

/** The date a fact speaks for: as_of, else the end of its period, else its start. */
export function factDate(fact: Fact): string | undefined {
  return fact.as_of ?? fact.period?.end ?? fact.period?.start;
}

/** Latest publication date among a fact's evidence. */
export function factPublished(catalog: Catalog, fact: Fact): string | undefined {
  let best: string | undefined;
  for (const e of fact.evidence) {
    const p = catalog.sources.get(e.source)?.published;
    if (p !== undefined && (best === undefined || p > best)) best = p;
  }
  return best;
}

function hashParts(parts: CatalogParts): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([parts.entities, parts.sources, parts.facts]));
  return h.digest('hex').slice(0, 12);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
