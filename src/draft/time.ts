// What a sentence says about time, for a figure's period and as-of date. The grammar of query
// understanding (src/search/time.ts: "in December 2019", "since August 2014", "by the end of
// 2018", month names in English, French and Arabic) does the reading; this adds what reports write
// and questions do not: a range whose end is "the end of" a month ("between August 2014 and the end
// of December 2019"), a month with no year ("in the month of December", read against the report's
// date), "this year", "to date", "since the start of the operation", "during this period" (the
// period of the sentence before), and a weekday ("on Thursday").
import { isRealPartialDate } from '../catalog/schema.ts';
import { latest } from '../catalog/dates.ts';
import { matchTime, TIME_WORDS, type TimeSpec } from '../search/time.ts';
import { tokenize, type Token } from '../search/tokens.ts';

export type TimeKind =
  /** A window: [start, end] at the precision written. */
  | 'during'
  /** Up to `end`. */
  | 'asOf'
  /** From `start` on. */
  | 'since'
  /** "to date", "so far", "currently": up to the report's date. */
  | 'toDate'
  /** "since the start of the operation": the campaign's start, which the sentence does not give. */
  | 'campaignStart'
  /** "during this period", "in that time": the period of an earlier sentence. */
  | 'samePeriod';

export interface TimeRead {
  readonly kind: TimeKind;
  readonly start?: string;
  readonly end?: string;
  /** The words, as written. */
  readonly text: string;
  /** Token indexes [from, to). */
  readonly from: number;
  readonly to: number;
  /** The year (or the day, for a weekday) was worked out from the report's date, not written. */
  readonly inferred?: string;
  /** A weekday ("on Thursday"): when something was said, seldom what a figure covers. */
  readonly weekday?: true;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const TO_DATE = [['to', 'date'], ['so', 'far'], ['currently'], ['now'], ['at', 'present'], ['presently'], ['hasta', 'la', 'fecha'], ['a', 'ce', 'jour'], ['حتى', 'الآن']];
const SAME_PERIOD = [
  ['during', 'this', 'period'], ['during', 'that', 'period'], ['during', 'the', 'period'], ['in', 'that', 'time'], ['during', 'that', 'time'], ['during', 'this', 'time'],
  ['over', 'the', 'same', 'period'], ['in', 'the', 'same', 'period'], ['during', 'this', 'time', 'period'], ['during', 'the', 'same', 'period'],
];
const START_WORDS = new Set(['start', 'beginning', 'begin', 'outset', 'launch', 'inicio', 'debut', 'rozpoczecia']);
const SINCE_WORDS = new Set(['since', 'depuis', 'desde', 'od', 'منذ']);
const JOIN_WORDS = new Set(['and', 'to', 'until', 'till', 'through', 'et', 'y', 'a', 'e', 'au', 'hasta', 'و', 'إلى', 'حتى']);
/** Words of "the end of" between a range's joiner and its second date. */
const END_WORDS = new Set(['the', 'end', 'of', 'close', 'fin', 'de', 'la', 'نهاية']);
const MONTH_LEADS = new Set(['in', 'during', 'of', 'for', 'since', 'last', 'en', 'pendant', 'durant', 'في', 'خلال', 'throughout', 'through', 'until', 'by', 'em', 'de', 'w', 'a', 'nel', 'di']);

/**
 * Month names of languages the time grammar does not know yet (it reads English, French and Arabic),
 * as reports in them are drafted too. Normalised (no accents).
 */
const MORE_MONTHS: Readonly<Record<string, number>> = {
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
  janeiro: 1, fevereiro: 2, marco: 3, maio: 5, junho: 6, julho: 7, setembro: 9, outubro: 10, novembro: 11, dezembro: 12,
  gennaio: 1, febbraio: 2, aprile: 4, maggio: 5, giugno: 6, luglio: 7, settembre: 9, ottobre: 10, dicembre: 12,
};

/** Month number of a month name in any language the time grammar knows, or undefined. */
const monthCache = new Map<string, number | undefined>();
function monthNumber(t: Token): number | undefined {
  if (t.kind === 'word' && MORE_MONTHS[t.norm] !== undefined) return MORE_MONTHS[t.norm];
  if (t.kind !== 'word' || !TIME_WORDS.has(t.norm)) return undefined;
  if (monthCache.has(t.norm)) return monthCache.get(t.norm);
  const probe = tokenize(`${t.norm} 2000`);
  const m = matchTime(probe, 0, `${t.norm} 2000`, { yearIsTime: () => true, lookups: 0 });
  const month = m && m.spec.start?.length === 7 && m.spec.start === m.spec.end && m.to === probe.length ? Number(m.spec.start.slice(5, 7)) : undefined;
  monthCache.set(t.norm, month);
  return month;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function phraseAt(tokens: readonly Token[], i: number, phrases: readonly (readonly string[])[]): number | undefined {
  for (const p of phrases) {
    let ok = true;
    for (let k = 0; k < p.length && ok; k++) ok = tokens[i + k]?.kind === 'word' && tokens[i + k]!.norm === p[k];
    if (ok) return i + p.length;
  }
  return undefined;
}

/**
 * The time phrases of a sentence, in order. `published` (YYYY-MM-DD…) resolves a month written
 * without its year to the latest such month not after it, and "this year", "last month", weekdays.
 */
export function readTimes(sentence: string, tokens: readonly Token[], published: string | undefined): TimeRead[] {
  const out: TimeRead[] = [];
  const ctx = { yearIsTime: () => true, lookups: 0 };
  const span = (from: number, to: number): string => sentence.slice(tokens[from]!.start, tokens[to - 1]!.end);
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    const same = phraseAt(tokens, i, SAME_PERIOD);
    if (same !== undefined) {
      out.push({ kind: 'samePeriod', text: span(i, same), from: i, to: same });
      i = same;
      continue;
    }
    const toDate = phraseAt(tokens, i, TO_DATE);
    if (toDate !== undefined && published !== undefined) {
      out.push({ kind: 'toDate', end: published.slice(0, 10), text: span(i, toDate), from: i, to: toDate });
      i = toDate;
      continue;
    }
    // "since the start of the operation", unless a date follows ("… of its operations in 2014").
    if (t.kind === 'word' && (SINCE_WORDS.has(t.norm) || (t.norm === 'from' && START_WORDS.has(tokens[i + 2]?.norm ?? '')))) {
      let k = i + 1;
      while (k < tokens.length && k - i <= 3 && tokens[k]!.kind === 'word' && !START_WORDS.has(tokens[k]!.norm)) k++;
      if (tokens[k]?.kind === 'word' && START_WORDS.has(tokens[k]!.norm)) {
        const date = findDateAfter(tokens, k + 1, 8, sentence, published, ctx);
        if (date) {
          out.push({ kind: 'since', start: date.read.start!, text: span(i, date.read.to), from: i, to: date.read.to, ...(date.read.inferred ? { inferred: date.read.inferred } : {}) });
          i = date.read.to;
        } else {
          const end = Math.min(tokens.length, k + 1 + phraseLength(tokens, k + 1));
          out.push({ kind: 'campaignStart', text: span(i, end), from: i, to: end });
          i = end;
        }
        continue;
      }
    }
    const read = readDateAt(tokens, i, sentence, published, ctx);
    if (read) {
      out.push(read);
      i = read.to;
      continue;
    }
    i++;
  }
  return combine(out, tokens, sentence);
}

/** How many words after "the start of" name what started: "Operation Inherent Resolve", "the air campaign". */
function phraseLength(tokens: readonly Token[], i: number): number {
  let k = i;
  while (k < tokens.length && k - i < 5 && tokens[k]!.kind === 'word' && !['and', 'in', 'on', 'the'].includes(tokens[k]!.norm) || (k === i && tokens[k]?.norm === 'the')) k++;
  return k - i;
}

function findDateAfter(tokens: readonly Token[], i: number, within: number, sentence: string, published: string | undefined, ctx: { yearIsTime: () => boolean; lookups: number }) {
  for (let k = i; k < tokens.length && k - i < within; k++) {
    if (tokens[k]!.kind === 'number' && !isYearToken(tokens[k]!)) return undefined;
    const read = readDateAt(tokens, k, sentence, published, ctx);
    if (read?.start) return { read };
  }
  return undefined;
}

function isYearToken(t: Token): boolean {
  return t.kind === 'number' && t.plain === true && t.raw.length === 4 && t.value! >= 1900 && t.value! <= 2100;
}

function readDateAt(
  tokens: readonly Token[],
  i: number,
  sentence: string,
  published: string | undefined,
  ctx: { yearIsTime: () => boolean; lookups: number },
): TimeRead | undefined {
  const t = tokens[i]!;
  const span = (from: number, to: number): string => sentence.slice(tokens[from]!.start, tokens[to - 1]!.end);
  const m = matchTime(tokens, i, sentence, ctx);
  if (m && m.spec.kind !== 'latest') return fromSpec(m.spec, m.from, m.to);
  // "23 من أيلول 2018" (23 September 2018), "8th August 2014".
  const d = dayOf(t);
  if (d !== undefined) {
    const at = tokens[i + 1]?.norm === 'من' || tokens[i + 1]?.norm === 'de' ? i + 2 : i + 1;
    const mo = tokens[at] ? monthNumber(tokens[at]!) : undefined;
    const y = yearOf(tokens[at + 1]);
    if (mo !== undefined && y !== undefined) {
      const date = `${y}-${pad(mo)}-${pad(d)}`;
      if (isRealPartialDate(date)) return { kind: 'during', start: date, end: date, text: span(i, at + 2), from: i, to: at + 2 };
    }
  }
  if (t.kind !== 'word') return undefined;
  // "during the year" in a report: its year (an annual report early in a year: the year before).
  if ((t.norm === 'during' || t.norm === 'over' || t.norm === 'in') && tokens[i + 1]?.norm === 'the' && tokens[i + 2]?.norm === 'year' && published !== undefined && tokens[i + 3]?.kind !== 'number') {
    const y = String(Number(published.slice(0, 4)) - (Number(published.slice(5, 7) || '12') <= 2 ? 1 : 0));
    return { kind: 'during', start: y, end: y, text: span(i, i + 3), from: i, to: i + 3, inferred: `the report's date (${published.slice(0, 10)})` };
  }
  const pubYear = published ? Number(published.slice(0, 4)) : undefined;
  // "this year", "last year", "last month".
  if ((t.norm === 'this' || t.norm === 'last') && published !== undefined) {
    const unit = tokens[i + 1]?.norm;
    if (unit === 'year') {
      const y = String(pubYear! - (t.norm === 'last' ? 1 : 0));
      return { kind: 'during', start: y, end: y, text: span(i, i + 2), from: i, to: i + 2, inferred: `the report's date (${published.slice(0, 10)})` };
    }
    if (unit === 'month') {
      const pm = published.slice(0, 7);
      const mo = t.norm === 'last' ? previousMonth(pm) : pm;
      return { kind: 'during', start: mo, end: mo, text: span(i, i + 2), from: i, to: i + 2, inferred: `the report's date (${published.slice(0, 10)})` };
    }
  }
  // "on Thursday": the latest such day not after the report's date.
  const wd = WEEKDAYS.indexOf(t.norm);
  if (wd >= 0 && published !== undefined && published.length >= 10 && tokens[i - 1]?.norm === 'on') {
    const day = weekdayOnOrBefore(published.slice(0, 10), wd);
    if (day) return { kind: 'during', start: day, end: day, text: span(i - 1, i + 1), from: i - 1, to: i + 1, inferred: `the weekday before the report's date (${published.slice(0, 10)})`, weekday: true };
  }
  // A month with no year: "In the month of December", "In February", "Oct. 25", "as of Jan. 31".
  const month = monthNumber(t);
  if (month !== undefined) {
    const capital = /^\p{Lu}/u.test(t.raw);
    const ambiguous = t.norm === 'may' || t.norm === 'march' || t.norm === 'mar';
    const prev = tokens[i - 1];
    const day = dayOf(tokens[i + 1]);
    const led = prev?.kind === 'word' && MONTH_LEADS.has(prev.norm);
    // "August 8th 2014": a year after the day is written; otherwise it is worked out from the report's date.
    const written = day !== undefined ? yearOf(tokens[i + 2]) : undefined;
    if ((led || day !== undefined || capital) && (!ambiguous || capital) && (written !== undefined || published !== undefined)) {
      let year = written ?? yearFor(month, day, published!);
      let to = day !== undefined ? i + 2 + (written !== undefined ? 1 : 0) : i + 1;
      // "February this year", "December last year".
      if (published !== undefined && written === undefined && (tokens[to]?.norm === 'this' || tokens[to]?.norm === 'last') && tokens[to + 1]?.norm === 'year') {
        year = Number(published.slice(0, 4)) - (tokens[to]!.norm === 'last' ? 1 : 0);
        to += 2;
      }
      const date = day !== undefined ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`;
      if (!isRealPartialDate(date)) return undefined;
      const asOf = prev?.kind === 'word' && ((prev.norm === 'of' && (tokens[i - 2]?.norm === 'as' || tokens[i - 2]?.norm === 'end')) || prev.norm === 'by' || prev.norm === 'until' || prev.norm === 'through');
      const inferred = written === undefined && published !== undefined ? { inferred: `the report's date (${published.slice(0, 10)})` } : {};
      return { kind: asOf ? 'asOf' : 'during', ...(asOf ? {} : { start: date }), end: date, text: span(i, to), from: i, to, ...inferred };
    }
  }
  return undefined;
}

/** A day of the month: "25", or "8th". */
function dayOf(t: Token | undefined): number | undefined {
  if (t?.kind === 'number' && t.plain === true && t.value! >= 1 && t.value! <= 31) return t.value!;
  const m = t?.kind === 'word' ? /^(\d{1,2})(?:st|nd|rd|th)$/.exec(t.norm) : null;
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 31 ? Number(m[1]) : undefined;
}

function yearOf(t: Token | undefined): number | undefined {
  return t !== undefined && isYearToken(t) ? t.value! : undefined;
}

function fromSpec(spec: TimeSpec, from: number, to: number): TimeRead {
  const kind = spec.kind === 'before' ? 'asOf' : spec.kind === 'latest' ? 'toDate' : spec.kind;
  return { kind, ...(spec.start ? { start: spec.start } : {}), ...(spec.end ? { end: spec.end } : {}), text: spec.text, from, to };
}

/** The latest `month` (and day) not after the report's date: "December" in a February 2020 report is December 2019. */
function yearFor(month: number, day: number | undefined, published: string): number {
  const py = Number(published.slice(0, 4));
  const pm = Number(published.slice(5, 7)) || 12;
  const pd = Number(published.slice(8, 10)) || 31;
  if (month < pm || (month === pm && (day === undefined || day <= pd))) return py;
  return py - 1;
}

function previousMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
}

function weekdayOnOrBefore(date: string, weekday: number): string | undefined {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (!Number.isFinite(t)) return undefined;
  const back = (new Date(t).getUTCDay() - weekday + 7) % 7;
  return new Date(t - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Joins what the grammar read apart: "between August 2014 and the end of December 2019" (a date,
 * then an as-of) and "since August 2014 until June 2019" make one window; "since … in 2011" (the
 * date some words after "since") is a start.
 */
function combine(reads: TimeRead[], tokens: readonly Token[], sentence: string): TimeRead[] {
  const out: TimeRead[] = [];
  for (let k = 0; k < reads.length; k++) {
    const a = reads[k]!;
    const b = reads[k + 1];
    const lead = tokens[a.from - 1];
    const opens = a.kind === 'since' || (a.kind === 'during' && lead?.kind === 'word' && ['between', 'from', 'entre', 'de', 'desde', 'od'].includes(lead.norm));
    if (opens && b && (b.kind === 'asOf' || b.kind === 'during' || b.kind === 'toDate') && b.end !== undefined && a.start !== undefined && b.from - a.to <= 5) {
      // "and", "until", "and the end of", "to the end of".
      const between = tokens.slice(a.to, b.from);
      const joiner = between.length > 0 && JOIN_WORDS.has(between[0]!.norm) && between.every((t) => t.kind === 'word' && (JOIN_WORDS.has(t.norm) || END_WORDS.has(t.norm)));
      if (joiner && latest(b.end) >= a.start) {
        const from = lead && opens && a.kind !== 'since' ? a.from - 1 : a.from;
        out.push({ kind: 'during', start: a.start, end: b.end, text: sentence.slice(tokens[from]!.start, tokens[b.to - 1]!.end), from, to: b.to, ...(a.inferred || b.inferred ? { inferred: (a.inferred ?? b.inferred)! } : {}) });
        k++;
        continue;
      }
    }
    // "since the terrorists first took arms after anti-government protests erupted in 2011".
    if (a.kind === 'during' && a.start !== undefined) {
      let s = a.from - 1;
      while (s >= 0 && a.from - s <= 14 && !(tokens[s]!.kind === 'word' && SINCE_WORDS.has(tokens[s]!.norm)) && tokens[s]!.kind === 'word') s--;
      const covered = out.length > 0 && out[out.length - 1]!.to > s;
      if (s >= 0 && a.from - s <= 14 && tokens[s]!.kind === 'word' && SINCE_WORDS.has(tokens[s]!.norm) && !covered) {
        const { end: _end, ...rest } = a;
        out.push({ ...rest, kind: 'since', text: sentence.slice(tokens[s]!.start, tokens[a.to - 1]!.end), from: s });
        continue;
      }
    }
    out.push(a);
  }
  return out;
}
