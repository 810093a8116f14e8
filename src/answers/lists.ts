// /source, /fact and /about: figures listed by who cites them, by a free-text match, or counted.
import { factDate, type Catalog } from '../catalog/catalog.ts';
import { factPublication, isFactUndated } from '../catalog/doubt.ts';
import type { Fact } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import type { FactSearch } from '../search/facts.ts';
import { entityKey, sourceKey, type SearchIndex } from '../search/index.ts';
import { compareForLead, entityRef, isDraft, isInDoubt, sourceRef, toFigure } from './figure.ts';
import type { Answer, CommandSummary, Paging } from './model.ts';

export const PAGE_SIZE = 10;

function page<T>(items: readonly T[], requested: number, size = PAGE_SIZE): { slice: T[]; paging: Paging } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return { slice: items.slice((p - 1) * size, p * size), paging: { page: p, pages } };
}

/**
 * Newest first: a source page is read as "what has this outlet said lately", by the later of the
 * figure's date and its sources' publication dates. Publication dates are read through sourceDate
 * (factPublication): an undated source adds no date, where "undated" used to sort after "2025" as
 * text and put an undated figure first.
 */
function byPublishedDesc(catalog: Catalog): (a: Fact, b: Fact) => number {
  const keys = new Map<Fact, string>();
  const key = (f: Fact): string => {
    let k = keys.get(f);
    if (k === undefined) {
      const d = factDate(f) ?? '';
      const p = factPublication(catalog, f)?.date ?? '';
      keys.set(f, (k = p > d ? p : d));
    }
    return k;
  };
  return (a, b) => {
    const pa = key(a);
    const pb = key(b);
    if (pa !== pb) return pa < pb ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** An entity (claimant, outlet, organisation) or a source record, with the figures citing it. */
export function sourceAnswer(
  index: SearchIndex,
  target: { entity: string } | { source: string },
  requestedPage = 1,
  window?: { readonly within: (f: Fact) => boolean; readonly words: string },
): Answer {
  const { catalog } = index;
  let facts: Fact[];
  let t: Extract<Answer, { kind: 'source' }>['target'];
  let id: string;
  if ('entity' in target) {
    id = target.entity;
    const e = catalog.entities.get(id);
    const roles = index.facts.get(entityKey(id));
    facts = [...new Set([...(roles?.get('claimant') ?? []), ...(roles?.get('source') ?? [])])];
    t = {
      type: 'entity',
      entity: entityRef(catalog, id),
      description: e?.description ?? '',
      aliases: e?.aliases ?? [],
      ...(e?.url === undefined ? {} : { url: e.url }),
    };
  } else {
    id = target.source;
    const s = catalog.sources.get(id);
    if (!s) return { kind: 'not_found', message: `No source with the id ${id}.`, suggestions: [] };
    facts = [...(index.facts.get(sourceKey(id))?.get('source') ?? [])];
    const via = s.via === undefined ? undefined : catalog.sources.get(s.via);
    t = {
      type: 'source',
      source: sourceRef(catalog, s),
      language: s.language,
      ...(s.notes === undefined ? {} : { notes: s.notes }),
      ...(via === undefined ? {} : { via: sourceRef(catalog, via) }),
    };
  }
  if (window) facts = facts.filter(window.within);
  const byPublished = byPublishedDesc(catalog);
  // In the tiers every answer's lead uses (compareForLead): drafts (not yet reviewed) after every
  // reviewed figure, undated figures after dated ones, and figures marked unconfirmed or disputed
  // after the rest, so a page never opens on a figure its own data doubts while another is listed.
  // They still show, marked; within a tier, newest published first.
  const tier = (f: Fact): number => (isDraft(f) ? 4 : 0) + (isFactUndated(f) ? 2 : 0) + (isInDoubt(f) ? 1 : 0);
  facts.sort((a, b) => tier(a) - tier(b) || byPublished(a, b));
  const { slice, paging } = page(facts, requestedPage);
  return {
    kind: 'source',
    target: t,
    figures: slice.map((f) => toFigure(catalog, f)),
    paging,
    total: facts.length,
    replay: { name: id, ...(window ? { when: window.words } : {}) },
    ...(window ? { window: window.words } : {}),
  };
}

/** Search hits collapsed to the newest figure of each claimant's series, best match first. */
export function factsAnswer(index: SearchIndex, query: string, found: FactSearch, requestedPage = 1): Answer {
  const { catalog } = index;
  const relevant = found.hits.filter((h) => h.covered === found.hits[0]?.covered);
  const groups = new Map<string, Fact[]>();
  for (const h of relevant) {
    const f = h.fact;
    // A number asked for is a specific figure: do not fold it into its series.
    const key = found.numbers.length > 0 ? f.id : [f.claimant, f.subject, f.metric, f.series ?? '', [...f.places].sort().join(',')].join('\u0000');
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  // Each series shows its newest dated figure (see compareForLead), in the order the best match
  // put the series; the rest are counted as earlier.
  const lead = compareForLead(catalog);
  const all = [...groups.values()].map((g) => ({ fact: g.reduce((best, f) => (lead(f, best) < 0 ? f : best)), earlier: g.length - 1 }));
  // A series whose newest figure is a draft (not yet reviewed) answers after every other: a draft never leads.
  all.sort((a, b) => Number(isDraft(a.fact)) - Number(isDraft(b.fact)));
  const { slice, paging } = page(all, requestedPage);
  return {
    kind: 'facts',
    query,
    results: slice.map((g) => ({ figure: toFigure(catalog, g.fact), earlier: g.earlier })),
    paging,
    total: all.length,
    replay: { query },
  };
}

export function aboutAnswer(index: SearchIndex, commands: readonly CommandSummary[]): Answer {
  const { catalog } = index;
  let newest: Fact | undefined;
  const perMetric = new Map<string, number>();
  const claimants = new Set<string>();
  // The newest figure as "latest" is read everywhere: a stated date over an inferred one or none.
  const lead = compareForLead(catalog);
  for (const f of catalog.facts) {
    claimants.add(f.claimant);
    perMetric.set(f.metric, (perMetric.get(f.metric) ?? 0) + 1);
    if (newest === undefined || lead(f, newest) < 0) newest = f;
  }
  return {
    kind: 'about',
    replay: {},
    counts: {
      facts: catalog.facts.length,
      entities: catalog.entities.size,
      sources: catalog.sources.size,
      claimants: claimants.size,
      files: catalog.files.length,
    },
    ...(newest === undefined ? {} : { newest: toFigure(catalog, newest) }),
    version: catalog.version,
    byMetric: [...perMetric]
      .sort((a, b) => b[1] - a[1])
      .map(([m, count]) => ({ label: metricDef(catalog, m).label, count })),
    commands,
  };
}
