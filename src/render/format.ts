// Wording shared by every renderer: numbers, dates, periods and the sentence for a figure, so the
// terminal and Discord say exactly the same thing. Plain text only; escaping is the renderer's job.
import type { Qualifier } from '../catalog/schema.ts';
import type { Figure, SourceRef } from '../answers/model.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// toLocaleString builds a formatter on every call; answers format dozens of numbers each.
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

const QUALIFIER_WORDS: Record<Exclude<Qualifier, 'range'>, string> = {
  exact: '',
  about: 'about',
  at_least: 'at least',
  more_than: 'more than',
  as_many_as: 'as many as',
  fewer_than: 'fewer than',
};

export function formatValue(value: Figure['value'], qualifier: Qualifier): string {
  if (typeof value !== 'number') return `between ${formatNumber(value.min)} and ${formatNumber(value.max)}`;
  if (qualifier === 'range') return formatNumber(value);
  const q = QUALIFIER_WORDS[qualifier];
  return q === '' ? formatNumber(value) : `${q} ${formatNumber(value)}`;
}

/** "2020-02-13" → "13 Feb 2020", "2014-08" → "Aug 2014", "2014" → "2014"; times are dropped. */
export function formatDate(d: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(d);
  if (!m) return d;
  const [, y, mo, day] = m;
  if (mo === undefined) return y!;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return day === undefined ? `${month} ${y}` : `${Number(day)} ${month} ${y}`;
}

/**
 * A date as trustworthy as it is: "undated" for a page with none, "≈ Feb 2020" for a date worked
 * out rather than printed, else as formatDate.
 */
export function formatDoubtfulDate(d: string, inferred: boolean | undefined): string {
  if (d === 'undated') return 'undated';
  return inferred ? `≈ ${formatDate(d)}` : formatDate(d);
}

function lastDayOfMonth(ym: string): number {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate();
}

/**
 * "Aug 2014–Dec 2019": both ends at the coarser of their precisions (a report "since August 2014"
 * through 31 December reads as months), and a whole calendar month as just "Dec 2019".
 */
export function formatPeriod(p: { start?: string; end?: string } | undefined): string | undefined {
  if (!p || (p.start === undefined && p.end === undefined)) return undefined;
  let start = p.start?.slice(0, 10);
  let end = p.end?.slice(0, 10);
  if (start === undefined) return `until ${formatDate(end!)}`;
  if (end === undefined) return `since ${formatDate(start)}`;
  if (start.length === 10 && end.length === 10 && start.endsWith('-01') && Number(end.slice(8)) === lastDayOfMonth(end.slice(0, 7))) {
    start = start.slice(0, 7);
    end = end.slice(0, 7);
  }
  const n = Math.min(start.length, end.length);
  start = start.slice(0, n);
  end = end.slice(0, n);
  if (start === end) return formatDate(start);
  return `${formatDate(start)}–${formatDate(end)}`;
}

/** "at least 1,370 civilians killed" */
export function valuePhrase(f: Pick<Figure, 'value' | 'qualifier' | 'unit'>): string {
  return `${formatValue(f.value, f.qualifier)} ${f.unit}`;
}

/** " · likely": the claimant's grade as a label beside the sentence, never inside it. */
export function gradeSuffix(f: Pick<Figure, 'grade'>): string {
  return f.grade === undefined ? '' : ` · ${f.grade}`;
}

/** "Airwars estimates between 8,220 and 13,299 civilians killed · likely" */
export function headline(f: Pick<Figure, 'claimant' | 'verb' | 'value' | 'qualifier' | 'unit' | 'grade'>): string {
  return `${f.claimant.short} ${f.verb} ${valuePhrase(f)}${gradeSuffix(f)}`;
}

/** " · Iraq, Syria": what a figure covers, so a place filter never hides a wider total. */
export function placesSuffix(f: Figure): string {
  return f.places.length > 0 ? ` · ${f.places.map((p) => p.name).join(', ')}` : '';
}

/**
 * "Aug 2014–Dec 2019 · as of 31 Dec 2019" (either part may be missing), with the doubts: "Oct 2016?"
 * for an assumed period, "as of ≈ 14 Feb 2020" for a date only as sure as a worked-out
 * publication date, "undated" when nothing says when the figure stood.
 */
export function whenPhrase(f: Figure): string | undefined {
  const parts: string[] = [];
  const period = formatPeriod(f.period);
  if (period) parts.push(f.periodUncertain ? `${period}?` : period);
  const asOfShown = f.asOf !== undefined && (f.period?.end === undefined || f.asOf.slice(0, 10) !== f.period.end.slice(0, 10));
  if (asOfShown) parts.push(`as of ${formatDoubtfulDate(f.asOf!, f.dateCertainty === 'inferred')}`);
  if (f.dateCertainty === 'undated') parts.push('undated');
  else if (f.dateCertainty === 'inferred' && !f.periodUncertain && !asOfShown) parts.push('end date worked out, not printed');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** The figure's date as a table cell or a short mention: "Oct 2016?", "≈ 14 Feb 2020", "undated". */
export function figureDate(f: Figure): string {
  if (f.dateCertainty === 'undated' || f.date === undefined) return 'undated';
  const d = formatDate(f.date);
  if (f.periodUncertain) return `${d}?`;
  return f.dateCertainty === 'inferred' ? `≈ ${d}` : d;
}

/** Said under a figure whose period is assumed: the "?" explained. */
export const PERIOD_NOTE = 'Period uncertain: assumed, not stated by the source';

export const STATUS_NOTE: Partial<Record<Figure['status'], string>> = {
  unconfirmed: 'unconfirmed: no independent source confirms it',
  disputed: 'disputed',
  superseded: 'superseded by a later figure',
};

/**
 * Who to credit: the source we read (nearest), and the claimant's own publication behind it when
 * the relay chain reaches one. A chain can run past the claim (an article that relays a wire for
 * one figure and adds another of its own), so the original is the claimant's, never just the end.
 */
export function attribution(f: Figure): { nearest: SourceRef; original?: SourceRef } | undefined {
  const chain = f.citations[0]?.chain ?? [];
  const nearest = chain[0];
  if (!nearest) return undefined;
  const original = chain.find((s) => s.publisher.id === f.claimant.id);
  return original === undefined || original === nearest ? { nearest } : { nearest, original };
}

/** "civilians killed" → "civilians were killed": the pasted sentence is prose. */
function citeUnit(unit: string): string {
  return unit.replace(/^(\S+) (killed)$/, '$1 were $2');
}

/** "KUNA" or "KUNA (attribution unverified)": a working assumption is never passed on as fact. */
function publisherCite(s: SourceRef): string {
  return s.attributionDoubt === undefined ? s.publisher.short : `${s.publisher.short} (attribution unverified)`;
}

/**
 * One line a newsroom can paste: "CJTF-OIR assesses at least 1,370 civilians were killed,
 * Aug 2014–Dec 2019 (monthly civilian casualty report, 13 Feb 2020; reported by KUNA, <url>)".
 */
export function citeLine(f: Figure): string {
  const period = formatPeriod(f.period);
  const when = period
    ? f.periodUncertain
      ? `${period}? (period assumed)`
      : f.dateCertainty === 'undated'
        ? `${period}, undated`
        : period
    : f.dateCertainty === 'undated' || f.date === undefined
      ? 'undated'
      : `as of ${figureDate(f)}`;
  let s = `${f.claimant.short} ${f.verb} ${formatValue(f.value, f.qualifier)} ${citeUnit(f.unit)}`;
  if (f.grade !== undefined) s += ` [${f.grade}]`;
  s += `, ${when}`;
  const a = attribution(f);
  const date = (x: SourceRef): string => formatDoubtfulDate(x.published, x.publishedInferred);
  if (a?.original) {
    s += ` (${a.original.title}, ${date(a.original)}; reported by ${publisherCite(a.nearest)}${a.nearest.url ? `, ${a.nearest.url}` : ''})`;
  } else if (a) {
    const by = a.nearest.publisher.id === f.claimant.id ? '' : `${publisherCite(a.nearest)}: `;
    s += ` (${by}${a.nearest.title}, ${date(a.nearest)}${a.nearest.url ? `, ${a.nearest.url}` : ''})`;
  }
  if (f.status === 'unconfirmed' || f.status === 'disputed') s += ` [${f.status}]`;
  return s;
}

/** The qualifier as a table cell or a chart point shows it: ≥ at least, > more than, ~ about, ≤ as many as, < fewer than. */
export const QUALIFIER_SYMBOL: Readonly<Record<Figure['qualifier'], string>> = {
  exact: '',
  about: '~',
  at_least: '≥',
  more_than: '>',
  as_many_as: '≤',
  fewer_than: '<',
  range: '',
};
// Superseded is the normal state of every earlier row in a series; flagging it would be noise.
const FLAG: Record<Figure['status'], string> = { current: '', superseded: '', disputed: ' !', unconfirmed: ' ?' };

/** "≥1,370 ?": a value as a table cell, qualifier and doubt kept as symbols. */
export function tableValue(f: Figure): string {
  const v = typeof f.value === 'number' ? formatNumber(f.value) : `${formatNumber(f.value.min)}–${formatNumber(f.value.max)}`;
  return `${QUALIFIER_SYMBOL[f.qualifier]}${v}${FLAG[f.status]}`;
}

/** Table rows newest-last; the caller keeps as many of the newest as fit. */
export function tableRows(rows: readonly Figure[]): string[] {
  const dates = rows.map(figureDate);
  const values = rows.map(tableValue);
  const dw = Math.max(4, ...dates.map((d) => d.length));
  const vw = Math.max(5, ...values.map((v) => v.length));
  return rows.map((f, i) => `${dates[i]!.padEnd(dw)}  ${values[i]!.padStart(vw)}  ${f.published ? formatDoubtfulDate(f.published, f.publishedInferred) : 'undated'}`.trimEnd());
}

