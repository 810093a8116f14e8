// A question in plain words, as understood (src/search/understand.ts), → the figures that answer it
// and nothing else. Every part of the question narrows the figures or is named in a line that comes
// first: "No figure about Mosul in the data", "Nothing understood for “fighters”". A year on a running
// total means the newest figure up to that year's end; a month on a monthly breakdown, that month;
// "latest" (or no time at all), the newest figure per claimant.
import { factDate, type Catalog } from '../catalog/catalog.ts';
import { isFactUndated } from '../catalog/doubt.ts';
import type { Fact } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import { entityKey, metricKey, type Role, type SearchIndex } from '../search/index.ts';
import { describeReach, type EntityMention, type Understood } from '../search/understand.ts';
import type { TimeSpec } from '../search/time.ts';
import { onOrBefore, toFigure } from './figure.ts';
import { DRAFT_TIER } from '../search/lead.ts';
import { smallestSorted } from '../search/facts.ts';
import type { Answer } from './model.ts';

export const QUESTION_PAGE_SIZE = 10;

/** What a question narrowed the figures to, before they are grouped and paged. */
export interface Narrowed {
  /** Lines said before the figures: what was not found first, then how names were read. */
  readonly lines: readonly string[];
  /** Something asked for has no figure, and no wider figure stands in for it. */
  readonly miss?: string;
  /** The figures, as positions in the index's `newestFirst`. */
  readonly ranks: readonly number[];
  readonly place?: string;
}

const onOrAfter = (d: string, limit: string): boolean => {
  const n = Math.min(d.length, limit.length);
  return d.slice(0, n) >= limit.slice(0, n);
};

function nameOf(catalog: Catalog, id: string): string {
  return catalog.entities.get(id)?.name ?? id;
}

/**
 * A term's figures from the index as positions in `newestFirst`, newest first; at most `perList` of
 * them when a caller trades completeness for speed (autocomplete at 100,000 facts), which keeps the
 * newest, where the leads are. Positions, not fact objects: a question about a country touches
 * thousands of figures, and sets of numbers cost a fraction of sets of objects.
 */
function listed(index: SearchIndex, key: string, role: Role, perList: number): Int32Array {
  const all = index.factRanks.get(key)?.get(role);
  if (all === undefined) return EMPTY;
  return all.length > perList ? all.subarray(0, perList) : all;
}
const EMPTY = new Int32Array(0);

/** The positions in any of the lists, each once. */
function union(index: SearchIndex, lists: Iterable<Int32Array>): number[] {
  const seen = new Uint8Array(index.newestFirst.length);
  const out: number[] = [];
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (seen[r] === 0) {
        seen[r] = 1;
        out.push(r);
      }
    }
  }
  return out;
}

/** The positions of `ranks` that are also in `other`. */
function intersect(index: SearchIndex, ranks: readonly number[], other: readonly number[]): number[] {
  const inOther = new Uint8Array(index.newestFirst.length);
  for (const r of other) inOther[r] = 1;
  return ranks.filter((r) => inOther[r] === 1);
}

/**
 * The positions in any of the lists, as a mask: filtering thousands of figures by a field read off
 * each figure is slow (figures have many shapes), testing a byte is not.
 */
function maskOf(index: SearchIndex, lists: Iterable<Int32Array>): Uint8Array {
  const mask = new Uint8Array(index.newestFirst.length);
  for (const list of lists) for (let i = 0; i < list.length; i++) mask[list[i]!] = 1;
  return mask;
}

/** Figures about (or claimed by, or citing sources of) what an entity mention reaches. */
function entityRanks(index: SearchIndex, m: EntityMention, perList: number): number[] {
  const lists: Int32Array[] = [];
  const add = (id: string, role: 'subject' | 'claimant' | 'source'): void => {
    const ids = role === 'subject' ? (index.descendants.get(id) ?? [id]) : [id];
    for (const x of ids) lists.push(listed(index, entityKey(x), role, perList));
  };
  if (m.role === 'subject') for (const r of m.subjects) add(r.id, 'subject');
  else if (m.role === 'claimant') for (const r of m.claimants) add(r.id, 'claimant');
  else if (m.role === 'source') add(m.id, 'source');
  return union(index, lists);
}

/**
 * Whether a figure falls in the window asked for, by the date it speaks for. Figures with no date
 * never do. A breakdown (a month's or year's own count) is judged by its period instead: see
 * coversExactly.
 */
export function inWindow(f: Fact, t: TimeSpec): boolean {
  if (t.kind === 'latest') return true;
  if (isFactUndated(f)) return false;
  const d = factDate(f);
  if (d === undefined) return false;
  switch (t.kind) {
    case 'asOf':
    case 'before':
      return t.end === undefined || onOrBefore(d, t.end);
    case 'since':
      return t.start === undefined || onOrAfter(d, t.start);
    case 'during': {
      const start = t.start ?? t.end;
      const end = t.end ?? t.start;
      if (start === undefined || end === undefined) return true;
      // A running total answers "in 2018" with where it stood within 2018.
      return onOrAfter(d, start) && onOrBefore(d, end);
    }
  }
}

const LAST_DAY = (ym: string): string => String(new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0');
/** A partial date as the first or last day it covers: "2017" → 2017-01-01 or 2017-12-31. */
export function firstDay(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d.slice(0, 10);
}
export function lastDay(d: string): string {
  return d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-${LAST_DAY(d)}` : d.slice(0, 10);
}

/** A breakdown whose own period is the window asked ("June 2017" and a June 2017 monthly count). */
export function coversExactly(f: Fact, t: TimeSpec | undefined): boolean {
  if (t?.kind !== 'during' || f.period?.start === undefined || f.period.end === undefined) return false;
  const start = t.start ?? t.end;
  const end = t.end ?? t.start;
  return start !== undefined && end !== undefined && firstDay(f.period.start) === firstDay(start) && lastDay(f.period.end) === lastDay(end);
}

/** The window in the data's own date form: "2019", "2019-12", "up to 2018", "since 2016". */
export function windowWords(t: TimeSpec): string {
  const span = (a: string, b: string): string => (a === b ? a : `${a}–${b}`);
  switch (t.kind) {
    case 'during':
      return span(t.start ?? t.end ?? '', t.end ?? t.start ?? '');
    case 'asOf':
      return `up to ${t.end ?? ''}`;
    case 'before':
      return `up to ${t.end ?? ''}`;
    case 'since':
      return `since ${t.start ?? ''}`;
    case 'latest':
      return 'the latest';
  }
}

/** The figures the question is about, narrowed by each part of it in turn. */
export function narrow(index: SearchIndex, u: Understood, perList = Infinity): Narrowed {
  const { catalog } = index;
  const lines: string[] = [];
  const misses: string[] = [];
  // Positions in index.newestFirst; `all[r]` is the figure.
  const all = index.newestFirst;
  let facts: number[] | undefined;

  // Names: each one narrows (a figure must relate to all of them); one reached through a relation
  // says how in a line of its own.
  for (const m of u.entities) {
    if (m.role === 'other') {
      misses.push(`No figure about ${m.name} in the data.`);
      continue;
    }
    const reach = m.role === 'subject' ? m.subjects[0] : m.role === 'claimant' ? m.claimants[0] : undefined;
    if (reach && reach.path.length > 0) lines.push(`Read “${m.text}” as ${describeReach(catalog, reach, m.via)}.`);
    const own = entityRanks(index, m, perList);
    const next = facts === undefined ? own : intersect(index, facts, own);
    if (next.length === 0 && facts !== undefined) {
      misses.push(`No figure relates ${m.name} to the rest of the question.`);
      continue;
    }
    facts = next;
  }

  // What is counted: a metric, or a whole family.
  if (u.metrics.length > 0) {
    // Families named together settle by the data's own relations: the narrower answers ("civilian
    // death toll"), and a cause only describes its effect ("civilians killed by coalition strikes").
    const named = settleFamilies(catalog, new Set(u.metrics.map((m) => m.family)));
    const mentions = u.metrics.filter((m) => named.has(m.family));
    const wanted = new Set<string>();
    const families = new Set<string>();
    for (const m of mentions) {
      if (m.metric !== undefined) wanted.add(m.metric);
      else families.add(m.family);
    }
    // "Killed in June 2017" asks for the month's own count: the family that breaks this one down
    // by month or year answers too (it leads only where its period is exactly the window asked).
    if (u.time?.kind === 'during') {
      const roots = new Set(mentions.map((m) => m.family));
      for (const [id, f] of catalog.families) if (f.breakdown_of !== undefined && roots.has(f.breakdown_of)) families.add(id);
    }
    for (const [id, def] of catalog.metrics) if (families.has(def.family)) wanted.add(id);
    // Words for two different things ("soldiers killed": troops and deaths) ask for a figure that is
    // both; no figure is, so that is a miss rather than a figure for one of the two words.
    const answered = new Set(mentions.map((m) => catalog.families.get(m.family)?.breakdown_of ?? m.family));
    if (answered.size > 1) {
      const what = u.metrics.map((m) => m.text).join(' ');
      return { lines, miss: `No figure of ${what} in the data: the figures count ${[...answered].map((f) => catalog.families.get(f)?.label ?? f).join(' or ')}, not both at once.`, ranks: [] };
    }
    // A figure has one metric, so the metrics' lists never share a figure.
    let next: number[];
    if (facts) {
      const ofMetric = maskOf(index, [...wanted].map((id) => listed(index, metricKey(id), 'metric', Infinity)));
      next = facts.filter((r) => ofMetric[r] === 1);
    } else {
      next = [];
      for (const id of wanted) for (const r of listed(index, metricKey(id), 'metric', perList)) next.push(r);
    }
    const what = u.metrics.map((m) => m.text).join(', ');
    const about = u.entities.filter((e) => e.role !== 'other').map((e) => e.name);
    const aboutWords = about.length > 0 ? ` about ${about.join(', ')}` : '';
    if (next.length === 0 && facts !== undefined && u.time?.kind !== 'during') {
      // No running figure for what was asked, but a year's or month's own count of it: those
      // answer, after a line saying that they are not the total.
      const roots = new Set(mentions.map((m) => m.family));
      const parts = [...catalog.metrics].filter(([, def]) => roots.has(catalog.families.get(def.family)?.breakdown_of ?? '')).map(([id]) => id);
      const ofPart = maskOf(index, parts.map((id) => listed(index, metricKey(id), 'metric', Infinity)));
      next = facts.filter((r) => ofPart[r] === 1);
      if (next.length > 0) lines.push(`No running total of ${what}${aboutWords} in the data; these count one month or year each.`);
    }
    if (next.length === 0) return { lines, miss: `No figure of ${what}${aboutWords} in the data.`, ranks: [] };
    facts = next;
  } else if (facts !== undefined) {
    // Nothing said about what is counted: the headline figures answer, when there are any.
    const headline = facts.filter((r) => index.columns.headline[r] === 1);
    if (headline.length > 0) facts = headline;
  }

  // Places: the place's own figures; failing those, the wider place's, said as such.
  let place: string | undefined;
  for (const p of u.places) {
    const within = index.descendants.get(p.id) ?? new Set([p.id]);
    const atPlace = (): number[] => union(index, [...within].map((id) => listed(index, entityKey(id), 'place', perList)));
    // Figures not yet narrowed come straight from the place's own index; only those narrowed by
    // a name or a metric need checking.
    const base = facts ?? atPlace();
    const atHere = facts === undefined ? undefined : maskOf(index, [...within].map((id) => listed(index, entityKey(id), 'place', Infinity)));
    const here = atHere === undefined ? base : base.filter((r) => atHere[r] === 1);
    if (here.length > 0) {
      facts = here;
      place = p.id;
      // Totals for several countries together are not the place's own: say so before them.
      if (!here.some((r) => all[r]!.places.every((x) => within.has(x)))) lines.push(`No figure for ${p.name} alone; these count it together with other places.`);
      continue;
    }
    const atWider = (b: string): Uint8Array => maskOf(index, [listed(index, entityKey(b), 'place', Infinity)]);
    const widerMask = new Map<string, Uint8Array>();
    const wider = p.broader.find((b) => {
      const m = atWider(b);
      widerMask.set(b, m);
      return base.some((r) => m[r] === 1);
    });
    misses.push(`No figure about ${p.name} in the data${wider !== undefined ? `; these are for ${nameOf(catalog, wider)} as a whole` : ''}.`);
    if (wider !== undefined) {
      const m = widerMask.get(wider)!;
      facts = base.filter((r) => m[r] === 1);
      place = wider;
    } else if (facts !== undefined && u.entities.length === 0 && u.metrics.length === 0) {
      return { lines, miss: misses.join(' '), ranks: [] };
    }
  }

  // Figures typed: that figure, exactly (a range by either end), from the index's values.
  if (u.numbers.length > 0) {
    const valued = new Set<number>();
    for (const n of u.numbers) for (const f of index.factsByValue.get(n.value) ?? []) valued.add(index.newestRank.get(f)!);
    const hit = facts === undefined ? [...valued] : facts.filter((r) => valued.has(r));
    if (hit.length === 0) return { lines, miss: `No figure has the value ${u.numbers.map((n) => n.text).join(', ')}.`, ranks: [] };
    facts = hit;
  }

  if (facts === undefined) {
    // Pushed, not preallocated: a holey array reaching code compiled for packed ones deoptimises it.
    facts = [];
    for (let r = 0; r < all.length; r++) facts.push(r);
  }

  // Time: the window asked for. A breakdown answers only for its own month or year: December's
  // count is not "the deaths in 2019".
  if (u.time !== undefined) {
    const t = u.time;
    const within = timeFilterAt(index, t);
    const timed = facts.filter(within);
    if (timed.length === 0) return { lines, miss: `No figure for ${windowWords(t)} in the data.`, ranks: [] };
    facts = timed;
    // The window is said, so a reader knows which date each figure was chosen for.
    lines.push(t.kind === 'latest' ? 'The latest figure of each claimant.' : `For ${windowWords(t)}: the newest figure of each claimant within it.`);
  }

  // Words nobody could read: the question was about something the data does not hold.
  if (u.leftover.length > 0) {
    return { lines, miss: [...misses, `Nothing in the data matches “${u.leftover.join(' ')}”.`].join(' '), ranks: [] };
  }
  return { lines: [...misses, ...lines], ranks: facts, ...(place ? { place } : {}) };
}

/** Of the families a question names, those that answer it (see within and cause_of in the vocabulary). */
export function settleFamilies(catalog: Catalog, named: ReadonlySet<string>): Set<string> {
  const root = (f: string): string => catalog.families.get(f)?.breakdown_of ?? f;
  const out = new Set(named);
  for (const f of named) {
    const def = catalog.families.get(root(f));
    const narrower = [...named].some((g) => g !== f && (catalog.families.get(root(g))?.within ?? []).includes(root(f)));
    const cause = (def?.cause_of ?? []).some((g) => [...named].some((x) => root(x) === g));
    if (narrower || cause) out.delete(f);
  }
  return out.size > 0 ? out : new Set(named);
}

/** Judged by a figure's as_of and period, and whether its metric is a breakdown (arguments, not an object: it runs per figure). */
type WithinTest = (breakdown: boolean, asOf: string | undefined, start: string | undefined, end: string | undefined) => boolean;

/**
 * The window's tests with its bounds worked out once: `covers`, a period that is exactly the window
 * (coversExactly); `within`, a breakdown by `covers`, anything else by its date (inWindow).
 */
function windowTests(t: TimeSpec | undefined): { covers: (start?: string, end?: string) => boolean; within: WithinTest } {
  const startOf = t?.start ?? t?.end;
  const endOf = t?.end ?? t?.start;
  const bounded = t?.kind === 'during' && startOf !== undefined && endOf !== undefined;
  const windowFirst = bounded ? firstDay(startOf) : undefined;
  const windowLast = bounded ? lastDay(endOf) : undefined;
  const covers = (start?: string, end?: string): boolean =>
    windowFirst !== undefined && start !== undefined && end !== undefined && sameDay(start, windowFirst, 'first') && sameDay(end, windowLast!, 'last');
  if (t === undefined || t.kind === 'latest') return { covers, within: () => true };
  const upTo = t.kind === 'during' ? endOf : t.end;
  const from = t.kind === 'during' ? startOf : t.start;
  const checkUpTo = t.kind !== 'since' && upTo !== undefined;
  const checkFrom = (t.kind === 'since' || t.kind === 'during') && from !== undefined;
  const within: WithinTest = (breakdown, asOf, start, end) => {
    if (t.kind === 'during' && breakdown) return covers(start, end);
    if (asOf === undefined && end === undefined) return false;
    const d = asOf ?? end!;
    if (t.kind === 'during' && !bounded) return true;
    return (!checkUpTo || prefixAtMost(d, upTo!)) && (!checkFrom || prefixAtLeast(d, from!));
  };
  return { covers, within };
}

/**
 * The test for "in this window": a breakdown by its own period, anything else by its date. The
 * same test as coversExactly and inWindow, with the window's bounds worked out once rather than per
 * figure: a time question can run it over every figure of the catalog.
 */
export function timeFilter(catalog: Catalog, t: TimeSpec): (f: Fact) => boolean {
  const breakdowns = breakdownMetrics(catalog);
  const { within } = windowTests(t);
  return (f) => within(breakdowns.has(f.metric), f.as_of, f.period?.start, f.period?.end);
}

/** timeFilter by positions in the index's newestFirst, reading the index's date columns. */
export function timeFilterAt(index: SearchIndex, t: TimeSpec): (r: number) => boolean {
  const { within } = windowTests(t);
  const { breakdown, asOf, periodStart, periodEnd } = index.columns;
  return (r) => within(breakdown[r] === 1, asOf[r], periodStart[r], periodEnd[r]);
}

/** onOrBefore without slicing: `d` and `limit` compared on the length of the shorter. */
function prefixAtMost(d: string, limit: string): boolean {
  if (d.length <= limit.length) return d <= limit.slice(0, d.length);
  return d < limit || d.startsWith(limit);
}
function prefixAtLeast(d: string, limit: string): boolean {
  if (d.length <= limit.length) return d >= limit.slice(0, d.length);
  return d > limit || d.startsWith(limit);
}

/** Whether a partial date's first (or last) day is `day`, without building the string for most dates. */
function sameDay(partial: string, day: string, which: 'first' | 'last'): boolean {
  if (!day.startsWith(partial)) return false;
  return (which === 'first' ? firstDay(partial) : lastDay(partial)) === day;
}

/** Metrics of a family that breaks another down by month or year, once per catalog. */
const BREAKDOWNS = new WeakMap<Catalog, ReadonlySet<string>>();
function breakdownMetrics(catalog: Catalog): ReadonlySet<string> {
  let set = BREAKDOWNS.get(catalog);
  if (set === undefined) {
    const ids = new Set<string>();
    for (const [id, m] of catalog.metrics) if (catalog.families.get(m.family)?.breakdown_of !== undefined) ids.add(id);
    BREAKDOWNS.set(catalog, (set = ids));
  }
  return set;
}

/** timeFilter as first written, figure by figure: the reference the fast one is tested against. */
export function timeFilterReference(catalog: Catalog, t: TimeSpec): (f: Fact) => boolean {
  return (f) => (t.kind === 'during' && breakdownFamily(catalog, f) ? coversExactly(f, t) : inWindow(f, t));
}

function breakdownFamily(catalog: Catalog, f: Fact): boolean {
  const family = metricDef(catalog, f.metric)?.family;
  return family !== undefined && catalog.families.get(family)?.breakdown_of !== undefined;
}

/**
 * The lead order the index worked out (src/search/lead.ts): reviewed before drafts, dated before
 * undated, confirmed before unconfirmed, then newest, headline metrics first, then by id.
 */
export function leadOrder(index: SearchIndex): (a: Fact, b: Fact) => number {
  const { leadPos, newestRank } = index;
  return (a, b) => leadPos[newestRank.get(a)!]! - leadPos[newestRank.get(b)!]!;
}

/** The answer: one figure per claimant and what it counts, the best answer first. */
export interface QuestionOptions {
  readonly page?: number;
  readonly pageSize?: number;
  /** Figures taken per index list (see `listed`); autocomplete passes a bound, the command none. */
  readonly perList?: number;
}

export function questionAnswer(index: SearchIndex, u: Understood, query: string, options: QuestionOptions = {}): Answer {
  const leads = questionLeads(index, u, options);
  if (leads.kind === 'miss') return { kind: 'not_found', message: leads.message, suggestions: [] };
  return {
    kind: 'facts',
    query,
    results: leads.leads.map((g) => ({ figure: toFigure(index.catalog, g.fact), earlier: g.count - 1 })),
    paging: leads.paging,
    total: leads.total,
    replay: { query },
    ...(leads.lines.length > 0 ? { lines: leads.lines } : {}),
  };
}

/** The figures that answer a question, one per group with how many it stands for, before they become answer figures. */
export type QuestionLeads =
  | { readonly kind: 'miss'; readonly message: string }
  | {
      readonly kind: 'leads';
      readonly leads: readonly { readonly fact: Fact; readonly count: number }[];
      readonly paging: { readonly page: number; readonly pages: number };
      readonly total: number;
      readonly lines: readonly string[];
    };

/** questionAnswer's choice of figures, for a caller that shows less of each (an autocomplete choice). */
export function questionLeads(index: SearchIndex, u: Understood, options: QuestionOptions = {}): QuestionLeads {
  const requestedPage = options.page ?? 1;
  const pageSize = options.pageSize ?? QUESTION_PAGE_SIZE;
  const n = narrow(index, u, options.perList);
  if (n.miss !== undefined) return { kind: 'miss', message: [n.miss, ...n.lines].join(' ') };
  // Linear in the figures narrowed to: each group keeps only its best figure and a count, compared
  // by positions the index worked out once (a place can hold thousands of figures).
  const { leadPos } = index;
  const { groupOf, tier, headline, placeSetOf, placeSets } = index.columns;
  const byId = u.numbers.length > 0;
  const groups = new Map<number, { lead: number; pos: number; count: number }>();
  for (const i of n.ranks) {
    // A number typed names one figure; otherwise a claimant's figures of one family compete.
    const key = byId ? i : groupOf[i]!;
    const pos = leadPos[i]!;
    const g = groups.get(key);
    if (!g) groups.set(key, { lead: i, pos, count: 1 });
    else {
      g.count += 1;
      if (pos < g.pos) {
        g.lead = i;
        g.pos = pos;
      }
    }
  }
  const here = n.place === undefined ? undefined : (index.descendants.get(n.place) ?? new Set([n.place]));
  // Asked about an actor, its own count ("the coalition's", through CJTF-OIR) comes first.
  const subjects = u.entities.filter((e) => e.role === 'subject').flatMap((e) => e.subjects.map((r) => r.id));
  // Whether a set of places lies within the place asked, once per set (figures share few sets).
  const setWithin = new Map<number, 0 | 1>();
  const within = (ps: number): 0 | 1 => {
    let w = setWithin.get(ps);
    if (w === undefined) setWithin.set(ps, (w = here !== undefined && placeSets[ps]!.every((x) => here.has(x)) ? 0 : 1));
    return w;
  };
  const { covers } = windowTests(u.time);
  const { periodStart, periodEnd } = index.columns;
  // Each group's place in the answer as one number, smallest first: the tests below in turn, each
  // a few bits, then the lead's own position, which makes every key distinct. Thousands of groups
  // are put in order without an object or a comparison function per group.
  const posBits = Math.max(1, Math.ceil(Math.log2(index.newestFirst.length + 1)));
  const countBits = Math.min(20, 53 - 10 - posBits);
  const maxCount = 2 ** countBits - 1;
  const keys = new Float64Array(groups.size);
  let g = 0;
  for (const group of groups.values()) {
    const i = group.lead;
    const claimant = index.newestFirst[i]!.claimant;
    let k = tier[i]! >= DRAFT_TIER ? 1 : 0; // a group led by a draft answers last: a draft never leads
    k = k * 2 + (covers(periodStart[i], periodEnd[i]) ? 0 : 1);
    k = k * 2 + within(placeSetOf[i]!);
    // No place asked: campaign-wide figures answer before one country's (more places first).
    k = k * 32 + (here === undefined ? 31 - Math.min(31, placeSets[placeSetOf[i]!]!.length) : 0);
    k = k * 2 + (headline[i] === 1 ? 0 : 1);
    k = k * 2 + (subjects.some((s) => claimant === s || (index.descendants.get(s)?.has(claimant) ?? false)) ? 0 : 1);
    k = k * 2 ** countBits + (maxCount - Math.min(maxCount, group.count)); // the longer series first
    keys[g++] = k * 2 ** posBits + group.pos;
  }
  const total = groups.size;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, Math.floor(requestedPage) || 1), pages);
  // Only the groups up to the page asked for are put in order.
  const leads = [...smallestSorted(keys, p * pageSize)].slice((p - 1) * pageSize).map((key) => {
    const rank = index.byLeadPos[key % 2 ** posBits]!;
    return { fact: index.newestFirst[rank]!, count: groups.get(byId ? rank : groupOf[rank]!)!.count };
  });
  return { kind: 'leads', leads, paging: { page: p, pages }, total, lines: n.lines };
}
