// Facts as figures: the record joined with the names and sources it refers to, ready to word, with
// the doubts the data records about it (an inferred date, an unverified publisher, an assumed period).
import { evidenceChain, factDate, type Catalog } from '../catalog/catalog.ts';
import { attributionDoubt, factPublication, isDateInferred, isFactDateInferred, isFactUndated, isPeriodUncertain } from '../catalog/doubt.ts';
import type { Fact, Source } from '../catalog/schema.ts';
import { metricDef, type MetricDef } from '../catalog/vocabulary.ts';
import type { Citation, EntityRef, Figure, SourceRef } from './model.ts';

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
  const doubt = attributionDoubt(s);
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    publisher: entityRef(catalog, s.publisher),
    published: s.published,
    ...(isDateInferred(s) ? { publishedInferred: true } : {}),
    ...(doubt === undefined ? {} : { attributionDoubt: doubt }),
    ...(s.url === undefined ? {} : { url: s.url }),
  };
}

/** The family a metric belongs to, named as the vocabulary names it. */
export function familyOf(catalog: Catalog, m: MetricDef): { id: string; label: string } {
  return { id: m.family, label: catalog.families.get(m.family)?.label ?? m.label };
}

const units = new WeakMap<Catalog, Map<string, string>>();

/**
 * The words after the number: the unit when it names the metric ("strikes", "civilians killed");
 * the label when other metrics of the family share the unit, so "43 reports" cannot stand for
 * carried over, new and completed alike ("43 casualty reports carried over"). A graded metric
 * ("likely") takes the wording of its family's ungraded metric: the grade is a label of its own,
 * never a word slipped into the claimant's sentence.
 */
export function sentenceUnit(catalog: Catalog, m: MetricDef): string {
  let memo = units.get(catalog);
  if (!memo) units.set(catalog, (memo = new Map()));
  let u = memo.get(m.id);
  if (u === undefined) {
    u = computeUnit(catalog, m);
    memo.set(m.id, u);
  }
  return u;
}

function computeUnit(catalog: Catalog, m: MetricDef): string {
  const family = [...catalog.metrics.values()].filter((x) => x.family === m.family && x.id !== m.id);
  if (m.grade !== undefined) {
    const base = family.find((x) => x.grade === undefined && x.cumulative === m.cumulative && x.headline === m.headline);
    if (base) return computeUnit(catalog, base);
    const words = m.unit.split(' ').filter((w) => w.toLowerCase() !== m.grade!.toLowerCase());
    return words.length > 0 ? words.join(' ') : m.unit;
  }
  return family.some((x) => x.grade === undefined && x.unit === m.unit) ? m.label : m.unit;
}

/** A figure marked `draft: true` (proposed by `npm run draft`, not yet reviewed): never leads. */
export function isDraft(f: Fact): boolean {
  return f.draft === true;
}

/** What a one-line mention of a figure shows (an autocomplete choice): its headline and date. */
export type FigureHead = Pick<Figure, 'factId' | 'claimant' | 'verb' | 'value' | 'qualifier' | 'unit' | 'grade' | 'date'>;

/** toFigure's headline fields alone, without the citations, places and doubts a full figure works out. */
export function toFigureHead(catalog: Catalog, f: Fact): FigureHead {
  const m = metricDef(catalog, f.metric);
  const date = factDate(f);
  return {
    factId: f.id,
    claimant: entityRef(catalog, f.claimant),
    verb: f.verb,
    value: f.value,
    qualifier: f.qualifier,
    unit: sentenceUnit(catalog, m),
    ...(m.grade === undefined ? {} : { grade: m.grade }),
    ...(date === undefined ? {} : { date }),
  };
}

export function toFigure(catalog: Catalog, f: Fact): Figure {
  const m = metricDef(catalog, f.metric);
  const date = factDate(f);
  const published = factPublication(catalog, f);
  const certainty = isFactUndated(f) ? 'undated' : isFactDateInferred(catalog, f) ? 'inferred' : 'stated';
  let citations: Citation[] | undefined;
  return {
    factId: f.id,
    metric: f.metric,
    metricLabel: m.label,
    unit: sentenceUnit(catalog, m),
    ...(m.grade === undefined ? {} : { grade: m.grade }),
    family: familyOf(catalog, m),
    value: f.value,
    qualifier: f.qualifier,
    verb: f.verb,
    status: f.status,
    subject: entityRef(catalog, f.subject),
    claimant: entityRef(catalog, f.claimant),
    places: f.places.map((p) => entityRef(catalog, p)),
    // Worked out when first read: an autocomplete choice shows 25 headlines and no citation.
    get citations(): readonly Citation[] {
      return (citations ??= f.evidence.map((e) => ({
        // The quote's own chain: an article recalling an earlier report cites that report.
        chain: evidenceChain(catalog, e).map((s) => sourceRef(catalog, s)),
        quote: e.quote,
        ...(e.locator === undefined ? {} : { locator: e.locator }),
      })));
    },
    ...(f.period === undefined ? {} : { period: f.period }),
    ...(f.as_of === undefined ? {} : { asOf: f.as_of }),
    ...(date === undefined ? {} : { date }),
    dateCertainty: certainty,
    ...(isPeriodUncertain(f) ? { periodUncertain: true } : {}),
    ...(published === undefined ? {} : { published: published.date }),
    ...(published?.inferred ? { publishedInferred: true } : {}),
    ...(isDraft(f) ? { draft: true } : {}),
    ...(f.series === undefined ? {} : { series: f.series }),
    ...(f.notes === undefined ? {} : { notes: f.notes }),
  };
}

/**
 * How a fact ranks for "latest" among figures answering one question (negative when `a` leads):
 * 1. a draft never leads;
 * 2. an undated figure never leads over a dated one;
 * 3. a figure neither unconfirmed nor disputed leads over one that is (a claimant's newest figure
 *    still shows, marked, beside the lead);
 * 4. the newer month leads; within one month a stated date leads over one only as sure as a
 *    worked-out publication date or an assumed period (an inferred date leads only when even its
 *    month is later: Airwars' conflict page counted to January 2025 beats its August 2019 article);
 * 5. then the newer full date, the newer publication, and the id, for a stable order.
 */
/** A figure its own data marks as unconfirmed or disputed: shown, marked, but never first. */
export function isInDoubt(f: Fact): boolean {
  return f.status === 'unconfirmed' || f.status === 'disputed';
}

type LeadKey = readonly [number, number, number, string, number, string, string];
/** Each figure's lead key, worked out once: facts are immutable, and one catalog owns each. */
const LEAD_KEYS = new WeakMap<Fact, LeadKey>();

export function compareForLead(catalog: Catalog): (a: Fact, b: Fact) => number {
  type Key = LeadKey;
  const keys = LEAD_KEYS;
  const key = (f: Fact): Key => {
    let k = keys.get(f);
    if (k === undefined) {
      const date = factDate(f) ?? '';
      k = [
        isDraft(f) ? 1 : 0,
        isFactUndated(f) ? 1 : 0,
        isInDoubt(f) ? 1 : 0,
        date.slice(0, 7),
        isFactDateInferred(catalog, f) ? 1 : 0,
        date,
        factPublication(catalog, f)?.date ?? '',
      ] as const;
      keys.set(f, k);
    }
    return k;
  };
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x === y) continue;
      // Flags: the smaller leads; dates: the later leads.
      if (typeof x === 'number') return x - (y as number);
      return x < y ? 1 : -1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Is the partial date `d` on or before the partial date `limit` (compared at the coarser precision)? */
export function onOrBefore(d: string, limit: string): boolean {
  const n = Math.min(d.length, limit.length);
  return d.slice(0, n) <= limit.slice(0, n);
}
