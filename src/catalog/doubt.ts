// The doubts the data records about itself, read one way everywhere. An answer that shows a worked-out
// date as if printed, or a working assumption as an established publisher, claims more than we know.
import type { Catalog } from './catalog.ts';
import { UNDATED, type Fact, type Source } from './schema.ts';

/** True when the source's date was worked out rather than printed on it ("≈ Feb 2020"). */
export function isDateInferred(source: Source): boolean {
  return source.published_inferred === true;
}

/** True when the source shows no date and none could be established. */
export function isUndated(source: Source): boolean {
  return source.published === UNDATED;
}

/** The source's date for sorting and display, or undefined when it is undated. */
export function sourceDate(source: Source): string | undefined {
  return source.published === UNDATED ? undefined : source.published;
}

/** True when the publisher named for the source is a working assumption, not established. */
export function isAttributionUnverified(source: Source): boolean {
  return source.attribution === 'unverified';
}

/** Why the attribution is doubted (our words), when it is. */
export function attributionDoubt(source: Source): string | undefined {
  return isAttributionUnverified(source) ? (source.attribution_note ?? 'attribution unverified') : undefined;
}

/** True when the fact's period is assumed (e.g. from the monthly rhythm), not stated: show "?". */
export function isPeriodUncertain(fact: Fact): boolean {
  return fact.period?.uncertain === true;
}

/** True when nothing says when the figure stood: no as_of and no period end. */
export function isFactUndated(fact: Fact): boolean {
  return fact.as_of === undefined && fact.period?.end === undefined;
}

/**
 * The latest publication date among a fact's evidence, and whether that date was inferred; undated
 * sources are skipped. Undefined when no evidence source is dated.
 */
export function factPublication(catalog: Catalog, fact: Fact): { date: string; inferred: boolean } | undefined {
  let best: { date: string; inferred: boolean } | undefined;
  for (const e of fact.evidence) {
    const source = catalog.sources.get(e.source);
    const date = source && sourceDate(source);
    if (date === undefined) continue;
    // On equal dates a printed one wins: the doubt belongs only to a date nothing else confirms.
    const inferred = isDateInferred(source!);
    if (best === undefined || date > best.date || (date === best.date && best.inferred && !inferred)) best = { date, inferred };
  }
  return best;
}

/**
 * True when the date a fact speaks for is only as sure as an inferred publication date: its as_of
 * (or period end) is the day an evidence source was inferred to appear, and no source printing
 * that date backs it ("close to 2,100" as of an undated article's worked-out day). An uncertain
 * period counts too.
 */
export function isFactDateInferred(catalog: Catalog, fact: Fact): boolean {
  if (isPeriodUncertain(fact)) return true;
  const date = fact.as_of ?? fact.period?.end;
  if (date === undefined) return false;
  let inferred = false;
  for (const e of fact.evidence) {
    const source = catalog.sources.get(e.source);
    const published = source && sourceDate(source);
    if (published === undefined || published.slice(0, 10) !== date) continue;
    if (!isDateInferred(source!)) return false;
    inferred = true;
  }
  return inferred;
}
