// Time words in questions: "2019", "in 2019", "Dec 2019", "December 2019", "2019-12", "by the end of
// 2018", "since 2014", "as of March 2020", "before 2017", "between 2015 and 2017", "latest", in
// English, French and Arabic (both the Levantine and the Egyptian/Gulf month names). This is
// grammar, not the domain's vocabulary, so it lives here and not in data/. Pure; the tables are
// built once at module load and matching is a few Map look-ups per token.
//
// chrono-node was measured for this (2.10, 20–40 µs a call): it found "December 2019", "Dec 2019"
// and "March 2020" but not bare years, "since 2014", "before 2017", "by end of 2018", "2019-12",
// nor any French or Arabic phrasing, and has no "latest"; this layer would be needed anyway.
import { normalise } from '../catalog/normalise.ts';
import { isRealPartialDate } from '../catalog/schema.ts';
import type { Token } from './tokens.ts';

/**
 * What a question says about time, as an inclusive window of partial ISO dates ("2019",
 * "2019-12", "2019-12-31"), each at the precision typed:
 * - `during`: figures for the window [start, end] ("2019", "in Dec 2019", "2015–2017");
 * - `asOf`: the state on or before `end` ("by the end of 2018", "as of March 2020");
 * - `since`: from `start` on ("since 2014"; "after 2016" starts at 2017);
 * - `before`: up to `end`, which is the unit before the one typed ("before 2017" ends in 2016);
 * - `latest`: the newest figures, no window.
 * `latest: true` on a window means the question also asked for the newest within it.
 */
export type TimeKind = 'during' | 'asOf' | 'since' | 'before' | 'latest';

export interface TimeSpec {
  readonly kind: TimeKind;
  readonly start?: string;
  readonly end?: string;
  readonly latest?: true;
  /** The words as typed, for answers that say what they understood. */
  readonly text: string;
}

/** A time phrase found at a token position: the spec and the tokens it used, [from, to). */
export interface TimeMatch {
  readonly spec: TimeSpec;
  readonly from: number;
  readonly to: number;
  readonly lang?: string;
}

export interface TimeContext {
  /** Whether a bare four-digit year (no month, no "in"/"since" before it) means time. */
  readonly yearIsTime: (year: number) => boolean;
  /** Counts map look-ups, so tests can bound the work. */
  lookups: number;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// ---- tables ---------------------------------------------------------------------------------

const MONTH_NAMES: readonly (readonly [lang: string, names: readonly (readonly string[])[]])[] = [
  [
    'en',
    [
      ['january', 'jan'],
      ['february', 'feb'],
      ['march', 'mar'],
      ['april', 'apr'],
      ['may'],
      ['june', 'jun'],
      ['july', 'jul'],
      ['august', 'aug'],
      ['september', 'sep', 'sept'],
      ['october', 'oct'],
      ['november', 'nov'],
      ['december', 'dec'],
    ],
  ],
  [
    'fr',
    [
      ['janvier', 'janv'],
      ['février', 'févr', 'fevr'],
      ['mars'],
      ['avril', 'avr'],
      ['mai'],
      ['juin'],
      ['juillet', 'juil'],
      ['août'],
      ['septembre'],
      ['octobre'],
      ['novembre'],
      ['décembre', 'déc'],
    ],
  ],
  // Levantine (Syria, Iraq, Lebanon, Jordan): the names the region's own sources use.
  ['ar', [['كانون الثاني'], ['شباط'], ['آذار'], ['نيسان'], ['أيار'], ['حزيران'], ['تموز'], ['آب'], ['أيلول'], ['تشرين الأول'], ['تشرين الثاني'], ['كانون الأول']]],
  // Egyptian and Gulf, with the common Egyptian spellings of April, June and July.
  [
    'ar',
    [['يناير'], ['فبراير'], ['مارس'], ['أبريل', 'إبريل'], ['مايو'], ['يونيو', 'يونية'], ['يوليو', 'يولية'], ['أغسطس'], ['سبتمبر'], ['أكتوبر'], ['نوفمبر'], ['ديسمبر']],
  ],
];

type LeadKind = 'during' | 'asOf' | 'since' | 'after' | 'before' | 'between';

const LEADS: readonly (readonly [LeadKind, lang: string, phrases: readonly string[]])[] = [
  ['during', 'en', ['in', 'during', 'for', 'throughout', 'over']],
  ['during', 'fr', ['en', 'pendant', 'durant', 'au cours de']],
  ['during', 'ar', ['في', 'خلال']],
  ['asOf', 'en', ['as of', 'as at', 'by', 'by the end of', 'by end of', 'at the end of', 'at end of', 'end of', 'the end of', 'until', 'till', 'through', 'thru', 'up to', 'up until', 'to the end of', 'until the end of']],
  ['asOf', 'fr', ['fin', 'fin de', 'à la fin de', 'à fin', 'jusqu’à', 'jusqu’à la fin de', 'au']],
  ['asOf', 'ar', ['حتى', 'بحلول', 'نهاية', 'في نهاية', 'حتى نهاية', 'بنهاية', 'لغاية']],
  ['since', 'en', ['since', 'from']],
  ['since', 'fr', ['depuis', 'à partir de', 'dès']],
  ['since', 'ar', ['منذ']],
  ['after', 'en', ['after']],
  ['after', 'fr', ['après']],
  ['after', 'ar', ['بعد']],
  ['before', 'en', ['before', 'prior to']],
  ['before', 'fr', ['avant']],
  ['before', 'ar', ['قبل']],
  ['between', 'en', ['between', 'from']],
  ['between', 'fr', ['entre', 'de']],
  ['between', 'ar', ['بين', 'من']],
];

/** "from 2015 to 2017", "between 2015 and 2017", "de 2015 à 2017", "من 2015 إلى 2017". */
const RANGE_JOINERS = ['and', 'to', 'through', 'until', 'et', 'à', 'au', 'و', 'إلى', 'حتى'];

/** Words allowed between a lead and its date: "in the year 2019", "عام 2019", "en l'an 2019". */
const FILLERS = ['the', 'year', 'month', 'of', 'de', 'l', 'an', 'année', 'mois', 'عام', 'سنة', 'شهر'];

const LATEST: readonly (readonly [lang: string, phrases: readonly string[]])[] = [
  ['en', ['latest', 'newest', 'most recent', 'the most recent', 'current', 'currently', 'recent', 'now', 'today', 'last', 'up to date']],
  ['fr', ['dernier', 'dernière', 'derniers', 'dernières', 'plus récent', 'plus récents', 'le plus récent', 'actuel', 'actuelle', 'actuellement', 'récent']],
  ['ar', ['الأحدث', 'أحدث', 'آخر', 'الأخير', 'الأخيرة', 'حالياً', 'الحالي', 'الحالية', 'الآن']],
];

interface Phrase<T> {
  readonly words: readonly string[];
  readonly value: T;
  readonly lang: string;
}

/** Phrases keyed by first word, longest first: matching tries a handful, not the table. */
function phraseTable<T>(entries: Iterable<readonly [string, T, string]>): Map<string, Phrase<T>[]> {
  const table = new Map<string, Phrase<T>[]>();
  for (const [text, value, lang] of entries) {
    const words = normalise(text).split(' ').filter((w) => w !== '');
    if (words.length === 0) continue;
    const list = table.get(words[0]!) ?? [];
    list.push({ words, value, lang });
    table.set(words[0]!, list);
  }
  for (const list of table.values()) list.sort((a, b) => b.words.length - a.words.length);
  return table;
}

const MONTHS = phraseTable<number>(MONTH_NAMES.flatMap(([lang, months]) => months.flatMap((names, i) => names.map((n) => [n, i + 1, lang] as const))));
const LEAD_TABLE = phraseTable<LeadKind>(LEADS.flatMap(([kind, lang, phrases]) => phrases.map((p) => [p, kind, lang] as const)));
const LATEST_TABLE = phraseTable<true>(LATEST.flatMap(([lang, phrases]) => phrases.map((p) => [p, true, lang] as const)));
const JOINERS = new Set(RANGE_JOINERS.map(normalise));
const FILLER_WORDS = new Set(FILLERS.map(normalise));
const YEAR_WORDS = new Set(['year', 'month', 'année', 'an', 'mois', 'عام', 'سنة', 'شهر'].map(normalise));

/** Every word the time grammar knows, normalised (for tests and for callers that explain misses). */
export const TIME_WORDS: ReadonlySet<string> = new Set([...MONTHS.keys(), ...LEAD_TABLE.keys(), ...LATEST_TABLE.keys()]);

// ---- matching -------------------------------------------------------------------------------

function matchPhrase<T>(table: Map<string, Phrase<T>[]>, tokens: readonly Token[], i: number, ctx: TimeContext): { value: T; to: number; lang: string } | undefined {
  const first = tokens[i];
  if (first?.kind !== 'word') return undefined;
  ctx.lookups++;
  for (const p of table.get(first.norm) ?? []) {
    let ok = true;
    for (let k = 1; k < p.words.length && ok; k++) {
      const t = tokens[i + k];
      ok = t?.kind === 'word' && t.norm === p.words[k];
    }
    if (ok) return { value: p.value, to: i + p.words.length, lang: p.lang };
  }
  return undefined;
}

const yearOf = (t: Token | undefined): number | undefined =>
  t?.kind === 'number' && t.plain === true && t.raw.length === 4 && t.value! >= MIN_YEAR && t.value! <= MAX_YEAR ? t.value : undefined;

const dayOf = (t: Token | undefined): number | undefined => (t?.kind === 'number' && t.plain === true && t.value! >= 1 && t.value! <= 31 ? t.value : undefined);

const pad = (n: number): string => String(n).padStart(2, '0');

interface DateMatch {
  readonly start: string;
  readonly end: string;
  readonly to: number;
  /** A month, a day or an ISO form was written: time beyond doubt, unlike a bare year. */
  readonly explicit: boolean;
  readonly lang?: string;
}

/** A date expression at token i: ISO, year range, [day] month year, month day year, or a year. */
function matchDate(tokens: readonly Token[], i: number, ctx: TimeContext): DateMatch | undefined {
  const t = tokens[i];
  if (t === undefined) return undefined;
  if (t.kind === 'date') return isRealPartialDate(t.norm) && inRange(t.norm) ? { start: t.norm, end: t.norm, to: i + 1, explicit: true } : undefined;
  if (t.kind === 'years') {
    const [a, b] = t.years!;
    return a >= MIN_YEAR && b <= MAX_YEAR && a <= b ? { start: String(a), end: String(b), to: i + 1, explicit: true } : undefined;
  }
  // "31 December 2019"
  const day = dayOf(t);
  if (day !== undefined) {
    const month = matchPhrase(MONTHS, tokens, i + 1, ctx);
    const year = month && yearOf(tokens[month.to]);
    if (month && year !== undefined) {
      const d = `${year}-${pad(month.value)}-${pad(day)}`;
      return isRealPartialDate(d) ? { start: d, end: d, to: month.to + 1, explicit: true, lang: month.lang } : undefined;
    }
  }
  const month = matchPhrase(MONTHS, tokens, i, ctx);
  if (month) {
    // "December 2019", "December 31, 2019"
    const year = yearOf(tokens[month.to]);
    if (year !== undefined) {
      const m = `${year}-${pad(month.value)}`;
      return { start: m, end: m, to: month.to + 1, explicit: true, lang: month.lang };
    }
    const d2 = dayOf(tokens[month.to]);
    const y2 = d2 !== undefined ? yearOf(tokens[month.to + 1]) : undefined;
    if (d2 !== undefined && y2 !== undefined) {
      const d = `${y2}-${pad(month.value)}-${pad(d2)}`;
      return isRealPartialDate(d) ? { start: d, end: d, to: month.to + 2, explicit: true, lang: month.lang } : undefined;
    }
    return undefined;
  }
  const year = yearOf(t);
  if (year !== undefined) return { start: String(year), end: String(year), to: i + 1, explicit: false };
  return undefined;
}

function inRange(date: string): boolean {
  const y = Number(date.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** Skips filler words ("the year") when a date follows them. */
function skipFillers(tokens: readonly Token[], i: number): number {
  let j = i;
  while (j < tokens.length && j - i < 3 && tokens[j]!.kind === 'word' && FILLER_WORDS.has(tokens[j]!.norm)) j++;
  return j;
}

/**
 * The time phrase starting at token i, if any. A lead word ("in", "since") without a date after
 * it is not time (it is left for the stop words); a bare year is time only if `yearIsTime` says so.
 */
export function matchTime(tokens: readonly Token[], i: number, text: string, ctx: TimeContext): TimeMatch | undefined {
  const spanText = (from: number, to: number): string => text.slice(tokens[from]!.start, tokens[to - 1]!.end);
  const latest = matchPhrase(LATEST_TABLE, tokens, i, ctx);
  if (latest) return { spec: { kind: 'latest', text: spanText(i, latest.to) }, from: i, to: latest.to, lang: latest.lang };

  const lead = matchLead(tokens, i, ctx);
  if (lead) {
    const at = skipFillers(tokens, lead.to);
    const date = matchDate(tokens, at, ctx) ?? (at !== lead.to ? matchDate(tokens, lead.to, ctx) : undefined);
    if (date) {
      if (lead.kind === 'between' || lead.kind === 'since') {
        const joiner = tokens[date.to];
        if (joiner?.kind === 'word' && JOINERS.has(joiner.norm)) {
          ctx.lookups++;
          const second = matchDate(tokens, skipFillers(tokens, date.to + 1), ctx);
          if (second && second.end >= date.start) {
            const spec: TimeSpec = { kind: 'during', start: date.start, end: second.end, text: spanText(i, second.to) };
            return { spec, from: i, to: second.to, lang: lead.lang };
          }
        }
        if (lead.kind === 'between') return undefined;
      }
      const text2 = spanText(i, date.to);
      const spec = specFor(lead.kind, date, text2);
      return spec && { spec, from: i, to: date.to, lang: date.lang ?? lead.lang };
    }
  }
  // With no lead, only a year word makes a filler part of the phrase ("عام 2019", "year 2019");
  // "the" before "2019 figures" is left to the stop words.
  let at = skipFillers(tokens, i);
  let yearWord = false;
  for (let k = i; k < at; k++) yearWord ||= YEAR_WORDS.has(tokens[k]!.norm);
  if (!yearWord) at = i;
  const date = matchDate(tokens, at, ctx);
  if (date && (date.explicit || yearWord || ctx.yearIsTime(Number(date.start)))) {
    return { spec: { kind: 'during', start: date.start, end: date.end, text: spanText(i, date.to) }, from: i, to: date.to, ...(date.lang ? { lang: date.lang } : {}) };
  }
  return undefined;
}

/** The longest lead phrase at i ("by the end of" before "by"). */
function matchLead(tokens: readonly Token[], i: number, ctx: TimeContext): { kind: LeadKind; to: number; lang: string } | undefined {
  const first = tokens[i];
  if (first?.kind !== 'word') return undefined;
  ctx.lookups++;
  const candidates = LEAD_TABLE.get(first.norm);
  if (!candidates) return undefined;
  // Longest first; for one phrase with two readings ("from" = since or between), the range is tried
  // through `since` too, so the first listed wins.
  for (const p of candidates) {
    let ok = true;
    for (let k = 1; k < p.words.length && ok; k++) {
      const t = tokens[i + k];
      ok = t?.kind === 'word' && t.norm === p.words[k];
    }
    if (ok) return { kind: p.value, to: i + p.words.length, lang: p.lang };
  }
  return undefined;
}

function specFor(kind: LeadKind, date: DateMatch, text: string): TimeSpec | undefined {
  switch (kind) {
    case 'during':
    case 'between':
      return { kind: 'during', start: date.start, end: date.end, text };
    case 'asOf':
      return { kind: 'asOf', end: date.end, text };
    case 'since':
      return { kind: 'since', start: date.start, text };
    case 'after': {
      const next = adjacent(date.end, +1);
      return next === undefined ? undefined : { kind: 'since', start: next, text };
    }
    case 'before': {
      const prev = adjacent(date.start, -1);
      return prev === undefined ? undefined : { kind: 'before', end: prev, text };
    }
  }
}

/** The partial date one unit (year, month or day, as precise as given) before or after `d`. */
export function adjacent(d: string, step: 1 | -1): string | undefined {
  if (d.length === 4) {
    const y = Number(d) + step;
    return y >= MIN_YEAR && y <= MAX_YEAR ? String(y) : undefined;
  }
  if (d.length === 7) {
    let y = Number(d.slice(0, 4));
    let m = Number(d.slice(5, 7)) + step;
    if (m === 0) [y, m] = [y - 1, 12];
    if (m === 13) [y, m] = [y + 1, 1];
    return y >= MIN_YEAR && y <= MAX_YEAR ? `${y}-${pad(m)}` : undefined;
  }
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) + step * 86_400_000;
  const out = new Date(t).toISOString().slice(0, 10);
  return inRange(out) ? out : undefined;
}
