// Facts as figures: the record joined with the names and sources it refers to, ready to word.
import { factDate, factPublished, sourceChain, type Catalog } from '../catalog/catalog.ts';
import type { Fact, Source } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import type { EntityRef, Figure, SourceRef } from './model.ts';

export function entityRef(catalog: Catalog, id: string): EntityRef {
  const e = catalog.entities.get(id);
  // A dangling id is a validation error elsewhere; here it still has to read as something.
  return e ? { id, name: e.name, short: shortName(e.name, e.aliases), kind: e.kind } : { id, name: id, short: id, kind: 'unknown' };
}

const LONG_NAME = 24;
const ACRONYM = /^[\p{Lu}\d][\p{Lu}\d&.\-– ]{1,11}$/u;

/** "Combined Joint Task Force – Operation Inherent Resolve" reads as "CJTF-OIR" in a sentence: the first acronym alias. */
export function shortName(name: string, aliases: readonly string[]): string {
  if (name.length <= LONG_NAME) return name;
  // Curators list the preferred spelling first ("CJTF-OIR" before "CJTFOIR").
  return aliases.find((a) => ACRONYM.test(a)) ?? name;
}

export function sourceRef(catalog: Catalog, s: Source): SourceRef {
  const ref = { id: s.id, title: s.title, kind: s.kind, publisher: entityRef(catalog, s.publisher), published: s.published };
  return s.url === undefined ? ref : { ...ref, url: s.url };
}

export function toFigure(catalog: Catalog, f: Fact): Figure {
  const m = metricDef(catalog, f.metric);
  const date = factDate(f);
  const published = factPublished(catalog, f);
  return {
    factId: f.id,
    metric: f.metric,
    metricLabel: m.label,
    unit: m.unit,
    value: f.value,
    qualifier: f.qualifier,
    verb: f.verb,
    status: f.status,
    subject: entityRef(catalog, f.subject),
    claimant: entityRef(catalog, f.claimant),
    places: f.places.map((p) => entityRef(catalog, p)),
    citations: f.evidence.map((e) => ({
      chain: sourceChain(catalog, e.source).map((s) => sourceRef(catalog, s)),
      quote: e.quote,
      ...(e.locator === undefined ? {} : { locator: e.locator }),
    })),
    ...(f.period === undefined ? {} : { period: f.period }),
    ...(f.as_of === undefined ? {} : { asOf: f.as_of }),
    ...(date === undefined ? {} : { date }),
    ...(published === undefined ? {} : { published }),
    ...(f.series === undefined ? {} : { series: f.series }),
    ...(f.notes === undefined ? {} : { notes: f.notes }),
  };
}

/** Is the partial date `d` on or before the partial date `limit` (compared at the coarser precision)? */
export function onOrBefore(d: string, limit: string): boolean {
  const n = Math.min(d.length, limit.length);
  return d.slice(0, n) <= limit.slice(0, n);
}
