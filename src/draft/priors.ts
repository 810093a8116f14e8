// What the shipped data says about figures like a proposed one, for the fields a sentence leaves
// unsaid: who usually claims a metric ("… reports were determined to be credible" names nobody, and
// every such figure in data/ is CJTF-OIR's), what it is about, where, since when a cumulative toll
// runs (the campaign's start as the data writes it), which series it belongs to, and the claimant's
// verb. Every use is written into the draft's comments with its count ("8 of 8 figures"), so the
// moderator sees a guess as a guess. Built once per catalog; never reads a figure's value.
import type { Catalog } from '../catalog/catalog.ts';
import type { Fact } from '../catalog/schema.ts';

export interface Tally<T> {
  readonly value: T;
  readonly count: number;
  readonly of: number;
}

export interface Priors {
  /** The usual claimant of a metric (of figures about `subject`, when given and the data has some). */
  claimantOf(metric: string, subject?: string): Tally<string> | undefined;
  subjectOf(claimant: string | undefined, metric: string): Tally<string> | undefined;
  placesOf(claimant: string | undefined, metric: string): Tally<readonly string[]> | undefined;
  /** The usual period start of a cumulative metric ("2014-08" for the campaign against ISIS). */
  startOf(claimant: string | undefined, metric: string, subject: string | undefined): Tally<string> | undefined;
  seriesOf(claimant: string, metric: string): Tally<string> | undefined;
  verbOf(claimant: string, metric: string): Tally<string> | undefined;
  /** Series published month by month (periods ending at month ends in many months). */
  isMonthly(series: string): boolean;
  /** Metrics a claimant has figures of: a graded metric is proposed only for a claimant that uses it. */
  claimsMetric(claimant: string, metric: string): boolean;
  /** Whether the claimant has any figure at all. */
  isKnownClaimant(claimant: string): boolean;
  /** How many figures of a metric family the claimant has. */
  familyCount(claimant: string, family: string): number;
  /** Metrics whose figures are mostly one month's (periods of exactly one calendar month). */
  isMonthMetric(metric: string): boolean;
}

/** The most common value and how often it occurs; ties go to the first seen. */
function mode<T>(values: readonly T[], key: (v: T) => string = String): Tally<T> | undefined {
  if (values.length === 0) return undefined;
  const counts = new Map<string, { value: T; count: number }>();
  for (const v of values) {
    const k = key(v);
    const c = counts.get(k);
    if (c) c.count++;
    else counts.set(k, { value: v, count: 1 });
  }
  let best: { value: T; count: number } | undefined;
  for (const c of counts.values()) if (!best || c.count > best.count) best = c;
  return { value: best!.value, count: best!.count, of: values.length };
}

export function buildPriors(catalog: Pick<Catalog, 'facts' | 'metrics'>): Priors {
  const by = new Map<string, Fact[]>();
  const push = (key: string, f: Fact) => {
    const list = by.get(key);
    if (list) list.push(f);
    else by.set(key, [f]);
  };
  const claimants = new Set<string>();
  const familyCounts = new Map<string, number>();
  const monthShare = new Map<string, { months: number; all: number }>();
  const seriesMonths = new Map<string, Set<string>>();
  const seriesMonthEnds = new Map<string, { ends: number; all: number }>();
  for (const f of catalog.facts) {
    push(`m\u0000${f.metric}`, f);
    push(`cm\u0000${f.claimant}\u0000${f.metric}`, f);
    push(`sm\u0000${f.subject}\u0000${f.metric}`, f);
    claimants.add(f.claimant);
    const family = catalog.metrics.get(f.metric)?.family ?? f.metric;
    familyCounts.set(`${f.claimant}\u0000${family}`, (familyCounts.get(`${f.claimant}\u0000${family}`) ?? 0) + 1);
    const share = monthShare.get(f.metric) ?? { months: 0, all: 0 };
    share.all++;
    if (isOneMonth(f.period?.start, f.period?.end)) share.months++;
    monthShare.set(f.metric, share);
    if (f.series !== undefined) {
      const end = f.period?.end ?? f.as_of;
      const months = seriesMonths.get(f.series) ?? new Set<string>();
      if (end && end.length >= 7) months.add(end.slice(0, 7));
      seriesMonths.set(f.series, months);
      const e = seriesMonthEnds.get(f.series) ?? { ends: 0, all: 0 };
      e.all++;
      if (end && isMonthEnd(end)) e.ends++;
      seriesMonthEnds.set(f.series, e);
    }
  }
  const facts = (claimant: string | undefined, metric: string): readonly Fact[] =>
    (claimant !== undefined ? by.get(`cm\u0000${claimant}\u0000${metric}`) : undefined) ?? by.get(`m\u0000${metric}`) ?? [];
  return {
    claimantOf: (metric, subject) => {
      const about = subject !== undefined ? by.get(`sm\u0000${subject}\u0000${metric}`) : undefined;
      return mode((about ?? by.get(`m\u0000${metric}`) ?? []).map((f) => f.claimant));
    },
    subjectOf: (claimant, metric) => mode(facts(claimant, metric).map((f) => f.subject)),
    placesOf: (claimant, metric) => mode(facts(claimant, metric).map((f) => [...f.places].sort()), (p) => p.join(',')),
    startOf: (claimant, metric, subject) => {
      const own = claimant !== undefined ? by.get(`cm\u0000${claimant}\u0000${metric}`) : undefined;
      const list = own && own.some((f) => f.period?.start) ? own : subject !== undefined ? (by.get(`sm\u0000${subject}\u0000${metric}`) ?? []) : [];
      return mode(list.flatMap((f) => (f.period?.start ? [f.period.start] : [])));
    },
    seriesOf: (claimant, metric) => mode((by.get(`cm\u0000${claimant}\u0000${metric}`) ?? []).flatMap((f) => (f.series ? [f.series] : []))),
    verbOf: (claimant, metric) => mode((by.get(`cm\u0000${claimant}\u0000${metric}`) ?? []).map((f) => f.verb)),
    isMonthly: (series) => {
      const e = seriesMonthEnds.get(series);
      return (seriesMonths.get(series)?.size ?? 0) >= 6 && e !== undefined && e.ends >= e.all * 0.8;
    },
    claimsMetric: (claimant, metric) => by.has(`cm\u0000${claimant}\u0000${metric}`),
    isKnownClaimant: (claimant) => claimants.has(claimant),
    familyCount: (claimant, family) => familyCounts.get(`${claimant}\u0000${family}`) ?? 0,
    isMonthMetric: (metric) => {
      const share = monthShare.get(metric);
      return share !== undefined && share.months >= share.all * 0.8;
    },
  };
}

function isMonthEnd(d: string): boolean {
  if (d.length === 7) return true;
  if (d.length < 10) return false;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return Number(d.slice(8, 10)) === new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isOneMonth(start: string | undefined, end: string | undefined): boolean {
  if (start === undefined || end === undefined || start.length < 7 || end.length < 7) return false;
  return start.slice(0, 7) === end.slice(0, 7) && (start.length === 7 || start.endsWith('-01')) && isMonthEnd(end);
}
