// /timeline: one metric about a subject over time, one table per claimant series (never merged).
import type { Fact, MetricId } from '../catalog/schema.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import { entityKey, type SearchIndex } from '../search/index.ts';
import { entityRef, toFigure } from './figure.ts';
import type { Answer, TimelineSeries } from './model.ts';

export interface TimelineQuery {
  readonly subject: string;
  readonly metric?: MetricId;
  /** Only figures in a time window ("since 2019"): the test, and the words that asked for it. */
  readonly window?: { readonly within: (f: Fact) => boolean; readonly words: string };
}

/** Facts about the subject or its parts, or failing that claimed by it: newest first. */
export function subjectFacts(index: SearchIndex, subject: string): Fact[] {
  const out: Fact[] = [];
  for (const id of index.descendants.get(subject) ?? [subject]) out.push(...(index.facts.get(entityKey(id))?.get('subject') ?? []));
  if (out.length > 0) return out;
  return [...(index.facts.get(entityKey(subject))?.get('claimant') ?? [])];
}

/** Metrics with figures for the subject, the one with the longest series first. */
export function metricsFor(index: SearchIndex, subject: string): MetricId[] {
  const counts = new Map<MetricId, number>();
  for (const f of subjectFacts(index, subject)) counts.set(f.metric, (counts.get(f.metric) ?? 0) + 1);
  // Civilian deaths are what the bot is for; prefer them when the subject has any.
  const bias = (m: MetricId): number => (m === 'civilian_deaths' ? 1e9 : 0);
  return [...counts].sort((a, b) => b[1] + bias(b[0]) - (a[1] + bias(a[0])) || (a[0] < b[0] ? -1 : 1)).map(([m]) => m);
}

export function timelineAnswer(index: SearchIndex, q: TimelineQuery): Answer {
  const { catalog } = index;
  const subject = entityRef(catalog, q.subject);
  const available = metricsFor(index, q.subject);
  const metric = q.metric ?? available[0];
  if (metric === undefined) {
    return { kind: 'not_found', message: `No figures about ${subject.name} yet.`, suggestions: [] };
  }
  const all = subjectFacts(index, q.subject).filter((f) => f.metric === metric);
  const facts = q.window ? all.filter(q.window.within) : all;
  if (facts.length === 0 && all.length > 0 && q.window) {
    return { kind: 'not_found', message: `No ${metricDef(catalog, metric).label} figures about ${subject.name} for ${q.window.words}.`, suggestions: [] };
  }
  if (facts.length === 0) {
    return {
      kind: 'not_found',
      message: `No ${metricDef(catalog, metric).label} figures about ${subject.name}.`,
      suggestions: available.map((m) => ({ label: metricDef(catalog, m).label, value: m })),
      pick: { option: 'metric', rest: { subject: q.subject } },
    };
  }
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = `${f.claimant}\u0000${f.series ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const series: TimelineSeries[] = [...groups.values()].map((g) => ({
    claimant: entityRef(catalog, g[0]!.claimant),
    ...(g[0]!.series === undefined ? {} : { series: g[0]!.series }),
    rows: [...g].reverse().map((f) => toFigure(catalog, f)),
  }));
  series.sort((a, b) => b.rows.length - a.rows.length || (a.claimant.name < b.claimant.name ? -1 : 1));
  return {
    kind: 'timeline',
    subject,
    metric: { id: metric, label: metricDef(catalog, metric).label, unit: metricDef(catalog, metric).unit },
    series,
    otherMetrics: available.filter((m) => m !== metric),
    replay: { subject: q.subject, metric, ...(q.window ? { when: q.window.words } : {}) },
    ...(q.window ? { window: q.window.words } : {}),
  };
}
