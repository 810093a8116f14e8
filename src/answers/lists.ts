// /source, /fact and /about: figures listed by who cites them, by a free-text match, or counted.
import { factDate, type Catalog } from '../catalog/catalog.ts';
import { METRICS, type Fact } from '../catalog/schema.ts';
import type { FactSearch } from '../search/facts.ts';
import { entityKey, sourceKey, type SearchIndex } from '../search/index.ts';
import { entityRef, sourceRef, toFigure } from './figure.ts';
import type { Answer, CommandSummary, Paging } from './model.ts';

export const PAGE_SIZE = 10;

function page<T>(items: readonly T[], requested: number, size = PAGE_SIZE): { slice: T[]; paging: Paging } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return { slice: items.slice((p - 1) * size, p * size), paging: { page: p, pages } };
}

/** Newest publication first: a source page is read as "what has this outlet said lately". */
function byPublishedDesc(catalog: Catalog): (a: Fact, b: Fact) => number {
  const pub = (f: Fact): string =>
    f.evidence.reduce((best, e) => {
      const p = catalog.sources.get(e.source)?.published ?? '';
      return p > best ? p : best;
    }, factDate(f) ?? '');
  return (a, b) => {
    const pa = pub(a);
    const pb = pub(b);
    return pa !== pb ? (pa < pb ? 1 : -1) : a.id < b.id ? -1 : 1;
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
  facts.sort(byPublishedDesc(catalog));
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
  const groups = new Map<string, { fact: Fact; earlier: number }>();
  for (const h of relevant) {
    const f = h.fact;
    // A number asked for is a specific figure: do not fold it into its series.
    const key = found.numbers.length > 0 ? f.id : [f.claimant, f.subject, f.metric, f.series ?? '', [...f.places].sort().join(',')].join('\u0000');
    const g = groups.get(key);
    if (g) g.earlier += 1;
    else groups.set(key, { fact: f, earlier: 0 });
  }
  const all = [...groups.values()];
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
  for (const f of catalog.facts) {
    claimants.add(f.claimant);
    perMetric.set(f.metric, (perMetric.get(f.metric) ?? 0) + 1);
    const d = factDate(f);
    if (d !== undefined && (newest === undefined || d > (factDate(newest) ?? ''))) newest = f;
  }
  return {
    kind: 'about',
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
      .map(([m, count]) => ({ label: METRICS[m as keyof typeof METRICS]?.label ?? m, count })),
    commands,
  };
}
