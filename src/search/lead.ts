// Which figure leads an answer, and which figures compete for the lead, worked out once per catalog
// when the index is built. A question about a country narrows to thousands of figures; comparing
// them by two integers read from arrays, rather than by dates and metric look-ups per comparison,
// is what keeps such an answer within its time budget.
import type { Catalog } from '../catalog/catalog.ts';
import { factDate } from '../catalog/catalog.ts';
import { isFactUndated } from '../catalog/doubt.ts';
import type { Fact } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import type { Steps } from '../catalog/slices.ts';

/** The tiers from here on are drafts'. */
export const DRAFT_TIER = 4;

/**
 * How far back a figure stands whatever its date: a draft (not yet reviewed) after every other
 * figure, then undated ones, then unconfirmed ones. 0 is the best; at most 7.
 */
export function leadTier(f: Fact): number {
  return (f.draft === true ? DRAFT_TIER : 0) + (isFactUndated(f) || factDate(f) === undefined ? 2 : 0) + (f.status === 'unconfirmed' ? 1 : 0);
}

/** Figures that compete for one lead: one claimant's, about one subject, one family, one coverage. */
export function groupKeyOf(catalog: Catalog, f: Fact): string {
  const family = metricDef(catalog, f.metric)?.family ?? f.metric;
  return [f.claimant, f.subject, family, [...f.places].sort().join(',')].join('\u0000');
}

/**
 * The lead order as a position per figure (indexed like `newestFirst`): by tier, then newest, then
 * headline metrics first, then by id. `newestFirst` is already newest first and by id within a
 * date, so the order is built in linear time, one pass per tier, without sorting again.
 */
export function* leadPositionsSteps(columns: Pick<FigureColumns, 'tier' | 'headline'>, newestFirst: readonly Fact[]): Steps<Int32Array> {
  const { tier: tiers, headline } = columns;
  const n = newestFirst.length;
  const dates: string[] = new Array(n);
  for (let i = 0; i < n; i++) dates[i] = factDate(newestFirst[i]!) ?? '';
  const out = new Int32Array(n);
  let next = 0;
  for (let tier = 0; tier < 8; tier++) {
    yield;
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && dates[end] === dates[start]) end++;
      for (const wantHeadline of [1, 0]) {
        for (let i = start; i < end; i++) if (tiers[i] === tier && headline[i] === wantHeadline) out[i] = next++;
      }
      start = end;
    }
  }
  return out;
}

export interface FigureColumns {
  /** Each figure's group as a small integer. */
  readonly groupOf: Int32Array;
  /** Each figure's leadTier. */
  readonly tier: Uint8Array;
  /** 1 when the figure's metric is a headline one. */
  readonly headline: Uint8Array;
  /** Each figure's places, as an index into `placeSets` (the places sorted; few distinct sets). */
  readonly placeSetOf: Int32Array;
  readonly placeSets: readonly (readonly string[])[];
  /** The dates a time window reads: as_of, the period's ends, and 1 for a breakdown metric. */
  readonly asOf: readonly (string | undefined)[];
  readonly periodStart: readonly (string | undefined)[];
  readonly periodEnd: readonly (string | undefined)[];
  readonly breakdown: Uint8Array;
  /** For word search's ties: current 0, disputed or unconfirmed 1, superseded 2. */
  readonly statusRank: Uint8Array;
}

/**
 * What answers read off thousands of figures per question, as columns indexed like `newestFirst`:
 * figures come in many shapes, so reading a field off each is slow where reading an array is not.
 */
export function* figureColumnsSteps(catalog: Catalog, newestFirst: readonly Fact[]): Steps<FigureColumns> {
  const n = newestFirst.length;
  const groups = new Map<string, number>();
  const sets = new Map<string, number>();
  const placeSets: string[][] = [];
  const groupOf = new Int32Array(n);
  const tier = new Uint8Array(n);
  const headline = new Uint8Array(n);
  const placeSetOf = new Int32Array(n);
  const asOf: (string | undefined)[] = new Array(n);
  const periodStart: (string | undefined)[] = new Array(n);
  const periodEnd: (string | undefined)[] = new Array(n);
  const breakdown = new Uint8Array(n);
  const statusRank = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // A reload builds this while the bot answers: give the event loop back every so often.
    if (i % 1000 === 999) yield;
    const f = newestFirst[i]!;
    asOf[i] = f.as_of;
    statusRank[i] = f.status === 'current' ? 0 : f.status === 'superseded' ? 2 : 1;
    periodStart[i] = f.period?.start;
    periodEnd[i] = f.period?.end;
    const family = metricDef(catalog, f.metric).family;
    breakdown[i] = catalog.families.get(family)?.breakdown_of !== undefined ? 1 : 0;
    const key = groupKeyOf(catalog, f);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = groups.size));
    groupOf[i] = g;
    tier[i] = leadTier(f);
    headline[i] = metricDef(catalog, f.metric).headline ? 1 : 0;
    const places = [...f.places].sort();
    const placesKey = places.join('\u0000');
    let ps = sets.get(placesKey);
    if (ps === undefined) {
      sets.set(placesKey, (ps = placeSets.length));
      placeSets.push(places);
    }
    placeSetOf[i] = ps;
  }
  return { groupOf, tier, headline, placeSetOf, placeSets, asOf, periodStart, periodEnd, breakdown, statusRank };
}
