// /casualties: every claimant's latest civilian-death figure about a subject, side by side and never
// merged; the reader sees who says what, and how many earlier figures sit behind each.
import { factDate } from '../catalog/catalog.ts';
import type { Fact, MetricId } from '../catalog/schema.ts';
import { entityKey, sortNewestFirst, type SearchIndex } from '../search/index.ts';
import { entityRef, onOrBefore, toFigure } from './figure.ts';
import type { Answer, CasualtySide } from './model.ts';

/** Running civilian-death counts; monthly and yearly counts answer a different question. */
export const CASUALTY_METRICS: readonly MetricId[] = ['civilian_deaths', 'civilian_deaths_likely', 'civilian_deaths_alleged'];

export interface CasualtyQuery {
  readonly subject: string;
  readonly place?: string;
  readonly asOf?: string;
}

/** Facts about the subject (or entities that are part of it); failing that, what it claims. */
export function casualtyFacts(index: SearchIndex, q: CasualtyQuery): { facts: Fact[]; role: 'subject' | 'claimant' } {
  const wanted = (f: Fact): boolean =>
    CASUALTY_METRICS.includes(f.metric) &&
    (q.place === undefined || f.places.some((p) => index.descendants.get(q.place!)?.has(p) ?? p === q.place)) &&
    (q.asOf === undefined || onOrBefore(factDate(f) ?? '', q.asOf));
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
  // One side per claimant and metric: Airwars' "likely" and "alleged" counts are different claims.
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = `${f.claimant}\u0000${f.metric}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const sides: CasualtySide[] = [...groups.values()].map((g) => ({
    claimant: entityRef(catalog, g[0]!.claimant),
    latest: toFigure(catalog, g[0]!),
    earlier: g.length - 1,
  }));
  // Stable reading order: the claimant with the most figures (usually the official series) first.
  sides.sort((a, b) => b.earlier - a.earlier || (a.claimant.name < b.claimant.name ? -1 : 1));
  return {
    kind: 'casualties',
    subject,
    ...(place ? { place } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    sides,
    ...(role === 'claimant' ? { note: `No figures are about ${subject.name} itself; these are the figures it claims.` } : {}),
    replay,
  };
}
