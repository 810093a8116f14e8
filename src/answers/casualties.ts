// /casualties: every claimant's latest civilian-death figure about a subject, side by side and never
// merged; the reader sees who says what, and which earlier figures sit behind each. "Latest" is per
// claimant and metric family (conceded, likely and alleged deaths answer one question): the newest
// dated figure leads, its grade shown as a label, and older figures of the family are only earlier.
import { factDate } from '../catalog/catalog.ts';
import { isFactUndated } from '../catalog/doubt.ts';
import type { Fact, MetricId } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import { entityKey, sortNewestFirst, type SearchIndex } from '../search/index.ts';
import { compareForLead, entityRef, familyOf, isDraft, onOrBefore, toFigure } from './figure.ts';
import type { Answer, CasualtySide, EntityRef } from './model.ts';

/** The family /casualties answers from: running civilian-death counts (conceded, likely, alleged). */
export const CASUALTY_FAMILY = 'civilian_deaths';

/**
 * The metrics of the family, from the vocabulary; with `breakdowns`, those of the families that
 * break it down by month or year instead, for an actor that only ever published those (a yearly
 * count is still that actor's own figure, and saying nothing would hide it).
 */
function casualtyMetrics(catalog: SearchIndex['catalog'], breakdowns: boolean): ReadonlySet<MetricId> {
  const families = new Set<string>();
  if (!breakdowns) families.add(CASUALTY_FAMILY);
  else {
    for (const [id, f] of catalog.families) if (f.breakdown_of === CASUALTY_FAMILY) families.add(id);
  }
  return new Set([...catalog.metrics].filter(([, m]) => families.has(m.family)).map(([id]) => id));
}

/** Sides worded in full: a Discord message shows at most 25 fields; the rest are counted. */
export const MAX_SIDES = 25;

/** How many older figures of a side are shown (dated, as earlier); the rest are counted. */
export const EARLIER_SHOWN = 2;

export interface CasualtyQuery {
  readonly subject: string;
  readonly place?: string;
  readonly asOf?: string;
}

/** Facts about the subject (or entities that are part of it); failing that, what it claims. */
export function casualtyFacts(index: SearchIndex, q: CasualtyQuery): { facts: Fact[]; role: 'subject' | 'claimant' } {
  const running = casualtyFactsOf(index, q, casualtyMetrics(index.catalog, false));
  return running.facts.length > 0 ? running : casualtyFactsOf(index, q, casualtyMetrics(index.catalog, true));
}

function casualtyFactsOf(index: SearchIndex, q: CasualtyQuery, metrics: ReadonlySet<MetricId>): { facts: Fact[]; role: 'subject' | 'claimant' } {
  const wanted = (f: Fact): boolean =>
    metrics.has(f.metric) &&
    (q.place === undefined || f.places.some((p) => index.descendants.get(q.place!)?.has(p) ?? p === q.place)) &&
    // Nothing dates an undated figure, so nothing places it before a date asked for.
    (q.asOf === undefined || (!isFactUndated(f) && onOrBefore(factDate(f) ?? '', q.asOf)));
  const about: Fact[] = [];
  for (const id of index.descendants.get(q.subject) ?? [q.subject]) {
    for (const f of index.facts.get(entityKey(id))?.get('subject') ?? []) if (wanted(f)) about.push(f);
  }
  if (about.length > 0) return { facts: sortNewestFirst(about), role: 'subject' };
  const claimed = (index.facts.get(entityKey(q.subject))?.get('claimant') ?? []).filter(wanted);
  return { facts: sortNewestFirst(claimed), role: 'claimant' };
}

/** Whether /casualties has anything to say about an entity: used to rank suggestions. */
export function hasCasualtyFigures(index: SearchIndex, entityId: string): boolean {
  return casualtyFacts(index, { subject: entityId }).facts.length > 0;
}

/** Whether a fact counts the place alone (or parts of it), rather than it together with others. */
function countsAlone(index: SearchIndex, f: Fact, place: string): boolean {
  const within = index.descendants.get(place);
  return f.places.every((p) => p === place || (within?.has(p) ?? false));
}

export function casualtiesAnswer(index: SearchIndex, q: CasualtyQuery): Answer {
  const { catalog } = index;
  const subject = entityRef(catalog, q.subject);
  const place = q.place === undefined ? undefined : entityRef(catalog, q.place);
  const { facts, role } = casualtyFacts(index, q);
  const replay = { subject: q.subject, ...(q.place ? { place: q.place } : {}), ...(q.asOf ? { as_of: q.asOf } : {}) };
  if (facts.length === 0) {
    const where = place ? ` in ${place.name}` : '';
    const when = q.asOf ? ` up to ${q.asOf}` : '';
    return {
      kind: 'not_found',
      message: `No civilian-death figures attributed to ${subject.name}${where}${when}.`,
      suggestions: [],
    };
  }
  // One side per claimant, metric family and coverage: conceded, likely and alleged counts compete
  // for "latest", while a Syria-only count and an Iraq-and-Syria total are different claims.
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = [f.claimant, metricDef(catalog, f.metric).family, [...f.places].sort().join(',')].join('\u0000');
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const lead = compareForLead(catalog);
  // Ranked first, worded after: only the sides a message can show are turned into figures (at
  // 10,000 facts one subject can have a hundred claimants' series).
  const drafts: { first: Fact; older: Fact[]; coverage?: 'alone' | 'combined'; name: string }[] = [];
  for (const g of groups.values()) {
    const ranked = [...g].sort(lead);
    const first = ranked[0]!;
    // Drafts never lead; a family holding nothing else has no figure to show as current.
    if (isDraft(first)) continue;
    // The others, newest first by date whatever their rank: an unconfirmed or undated figure that
    // did not lead is shown beside the lead, marked, rather than hidden. Drafts are not shown.
    const older = sortNewestFirst(ranked.slice(1).filter((f) => !isDraft(f)));
    drafts.push({
      first,
      older,
      name: entityRef(catalog, first.claimant).name,
      ...(q.place === undefined ? {} : { coverage: countsAlone(index, first, q.place) ? ('alone' as const) : ('combined' as const) }),
    });
  }
  if (drafts.length === 0) {
    return { kind: 'not_found', message: `No published civilian-death figures attributed to ${subject.name} yet.`, suggestions: [] };
  }
  // Stable reading order: a place's own figures before combined ones; then the claimant with the
  // most figures (usually the official series) first.
  const rank = (s: (typeof drafts)[number]): number => (s.coverage === 'combined' ? 1 : 0);
  drafts.sort((a, b) => rank(a) - rank(b) || b.older.length - a.older.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sides: CasualtySide[] = drafts.slice(0, MAX_SIDES).map(({ first, older, coverage }) => ({
    claimant: entityRef(catalog, first.claimant),
    family: familyOf(catalog, metricDef(catalog, first.metric)),
    latest: toFigure(catalog, first),
    earlierShown: older.slice(0, EARLIER_SHOWN).map((f) => toFigure(catalog, f)),
    earlier: older.length,
    ...(coverage === undefined ? {} : { coverage }),
  }));
  const omittedSides = drafts.length - sides.length;
  const covers = place !== undefined && sides.every((s) => s.coverage === 'combined') ? coveredPlaces(sides) : undefined;
  return {
    kind: 'casualties',
    subject,
    ...(place ? { place } : {}),
    ...(covers ? { covers } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    sides,
    ...(omittedSides > 0 ? { omittedSides } : {}),
    ...(role === 'claimant' ? { note: `No figures are about ${subject.name} itself; these are the figures it claims.` } : {}),
    replay,
  };
}

/** Every place the sides' lead figures cover, in the order first seen. */
function coveredPlaces(sides: readonly CasualtySide[]): EntityRef[] {
  const out = new Map<string, EntityRef>();
  for (const s of sides) for (const p of s.latest.places) if (!out.has(p.id)) out.set(p.id, p);
  return [...out.values()];
}
