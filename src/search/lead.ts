// Which figure leads an answer, and which figures compete for the lead, worked out once per catalog
// when the index is built. A question about a country narrows to thousands of figures; comparing
// them by two integers read from arrays, rather than by dates and metric look-ups per comparison,
// is what keeps such an answer within its time budget.
import type { Catalog } from '../catalog/catalog.ts';
import { factDate } from '../catalog/catalog.ts';
import { isFactUndated } from '../catalog/doubt.ts';
import type { Fact } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';

/**
 * How far back a figure stands whatever its date: a draft (not yet reviewed) after every other
 * figure, then undated ones, then unconfirmed ones. 0 is the best; at most 7.
 */
export function leadTier(f: Fact): number {
  return (f.draft === true ? 4 : 0) + (isFactUndated(f) || factDate(f) === undefined ? 2 : 0) + (f.status === 'unconfirmed' ? 1 : 0);
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
export function leadPositions(catalog: Catalog, newestFirst: readonly Fact[]): Int32Array {
  const n = newestFirst.length;
  const tiers = new Uint8Array(n);
  const headline = new Uint8Array(n);
  const dates: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = newestFirst[i]!;
    tiers[i] = leadTier(f);
    headline[i] = metricDef(catalog, f.metric)?.headline ? 1 : 0;
    dates[i] = factDate(f) ?? '';
  }
  const out = new Int32Array(n);
  let next = 0;
  for (let tier = 0; tier < 8; tier++) {
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

/** Each figure's group as a small integer (indexed like `newestFirst`). */
export function groupIds(catalog: Catalog, newestFirst: readonly Fact[]): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(newestFirst.length);
  for (let i = 0; i < newestFirst.length; i++) {
    const key = groupKeyOf(catalog, newestFirst[i]!);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    out[i] = id;
  }
  return out;
}
