// A /timeline answer as the data its chart draws: plain values only, so it can cross to the chart
// worker (src/render/chart/worker.ts) as a message, and the alt text that says the same in words.
// One series per claimant series, never merged; a range stays a range (min and max), a qualifier
// stays a symbol beside its point, and how sure a point is stays a mark of its own.
import type { Answer, Figure } from '../../answers/model.ts';
import { attribution, formatDate, formatValue, QUALIFIER_SYMBOL } from '../format.ts';

export type TimelineAnswer = Extract<Answer, { kind: 'timeline' }>;

/** How sure a point is, most doubtful first: each is drawn with its own shape. */
export const POINT_KINDS = ['draft', 'unconfirmed/disputed', 'date uncertain', 'as stated'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export interface ChartPoint {
  /** YYYY-MM-DD: the date the figure speaks for (a month or year at its first day). */
  readonly date: string;
  /** A single figure's value; absent for a range. */
  readonly value?: number;
  /** A range's ends (drawn as a band), absent for a single figure. */
  readonly min?: number;
  readonly max?: number;
  /** "≥", "~", "≤", ">", "<" or "". */
  readonly qualifier: string;
  readonly kind: PointKind;
}

export interface ChartSeries {
  /** What the legend calls it: the claimant's short name (and the series, when a claimant has two). */
  readonly label: string;
  /** Oldest first. */
  readonly points: readonly ChartPoint[];
  /** Figures with no date, which a time axis cannot place: counted in the alt text. */
  readonly undated: number;
  /** The newest dated figure, in words ("at least 1,410 (30 Sep 2020)"), for the alt text. */
  readonly newest?: string;
}

export interface ChartData {
  readonly title: string;
  /** The unit under the title ("civilians killed"). */
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  /** Who published the figures drawn (the claimant's own report where the chain reaches it), most figures first. */
  readonly sources: readonly string[];
  readonly version: string;
}

/** The chart's file name in the message (the embed's image is attachment://timeline.png). */
export const CHART_FILE = 'timeline.png';
/** Discord's limit on an attachment's description. */
export const ALT_TEXT_MAX = 1024;

export function pointKind(f: Figure): PointKind {
  if (f.draft) return 'draft';
  if (f.status === 'unconfirmed' || f.status === 'disputed') return 'unconfirmed/disputed';
  if (f.dateCertainty === 'inferred' || f.periodUncertain) return 'date uncertain';
  return 'as stated';
}

/** "2019-12" → "2019-12-01", "2019" → "2019-01-01", a timestamp → its day; undefined when unreadable. */
export function dayOf(d: string | undefined): string | undefined {
  const m = d === undefined ? null : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(d);
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

export function chartDataOf(answer: TimelineAnswer, version: string): ChartData {
  const shorts = answer.series.map((s) => s.claimant.short);
  const cited = new Map<string, number>();
  const series = answer.series.map((s, i): ChartSeries => {
    const twice = shorts.indexOf(shorts[i]!) !== shorts.lastIndexOf(shorts[i]!);
    const label = twice && s.series ? `${s.claimant.short} · ${s.series}` : s.claimant.short;
    const points: ChartPoint[] = [];
    let undated = 0;
    let newest: Figure | undefined;
    for (const f of s.rows) {
      const who = attribution(f);
      const publisher = (who?.original ?? who?.nearest)?.publisher.short;
      if (publisher !== undefined) cited.set(publisher, (cited.get(publisher) ?? 0) + 1);
      const date = f.dateCertainty === 'undated' ? undefined : dayOf(f.date);
      if (date === undefined) {
        undated++;
        continue;
      }
      newest = f;
      const v = f.value;
      points.push({
        date,
        ...(typeof v === 'number' ? { value: v } : { min: v.min, max: v.max }),
        qualifier: QUALIFIER_SYMBOL[f.qualifier],
        kind: pointKind(f),
      });
    }
    points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const last = newest === undefined ? undefined : `${formatValue(newest.value, newest.qualifier)} (${formatDate(newest.date!)})`;
    return { label, points, undated, ...(last === undefined ? {} : { newest: last }) };
  });
  const label = answer.metric.label;
  // The publishers most figures come from first (ties: first cited first).
  const sources = [...cited].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  return {
    title: `${label[0]!.toUpperCase()}${label.slice(1)}: ${answer.subject.name}${answer.window ? ` (${answer.window})` : ''}`,
    unit: answer.metric.unit,
    series,
    sources,
    version,
  };
}

/** Whether there is anything to draw: at least one dated figure. */
export function drawable(data: ChartData): boolean {
  return data.series.some((s) => s.points.length > 0);
}

/** The first and last dates drawn, as words ("Oct 2016 to Sep 2020"). */
function span(data: ChartData): string | undefined {
  const dates = data.series.flatMap((s) => s.points.map((p) => p.date)).sort();
  if (dates.length === 0) return undefined;
  const [first, last] = [formatDate(dates[0]!.slice(0, 7)), formatDate(dates[dates.length - 1]!.slice(0, 7))];
  return first === last ? first : `${first} to ${last}`;
}

/**
 * The attachment's description: what the chart shows in words, for a screen reader or a client
 * that shows no images. The claimants, the time covered, each series' newest figure, and what
 * is marked; at most Discord's 1,024 characters (whole series are left out, and counted, first).
 */
export function altText(data: ChartData): string {
  const when = span(data);
  const head = `Chart of ${data.title}${when ? `, ${when}` : ''}; one line per claimant, never merged.`;
  const lines = data.series.map((s) => {
    const n = s.points.length;
    const count = `${n} dated figure${n === 1 ? '' : 's'}${s.undated > 0 ? ` (${s.undated} undated not drawn)` : ''}`;
    return `${s.label}: ${count}${s.newest ? `, newest ${s.newest}` : ''}.`;
  });
  const kinds = POINT_KINDS.filter((k) => k !== 'as stated')
    .map((k) => [k, data.series.reduce((n, s) => n + s.points.filter((p) => p.kind === k).length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const ranges = data.series.reduce((n, s) => n + s.points.filter((p) => p.value === undefined).length, 0);
  const marked = [...(ranges > 0 ? [`${ranges} range${ranges === 1 ? '' : 's'} drawn as bands`] : []), ...kinds];
  const tail = `${marked.length > 0 ? `Marked: ${marked.join(', ')}. ` : ''}Data version ${data.version}.`;
  let kept = lines.length;
  const build = (k: number) =>
    [head, ...lines.slice(0, k), ...(k < lines.length ? [`…and ${lines.length - k} more series.`] : []), tail].join(' ');
  let text = build(kept);
  while (text.length > ALT_TEXT_MAX && kept > 0) text = build(--kept);
  return text.length > ALT_TEXT_MAX ? `${text.slice(0, ALT_TEXT_MAX - 1)}…` : text;
}

