// Reads a report into proposed figures. For each number of each sentence: is it a figure at all
// (not a year, a day, an id, page furniture, a count of children or of events), what it counts
// (cues.ts: the vocabulary first, then the reports' own phrasing), how it is qualified ("at least",
// "as many as", a range), who claims it (an entity named beside a reporting verb, "according to X",
// the publication whose publisher claims it, the report's claimant so far, `--claimant`, or what the
// data says about such figures), what it is about and where, and for which period (time.ts, the
// report's date, the monthly rhythm of a series). Every field carries a line saying how it was read.
// Numbers it cannot place are kept with the reason, never dropped.
import type { Catalog } from '../catalog/catalog.ts';
import { latest } from '../catalog/dates.ts';
import { quoteContainsValue } from '../catalog/figures.ts';
import { normalise } from '../catalog/normalise.ts';
import type { Qualifier } from '../catalog/schema.ts';
import { buildSearchIndex, type SearchIndex } from '../search/index.ts';
import type { Token } from '../search/tokens.ts';
import { understand, type EntityMention } from '../search/understand.ts';
import { ANY_DEATHS, buildCues, NOT_A_GRADE, type Cue, type CueTable } from './cues.ts';
import { readReportText, type PageMeta } from './input.ts';
import { readNumbers, type NumberMention } from './numbers.ts';
import { buildPriors, type Priors } from './priors.ts';
import { segment, type Sentence } from './segment.ts';
import { readTimes, type TimeRead } from './time.ts';

/** What reading needs from the data, built once per catalog. */
export interface DraftContext {
  readonly catalog: Catalog;
  readonly index: SearchIndex;
  readonly cues: CueTable;
  readonly priors: Priors;
}

export function draftContext(catalog: Catalog, index?: SearchIndex): DraftContext {
  return { catalog, index: index ?? buildSearchIndex(catalog), cues: buildCues(catalog), priors: buildPriors(catalog) };
}

export interface ReadOptions {
  /** The report's publication date (YYYY-MM-DD, optionally with a time), when the text does not give it. */
  readonly published?: string;
  /** Who asserts the figures the text does not attribute (often the outlet itself). */
  readonly claimant?: string;
  readonly sourceUrl?: string;
}

export type Value = number | { readonly min: number; readonly max: number };

export interface Proposal {
  readonly value: Value;
  readonly metric: string;
  readonly subject: string;
  /** Undefined when nothing names or suggests one: the draft says so and validation flags it. */
  readonly claimant: string | undefined;
  readonly verb: string;
  readonly places: readonly string[];
  readonly period?: { readonly start?: string; readonly end?: string; readonly uncertain?: true };
  readonly as_of?: string;
  readonly qualifier: Qualifier;
  readonly series?: string;
  readonly quote: string;
  /** 1-based line of the report text, and the sentence's index. */
  readonly line: number;
  readonly sentence: number;
  /** One line per field: how it was read. */
  readonly how: readonly string[];
  /** Why the period is assumed, when it is (the schema wants a reason with `uncertain`). */
  readonly notes?: string;
  /** Other lines that state the same figure. */
  readonly also: readonly number[];
  /** Preference when the same figure is read twice: the most explicit reading is kept. */
  readonly score: number;
  /** Fields read from the words (not from context, options or the data). */
  readonly explicit: { readonly claimant: boolean; readonly period: boolean };
}

export interface Unplaced {
  readonly raw: string;
  readonly line: number;
  readonly why: string;
}

export interface Reading {
  readonly proposals: readonly Proposal[];
  readonly unplaced: readonly Unplaced[];
  /** The publication date used, and where it came from. */
  readonly published?: { readonly date: string; readonly how: string };
  readonly title?: string;
  readonly meta: PageMeta;
  readonly html: boolean;
  readonly sentences: number;
}

/** Digits as a page writes them, separators and all: "265628", "0/7980", "1,370", "٢٠١٩". */
const DIGIT_RUN = /[\p{Nd}]+(?:[.,:/\u00a0][\p{Nd}]+)*/gu;

/** The most characters of a sentence kept as a quote (the schema allows 600). */
const MAX_QUOTE = 600;
/** Words between a number and the noun it counts ("45 completed casualty allegation reports"). */
const HEAD_WINDOW = 6;
/** Words after a number that end the noun phrase: a verb follows ("46 were assessed …"). */
const VERBS = new Set([
  'were', 'was', 'are', 'is', 'have', 'has', 'had', 'been', 'be', 'being', 'remain', 'remains', 'remained', 'will', 'would', 'could', 'may', 'might',
  'that', 'which', 'who', 'whom', 'whose', 'had', 'did', 'do', 'does', 'as', 'than', 'in', 'on', 'at', 'by', 'for', 'from', 'to', 'with', 'since', 'and', 'or',
  'han', 'fueron', 'son', 'sono', 'foram', 'sao', 'ont', 'sont',
]);
/** Prepositions end a noun phrase: "185 casos de mortes", "reports of possible civilian casualties". */
const PREPOSITIONS = new Set(['of', 'de', 'di', 'do', 'da', 'des', 'del', 'della', 'sobre', 'entre', 'about', 'over', 'under', 'per']);
/** After "of": "three of these reports", "one of the reports". */
const OF_DETERMINERS = new Set(['the', 'these', 'those', 'them', 'which', 'whom', 'its', 'their']);
/** Verbs that mark who speaks: "CJTF-OIR assesses", "Airwars estimates", "the coalition said". */
const REPORTING_VERBS: Readonly<Record<string, string>> = {
  said: 'says', says: 'says', say: 'says', stated: 'states', states: 'states', added: 'says', noted: 'says', announced: 'announces', announces: 'announces',
  estimates: 'estimates', estimated: 'estimates', estimate: 'estimates', estimating: 'estimates', assesses: 'assesses', assessed: 'assesses', assess: 'assesses',
  reported: 'reports', reports: 'reports', recorded: 'records', records: 'records', counted: 'counts', counts: 'counts', count: 'counts',
  claims: 'claims', claimed: 'claims', claiming: 'claims', acknowledged: 'acknowledges', acknowledges: 'acknowledges', admits: 'admits', admitted: 'admits',
  concedes: 'concedes', conceded: 'concedes', confirmed: 'confirms', confirms: 'confirms', believes: 'believes', believed: 'believes', found: 'finds',
  determined: 'determines', registered: 'registers', tallied: 'counts', documented: 'documents', conducted: 'conducted', podaje: 'says', afferma: 'says',
  tally: 'counts', quoted: 'says', identified: 'identifies', shows: 'says', showed: 'says', told: 'says',
};
const ACCORDING = [['according', 'to'], ['by'], ['per'], ['selon'], ['segun'], ['segundo'], ['secondo'], ['حسب'], ['بحسب'], ['وفق']];
const QUALIFIERS: readonly (readonly [string, Qualifier])[] = [
  ['at least', 'at_least'], ['not less than', 'at_least'], ['no less than', 'at_least'], ['no fewer than', 'at_least'], ['not fewer than', 'at_least'], ['a minimum of', 'at_least'],
  ['au moins', 'at_least'], ['al menos', 'at_least'], ['pelo menos', 'at_least'], ['almeno', 'at_least'], ['co najmniej', 'at_least'], ['ما لا يقل عن', 'at_least'], ['en az', 'at_least'],
  ['more than', 'more_than'], ['over', 'more_than'], ['above', 'more_than'], ['upwards of', 'more_than'], ['in excess of', 'more_than'], ['exceeding', 'more_than'],
  ['plus de', 'more_than'], ['mas de', 'more_than'], ['mais de', 'more_than'], ['oltre', 'more_than'], ['piu di', 'more_than'], ['ponad', 'more_than'], ['أكثر من', 'more_than'],
  ['as many as', 'as_many_as'], ['up to', 'as_many_as'], ['as high as', 'as_many_as'], ['jusqu a', 'as_many_as'], ['hasta', 'as_many_as'],
  ['about', 'about'], ['around', 'about'], ['approximately', 'about'], ['roughly', 'about'], ['nearly', 'about'], ['almost', 'about'], ['some', 'about'],
  ['an estimated', 'about'], ['the estimated', 'about'], ['estimated', 'about'], ['close to', 'about'], ['circa', 'about'], ['environ', 'about'], ['pres de', 'about'],
  ['presque', 'about'], ['unos', 'about'], ['cerca de', 'about'], ['casi', 'about'], ['quase', 'about'], ['blisko', 'about'], ['okolo', 'about'], ['prawie', 'about'],
  ['نحو', 'about'], ['حوالي', 'about'], ['قرابة', 'about'], ['yaklasik', 'about'], ['approx', 'about'],
  ['fewer than', 'fewer_than'], ['less than', 'fewer_than'], ['under', 'fewer_than'], ['below', 'fewer_than'], ['moins de', 'fewer_than'], ['menos de', 'fewer_than'],
];
const QUALIFIER_TABLE: readonly (readonly [readonly string[], Qualifier, string])[] = QUALIFIERS.map(([t, q]) => [normalise(t).split(' '), q, t] as const).sort(
  (a, b) => b[0].length - a[0].length,
);

interface CueHit {
  readonly cue: Cue;
  readonly from: number;
  readonly to: number;
}

interface DocState {
  /** The last one-month window a figure was read with, and where. */
  month?: { start: string; end: string; line: number; text: string };
  /** The last explicit period. */
  period?: { start?: string; end?: string; line: number; text: string };
  /** Claimant of the last figure of each family whose claimant the words gave. */
  claimantByFamily: Map<string, { id: string; line: number; verb?: string }>;
  /** The last claimant the words named, of any kind of figure. */
  lastClaimant?: string;
  /** A running total of reports read in the current sentence ("1,799 reports – 208 of which …"). */
  sentenceTotal?: boolean;
}

/** Reads a report (plain text or a saved HTML page) into proposals and the numbers left unplaced. */
export function readReport(ctx: DraftContext, input: string, options: ReadOptions = {}): Reading {
  const report = readReportText(input);
  const seg = segment(report.text);
  const published = publicationDate(options.published, report.meta.published, seg.stamp);
  const pub = published?.date.slice(0, 10);
  const state: DocState = { claimantByFamily: new Map() };
  const proposals: Proposal[] = [];
  const unplaced: Unplaced[] = [];
  for (const s of seg.sentences) {
    if (s.kind === 'furniture') {
      // Every run of digits as written ("0/7980", "0234"): nothing on such a line is read as a figure.
      for (const m of s.text.matchAll(DIGIT_RUN)) unplaced.push({ raw: m[0], line: s.line, why: `page furniture: ${s.why ?? 'not part of the report'} ("${clip(s.text, 60)}")` });
      continue;
    }
    readSentence(ctx, s, pub, options, state, proposals, unplaced);
  }
  return {
    proposals: merge(proposals),
    unplaced,
    ...(published ? { published } : {}),
    ...(report.meta.title ?? seg.title ? { title: (report.meta.title ?? seg.title)! } : {}),
    meta: report.meta,
    html: report.html,
    sentences: seg.sentences.length,
  };
}

/** The publication date: the option, else the page's meta tag, else a "Published:" stamp. */
function publicationDate(option: string | undefined, meta: string | undefined, stamp: { text: string; line: number } | undefined): { date: string; how: string } | undefined {
  if (option !== undefined) {
    const d = isoDateTime(option);
    if (d) return { date: d, how: '--published' };
  }
  if (meta !== undefined) {
    const d = isoDateTime(meta);
    if (d) return { date: d, how: `the page's metadata ("${clip(meta, 40)}")` };
  }
  if (stamp) {
    const d = stampDate(stamp.text);
    if (d) return { date: d, how: `line ${stamp.line} ("${clip(stamp.text, 60)}")` };
  }
  return undefined;
}

/** "2020-02-14", "2020-02-14T02:34:00+00:00" → the schema's DateTime form (no seconds' fraction). */
export function isoDateTime(s: string): string | undefined {
  const m = /^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ](\d{2}:\d{2})(?::\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(s);
  if (!m) return undefined;
  return m[2] ? `${m[1]}T${m[2]}${m[3] === '+00:00' ? 'Z' : (m[3] ?? '')}` : m[1];
}

/** "0234 GMT February 14, 2020" → "2020-02-14T02:34Z". */
function stampDate(text: string): string | undefined {
  const tokens = readNumbers(text).tokens;
  const day = readTimes(text, tokens, undefined).find((t) => t.kind === 'during' && t.start !== undefined && t.start.length === 10);
  if (!day) return undefined;
  const time = /\b([01]\d|2[0-3]):?([0-5]\d)\s*(?:GMT|UTC)\b/.exec(text);
  return time ? `${day.start}T${time[1]}:${time[2]}Z` : day.start;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** Longest cues over the tokens, one role group at a time, so "non credible" is not also "credible". */
function matchCues(cues: CueTable, tokens: readonly Token[], roles: ReadonlySet<Cue['role']>): CueHit[] {
  const hits: CueHit[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    let best: CueHit | undefined;
    if (t.kind === 'word') {
      for (const cue of cues.byFirst.get(t.norm) ?? []) {
        if (!roles.has(cue.role) || (best && best.to - best.from >= cue.words.length)) continue;
        let ok = true;
        for (let k = 1; k < cue.words.length && ok; k++) ok = tokens[i + k]?.kind === 'word' && tokens[i + k]!.norm === cue.words[k];
        if (ok) best = { cue, from: i, to: i + cue.words.length };
      }
    }
    if (best) {
      hits.push(best);
      i = best.to;
    } else i++;
  }
  return hits;
}

const NOUN_ROLES = new Set<Cue['role']>(['counts', 'block']);

/** One sentence, read once: its tokens, numbers, time phrases, cues and the entities it names. */
interface SentenceView {
  readonly s: Sentence;
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly numbers: readonly NumberMention[];
  readonly times: readonly TimeRead[];
  readonly nouns: readonly CueHit[];
  readonly cumulative: readonly CueHit[];
  readonly breakdown: readonly CueHit[];
  readonly grades: readonly CueHit[];
  readonly entities: readonly EntityMention[];
  readonly places: readonly string[];
  /** A clause break (, ; : — parenthesis) between token j-1 and token j. */
  readonly breakBefore: readonly boolean[];
}

/** Where one number's words are: its own clause, bounded by its neighbours. */
interface Scope {
  /** First token of the words before it that belong to it. */
  readonly left: number;
  /** Token after the last word of its clause after it. */
  readonly right: number;
  /** Up to the next number (ignoring commas): for cues that may sit past a clause break. */
  readonly far: number;
}

function readSentence(ctx: DraftContext, s: Sentence, pub: string | undefined, options: ReadOptions, state: DocState, proposals: Proposal[], unplaced: Unplaced[]): void {
  const text = s.text;
  const { tokens, numbers, odd } = readNumbers(text);
  for (const o of odd) unplaced.push({ raw: o.raw, line: s.line, why: 'written like a date, but no real date' });
  const times = dropComparisons(tokens, readTimes(text, tokens, pub));
  if (numbers.length === 0) {
    rememberTimes(times, s, state);
    return;
  }
  const u = understand(ctx.index, text, { fuzzy: false, yearIsTime: () => true });
  // A word inside a name is part of the name: "UN High Commissioner for Refugees" counts no refugees.
  const named = u.entities.map((e) => [e.start, e.end] as const);
  const outsideNames = (h: CueHit) => !named.some(([a, b]) => tokens[h.from]!.start >= a && tokens[h.to - 1]!.end <= b);
  const v: SentenceView = {
    s,
    text,
    tokens,
    numbers,
    times,
    nouns: matchCues(ctx.cues, tokens, NOUN_ROLES).filter(outsideNames),
    cumulative: matchCues(ctx.cues, tokens, new Set(['cumulative'])),
    breakdown: matchCues(ctx.cues, tokens, new Set(['breakdown'])),
    grades: matchCues(ctx.cues, tokens, new Set(['grade'])).filter((h) => !insideNotAGrade(tokens, h.from)),
    entities: u.entities,
    places: u.places.map((p) => p.id),
    breakBefore: tokens.map((t, j) => j > 0 && /[,;:—–(]|\s-\s/u.test(text.slice(tokens[j - 1]!.end, t.start))),
  };
  const timeAt = new Map<number, TimeRead>();
  for (const t of times) for (let k = t.from; k < t.to; k++) timeAt.set(k, t);
  const inTime = (n: NumberMention) => timeAt.get(n.tokens[0]);
  // Years and days inside a date do not split the words around them into two numbers' shares.
  const counted = numbers.filter((n) => !inTime(n));
  const position = new Map(counted.map((n, i) => [n, i]));
  state.sentenceTotal = false;

  for (const n of numbers) {
    const place = (why: string) => unplaced.push({ raw: n.raw, line: s.line, why });
    const t = inTime(n);
    if (t) {
      place(`part of a date ("${t.text}")`);
      continue;
    }
    const k = position.get(n)!;
    const prev = counted[k - 1];
    const next = counted[k + 1];
    // "34, 514 raids": one number with a stray space, or two? Neither is safe to propose.
    if (splitLooking(text, prev, n) || splitLooking(text, n, next)) {
      const [a, b] = splitLooking(text, prev, n) ? [prev!, n] : [n, next!];
      place(`looks like one number split by a space ("${text.slice(a.start, b.end)}"): check the source`);
      continue;
    }
    const read = readNumber(ctx, v, n, prev, next, pub, options, state);
    if (typeof read === 'string') place(read);
    else {
      proposals.push(read);
      if (read.metric === 'reports_total') state.sentenceTotal = true;
    }
  }
  rememberTimes(times, s, state);
}

/** "rose by 200 per cent compared to 2016": a year compared with is not the figure's period. */
function dropComparisons(tokens: readonly Token[], times: readonly TimeRead[]): TimeRead[] {
  return times.filter((t) => {
    const a = tokens[t.from - 1]?.norm;
    const b = tokens[t.from - 2]?.norm;
    return !((a === 'to' || a === 'with') && (b === 'compared' || b === 'comparison')) && a !== 'than';
  });
}

function scopeOf(v: SentenceView, n: NumberMention, prev: NumberMention | undefined, next: NumberMention | undefined): Scope {
  const [first, last] = n.tokens;
  const from = prev ? prev.tokens[1] + 1 : 0;
  const left = Math.max(from, lastBreak(v.breakBefore, first), afterConjunction(v.tokens, first, from));
  const far = next ? next.tokens[0] : v.tokens.length;
  let right = last + 1;
  while (right < far && !v.breakBefore[right]) right++;
  return { left, right, far };
}

function readNumber(
  ctx: DraftContext,
  v: SentenceView,
  n: NumberMention,
  prev: NumberMention | undefined,
  next: NumberMention | undefined,
  pub: string | undefined,
  options: ReadOptions,
  state: DocState,
): Proposal | string {
  const [first, last] = n.tokens;
  const scope = scopeOf(v, n, prev, next);
  const qualifier = qualifierBefore(v, first, scope.left, n);
  const head = headNoun(v, last + 1, scope.far);
  const yearLike = n.plain && typeof n.value === 'number' && n.value >= 1900 && n.value <= 2100;
  if (yearLike && (head === undefined || head.cue.role === 'block') && qualifier.how === undefined) return 'a year';
  if (typeof n.value === 'number' && !Number.isInteger(n.value)) return 'not a whole number';
  if (/^\d{5,}$/.test(n.raw) && head === undefined) return 'an id or code (long digits, no counted word after it)';
  const before = first - (qualifier.words ?? 0);
  const leftBlock = v.nouns.find((h) => h.cue.role === 'block' && h.to === before && h.from >= scope.left - 1);
  if (head?.cue.role === 'block') return `counts ${head.cue.text}, which no metric counts`;
  if (leftBlock) return `"${leftBlock.cue.text}" before it: not a figure any metric counts`;
  // "6.2 million people have been displaced within Syria": what is said of it rules it out.
  const saidOf =
    head === undefined
      ? v.nouns.find((h) => h.cue.role === 'block' && h.from > last && h.from <= last + 4 && h.from < scope.right && !v.tokens.slice(last + 1, h.from).some((t) => CONJUNCTIONS.has(t.norm)))
      : undefined;
  if (saidOf) return `"${v.text.slice(v.tokens[first]!.start, v.tokens[saidOf.to - 1]!.end)}": not a figure any metric counts`;
  // "on November 26 and 29": a second day of a date.
  const dayList = typeof n.value === 'number' && n.plain && n.value <= 31 && ['and', 'or', 'y', 'et'].includes(v.tokens[first - 1]?.norm ?? '') && v.times.some((t) => t.to === first - 1 && (t.end?.length ?? 0) === 10);
  if (dayList) return 'a day of the date before it';
  const m = chooseMetric(ctx, v, head, n, scope, before);
  if (!m) return 'no word near it says what it counts';
  // "killed in 57 airstrikes", "in four separate air strikes": strikes that place an incident, not a count.
  if (m.family === 'strikes' && v.tokens[before - 1]?.norm === 'in') return `"in ${n.raw} …" places an incident; not a count of strikes`;
  return buildProposal(ctx, v, n, m, qualifier, scope, pub, options, state);
}

function insideNotAGrade(tokens: readonly Token[], at: number): boolean {
  return NOT_A_GRADE.some((p) => {
    const i = p.indexOf(tokens[at]!.norm);
    if (i < 0) return false;
    return p.every((w, k) => tokens[at - i + k]?.norm === w);
  });
}

function splitLooking(text: string, a: NumberMention | undefined, b: NumberMention | undefined): boolean {
  return a !== undefined && b !== undefined && a.form === 'digits' && b.form === 'digits' && /^\d{1,3}$/.test(a.raw) && /^\d{3}$/.test(b.raw) && text.slice(a.end, b.start) === ', ';
}

/** Words that start a new clause: "… non-credible and one was a duplicate". */
const CONJUNCTIONS = new Set(['and', 'while', 'whereas', 'but', 'y', 'et', 'e']);

/** The token after the last conjunction between `from` and the number, else `from`. */
function afterConjunction(tokens: readonly Token[], at: number, from: number): number {
  for (let j = at - 1; j >= from; j--) if (tokens[j]!.kind === 'word' && CONJUNCTIONS.has(tokens[j]!.norm)) return j + 1;
  return from;
}

function lastBreak(breakBefore: readonly boolean[], at: number): number {
  for (let j = at; j > 0; j--) if (breakBefore[j]) return j;
  return 0;
}

/**
 * The noun a number counts: the last cue of the noun phrase after it ("45 completed casualty
 * allegation reports" counts reports, "352 reported civilian casualty events" events), which ends
 * at a verb, a preposition, a clause break or the next number.
 */
function headNoun(v: SentenceView, from: number, to: number): CueHit | undefined {
  const { tokens, nouns, breakBefore } = v;
  let j = from;
  // "three of these reports", "one of the reports".
  if (tokens[j]?.norm === 'of' && OF_DETERMINERS.has(tokens[j + 1]?.norm ?? '')) j += 2;
  let found: CueHit | undefined;
  for (let steps = 0; j < to && steps < HEAD_WINDOW; steps++) {
    if (breakBefore[j]) break;
    const t = tokens[j]!;
    // After the noun, a participle or an adverb starts what is said of it: "deaths presently assessed".
    if (found && t.kind === 'word' && /(?:ed|ly)$/.test(t.norm)) break;
    if (t.kind !== 'word' || VERBS.has(t.norm) || PREPOSITIONS.has(t.norm)) break;
    const hit = nouns.find((h) => h.from === j);
    if (hit) {
      found = hit;
      j = hit.to;
      continue;
    }
    j++;
  }
  return found;
}

interface QualifierRead {
  readonly qualifier: Qualifier;
  readonly how?: string;
  /** Tokens the qualifier takes before the number. */
  readonly words?: number;
}

function qualifierBefore(v: SentenceView, first: number, leftBound: number, n: NumberMention): QualifierRead {
  const { tokens } = v;
  if (n.form === 'range') return { qualifier: 'range', how: `a range ("${n.raw}")` };
  for (const [words, q, text] of QUALIFIER_TABLE) {
    const from = first - words.length;
    if (from < 0 || (from < leftBound && words.length === 1)) continue;
    let ok = true;
    for (let k = 0; k < words.length && ok; k++) ok = tokens[from + k]?.kind === 'word' && tokens[from + k]!.norm === words[k];
    // "carried over 82": "over" belongs to the verb.
    if (ok && v.nouns.some((h) => h.from < first && h.to > from)) ok = false;
    if (ok) return { qualifier: q, how: `"${text}"`, words: words.length };
  }
  if (n.form === 'scaled') return { qualifier: 'about', how: `written rounded with a scale word ("${n.raw}")` };
  return { qualifier: 'exact' };
}

interface MetricRead {
  /** A metric id, or undefined when only the family is known. */
  readonly metric?: string;
  readonly family: string;
  readonly how: string;
}

function familyOfCue(ctx: DraftContext, cue: Cue): string | undefined {
  if (cue.metric) return ctx.catalog.metrics.get(cue.metric)?.family ?? cue.family;
  return cue.family;
}

const DEATH_FAMILIES = new Set(['civilian_deaths', 'civilian_deaths_breakdown', 'war_deaths', ANY_DEATHS]);

/**
 * What a number counts. The family comes from its noun, else the strongest cue around it; the
 * metric within the family from the strongest, then nearest, cue of that family (a verb right
 * before the number — "carried over 82", "killed up to 744" — counts as stronger).
 */
function chooseMetric(ctx: DraftContext, v: SentenceView, head: CueHit | undefined, n: NumberMention, scope: Scope, before: number): MetricRead | undefined {
  const [first, last] = n.tokens;
  const counts = v.nouns.filter((h) => h.cue.role === 'counts');
  const inScope = counts.filter((h) => (h.from >= scope.left && h.to <= first) || (h.from > last && h.from < scope.right) || h === head);
  const distance = (h: CueHit) => (h.to <= first ? Math.max(0, before - h.to) : h.from - last - 1);
  const strength = (h: CueHit) => h.cue.strength + (h.to <= first && distance(h) === 0 ? 1.5 : 0);
  const rank = (a: CueHit, b: CueHit) => strength(b) - strength(a) || distance(a) - distance(b);
  const where = (h: CueHit) => (h === head ? 'its noun' : h.to <= first ? 'before it' : 'after it');
  let family = head ? familyOfCue(ctx, head.cue) : undefined;
  let how = head ? `the noun "${head.cue.text}"` : '';
  let fromHead = head !== undefined;
  if (family === undefined) {
    // No noun after it: "the total number of OIR civilian deaths is now 352" counts what "number of"
    // names; "46 were assessed to be non-credible", the strongest cue around it; "the official civilian
    // death toll …, to 220", the nearest before it in the sentence when a linking word leads to it.
    const counted = numberOf(v, counts, first, scope.left);
    const linked = LINKING.has(v.tokens[before - 1]?.norm ?? '');
    const best = counted ?? [...inScope].sort(rank)[0] ?? (linked ? counts.filter((h) => h.to <= first).sort((a, b) => distance(a) - distance(b))[0] : undefined);
    if (!best) return undefined;
    family = familyOfCue(ctx, best.cue);
    how = `"${best.cue.text}" ${where(best)}`;
    fromHead = false;
  }
  if (family === undefined) return undefined;
  if (DEATH_FAMILIES.has(family)) {
    // Whose deaths: civilians when the number's own words say so, or a civilian word comes before it
    // ("the deaths of another nine civilians, increasing the toll … to 892"); else the war's.
    // Deaths in a sentence about casualty reports or strikes are civilian deaths ("killed up to 744").
    const context = counts.some((h) => h.cue.family === 'casualty_reports' || familyOfCue(ctx, h.cue) === 'casualty_reports' || familyOfCue(ctx, h.cue) === 'strikes');
    const civilian =
      (head !== undefined && isCivilianCue(ctx, head.cue)) ||
      inScope.some((h) => isCivilianCue(ctx, h.cue)) ||
      (!(fromHead && head?.cue.metric === 'war_deaths') && (counts.some((h) => h.to <= first && isCivilianCue(ctx, h.cue)) || (family === ANY_DEATHS && context)));
    const war = family === 'war_deaths' || (family === ANY_DEATHS && !civilian);
    return { family: civilian && !(fromHead && head?.cue.metric === 'war_deaths') ? 'civilian_deaths' : war ? 'war_deaths' : family, how };
  }
  const sameFamily = inScope.filter((h) => h.cue.metric !== undefined && familyOfCue(ctx, h.cue) === family);
  const chosen = [...sameFamily].sort(rank)[0];
  if (chosen) return { metric: chosen.cue.metric!, family, how: chosen === head ? how : `${how}, and "${chosen.cue.text}" ${where(chosen)}` };
  return { family, how };
}

/** Words that lead from a noun to its number: "… is now 352", "… toll to 220", "… totals 199". */
const LINKING = new Set(['is', 'was', 'are', 'were', 'to', 'totals', 'totalled', 'totaled', 'reached', 'reaches', 'stood', 'stands', 'at', 'now', 'amounts', 'of']);

/** "the total number of X … was N", "the toll of X … to N": X, the first cue after "number of". */
function numberOf(v: SentenceView, counts: readonly CueHit[], first: number, left: number): CueHit | undefined {
  const { tokens } = v;
  for (let j = first - 1; j >= Math.max(1, left); j--) {
    const w = tokens[j]!.norm;
    if (w === 'of' && ['number', 'toll', 'total', 'tally', 'count'].includes(tokens[j - 1]!.norm)) {
      const hit = counts.find((h) => h.from > j && h.from <= j + 3 && h.to <= first);
      if (hit) return hit;
    }
    // "total number of credible reports" is one cue.
    const cue = counts.find((h) => h.from === j && /^total number of|^number of/.test(h.cue.words.join(' ')));
    if (cue) return cue;
  }
  return undefined;
}

function isCivilianCue(ctx: DraftContext, cue: Cue): boolean {
  if (cue.role !== 'counts') return false;
  if (/civil|non combatant|noncombatant|مدني|cywil|sivil/u.test(cue.words.join(' '))) return true;
  return cue.metric !== undefined && ctx.catalog.metrics.get(cue.metric)?.family === 'civilian_deaths';
}

function rememberTimes(times: readonly TimeRead[], s: Sentence, state: DocState): void {
  for (const t of times) {
    if (t.kind === 'during' && t.start !== undefined && t.end !== undefined && t.start === t.end && t.start.length === 7) {
      state.month = { start: t.start, end: t.end, line: s.line, text: t.text };
    } else if (t.kind === 'during' && t.start !== undefined && t.end !== undefined && t.start !== t.end) {
      state.period = { start: t.start, end: t.end, line: s.line, text: t.text };
    }
  }
}

// ---- one proposal -----------------------------------------------------------------------------

interface ClaimantRead {
  readonly id: string | undefined;
  readonly how: string;
  readonly verb?: string;
  readonly explicit: boolean;
}

function buildProposal(ctx: DraftContext, v: SentenceView, n: NumberMention, m: MetricRead, q: QualifierRead, scope: Scope, pub: string | undefined, options: ReadOptions, state: DocState): Proposal | string {
  const { catalog, priors } = ctx;
  const { s, text } = v;
  const [first, last] = n.tokens;
  const how: string[] = [];

  // Who says so, as far as the words tell; the data's usual claimant waits for the metric.
  let claimant = readClaimant(ctx, v, n, m.family, options, state, scope);

  // The metric within its family.
  let metric = m.metric;
  let metricHow = m.how;
  const windows = pickWindow(v, state, scope);
  const timeWindow = windows.near;
  const provisional = claimant.id ?? state.lastClaimant;
  const cumulativeCue = v.cumulative.find((h) => h.from >= scope.left && h.from < scope.right) ?? v.cumulative.find((h) => h.to <= first && h.from >= lastBreak(v.breakBefore, first));
  const campaignStart = provisional !== undefined ? priors.startOf(provisional, m.family === 'casualty_reports' ? 'reports_total' : 'civilian_deaths', undefined)?.value : undefined;
  const fromStart =
    timeWindow?.kind === 'campaignStart' ||
    timeWindow?.kind === 'since' ||
    (timeWindow?.kind === 'during' && timeWindow.start !== timeWindow.end && (m.family !== 'casualty_reports' || (campaignStart !== undefined && timeWindow.start!.slice(0, 4) <= campaignStart.slice(0, 4))));
  if (m.family === 'civilian_deaths') {
    const cumulative = cumulativeCue !== undefined || fromStart;
    const grade = v.grades.find((h) => h.from >= first - 8 && h.from <= last + 8) ?? v.grades[0];
    const oneMonth = timeWindow?.kind === 'during' && timeWindow.start === timeWindow.end && timeWindow.start?.length === 7;
    const oneYear = timeWindow?.kind === 'during' && timeWindow.start === timeWindow.end && timeWindow.start?.length === 4;
    const breakdown = v.breakdown.find((h) => Math.abs(h.from - first) <= 10);
    const graded = grade ? gradedMetric(ctx, grade.cue.grade!, provisional) : undefined;
    const likely = gradedMetric(ctx, 'likely', provisional);
    if (grade && graded) {
      metric = graded;
      metricHow = `${m.how}, graded "${grade.cue.text}"`;
    } else if (!cumulative && oneMonth) {
      metric = 'civilian_deaths_month';
      metricHow = `${m.how}, in one month ("${timeWindow!.text}")`;
    } else if (!cumulative && oneYear) {
      metric = 'civilian_deaths_year';
      metricHow = `${m.how}, in one year ("${timeWindow!.text}")`;
    } else if (!cumulative && breakdown) {
      metric = 'civilian_deaths_month';
      metricHow = `${m.how}, what one month's assessments found ("${breakdown.cue.text}")`;
    } else if ((q.qualifier === 'as_many_as' || q.qualifier === 'range') && provisional !== undefined && likely !== undefined && priors.claimsMetric(provisional, likely)) {
      metric = likely;
      metricHow = `${m.how}; ${q.qualifier === 'range' ? 'a range' : 'an upper bound'} from a claimant that grades its estimates: its likely range`;
    } else {
      metric = 'civilian_deaths';
      metricHow = `${m.how}, a running toll${cumulativeCue ? ` ("${cumulativeCue.cue.text}")` : fromStart ? '' : ' (no month or year is given)'}`;
    }
  }
  const ofTotal = state.sentenceTotal === true && v.tokens[last + 1]?.norm === 'of' && ['which', 'them', 'these'].includes(v.tokens[last + 2]?.norm ?? '');
  if (m.family === 'casualty_reports' && metric !== undefined && (fromStart || ofTotal)) {
    // "Since the start of the campaign, … has received 1,790 reports": the running total.
    const total = metric === 'reports_credible' ? 'reports_credible_total' : metric === 'reports_new' || metric === 'reports_completed' ? 'reports_total' : undefined;
    if (total && catalog.metrics.has(total)) {
      metric = total;
      metricHow = `${metricHow}, counted from the start (${ofTotal ? 'part of the running total before it' : `"${timeWindow!.text}"`})`;
    }
  }
  if (metric === undefined) {
    const inFamily = [...catalog.metrics.values()].filter((x) => x.family === m.family);
    if (inFamily.length === 1) metric = inFamily[0]!.id;
    else return `counts ${labelOfFamily(ctx, m.family)} (${m.how}), but no word says which stage or kind`;
  }
  const def = catalog.metrics.get(metric);
  if (!def) return `counts "${metric}", which the vocabulary does not define`;
  how.push(`metric ${metric}: ${metricHow}`);

  // Value and qualifier.
  const quote = quoteOf(text, n);
  if (!quoteContainsValue(quote, n.value)) return `the quote check does not read ${n.raw} as ${JSON.stringify(n.value)}`;
  how.push(`value: "${n.raw}" (${formDescription(n)})`);
  how.push(`qualifier ${q.qualifier}: ${q.how ?? 'no qualifying word before it'}`);

  // The claimant the data suggests, when the words named none.
  if (claimant.id === undefined) {
    const about = readSubject(ctx, v.entities, undefined, metric, n);
    const prior = priors.claimantOf(metric, about.how.startsWith('"') ? about.id : undefined);
    if (prior && prior.count >= prior.of * 0.6) {
      claimant = { id: prior.value, how: `not named; ${prior.count} of ${prior.of} ${metric} figures in data/ are ${prior.value}'s`, explicit: false };
    }
  }
  if (claimant.explicit && claimant.id !== undefined) {
    state.claimantByFamily.set(m.family, { id: claimant.id, line: s.line, ...(claimant.verb ? { verb: claimant.verb } : {}) });
    state.lastClaimant = claimant.id;
  }
  how.push(`claimant ${claimant.id ?? '(unknown: add one)'}: ${claimant.how}`);
  const subject = readSubject(ctx, v.entities, claimant.id, metric, n);
  how.push(`subject ${subject.id}: ${subject.how}`);
  const places = readPlaces(ctx, v.places, claimant.id, metric);
  how.push(`places [${places.ids.join(', ')}]: ${places.how}`);
  const verbPrior = claimant.id !== undefined ? priors.verbOf(claimant.id, metric) : undefined;
  const verb = verbPrior?.value ?? claimant.verb ?? 'says';
  how.push(`verb ${verb}: ${verbPrior ? `as ${verbPrior.count} of ${verbPrior.of} such figures of this claimant in data/` : claimant.verb ? 'the verb beside the claimant' : 'not written; the default'}`);

  // Series, then the period (which may need the series' rhythm).
  const series = claimant.id !== undefined ? priors.seriesOf(claimant.id, metric) : undefined;
  const period = readPeriod(ctx, def.cumulative, metric, def.cumulative ? windows.any : timeWindow, claimant.id, subject.id, series?.value, pub, state, def.cumulative ? v.times : (timeWindow ? [timeWindow] : []));
  how.push(period.how);

  const score = period.bounds * 2 + (claimant.explicit ? 2 : 0) + (q.how ? 1 : 0) + (s.kind === 'prose' ? 1 : -2) + (period.period?.uncertain ? -1 : 0);
  return {
    value: n.value,
    metric,
    subject: subject.id,
    claimant: claimant.id,
    verb,
    places: places.ids,
    ...(period.period ? { period: period.period } : {}),
    ...(period.asOf ? { as_of: period.asOf } : {}),
    qualifier: q.qualifier,
    ...(series ? { series: series.value } : {}),
    quote,
    line: s.line,
    sentence: s.index,
    how,
    ...(period.notes ? { notes: period.notes } : {}),
    also: [],
    score,
    explicit: { claimant: claimant.explicit, period: period.explicit },
  };
}

function gradedMetric(ctx: DraftContext, grade: 'likely' | 'alleged', claimant: string | undefined): string | undefined {
  const m = [...ctx.catalog.metrics.values()].find((x) => x.family === 'civilian_deaths' && x.grade === grade);
  if (!m) return undefined;
  // CJTF-OIR's "likely" ("Those strikes likely killed 54 civilians") is its standard of proof, not a
  // grade: a graded metric only for a claimant whose figures in the data use it, or a new claimant.
  return claimant === undefined || ctx.priors.claimsMetric(claimant, m.id) || !ctx.priors.isKnownClaimant(claimant) ? m.id : undefined;
}

function labelOfFamily(ctx: DraftContext, family: string): string {
  return ctx.catalog.families.get(family)?.label ?? family;
}

function formDescription(n: NumberMention): string {
  switch (n.form) {
    case 'words':
      return 'number words';
    case 'scaled':
      return 'digits and a scale word';
    case 'dotted':
      return 'a dot as thousands separator';
    case 'range':
      return 'two numbers joined as a range';
    default:
      return 'digits';
  }
}

/**
 * The quote: the sentence, or the quoted speech within it that holds the number ("…,” the monthly
 * report said" keeps the report's words), cut to the clauses around the number when too long.
 */
export function quoteOf(text: string, n: { start: number; end: number }): string {
  let from = 0;
  let to = text.length;
  const marks = [...text.matchAll(/["“”«»]/gu)].map((m) => ({ at: m.index!, c: m[0] }));
  const before = marks.filter((m) => m.at < n.start);
  const after = marks.filter((m) => m.at >= n.end);
  // Inside a quotation when an odd number of marks come before it (straight quotes), or the last
  // curly mark before it opens one; a quotation opened in the sentence before counts too.
  const straight = marks.every((m) => m.c === '"');
  const opened = straight ? before.length % 2 === 1 : before.length > 0 && /[“«]/u.test(before[before.length - 1]!.c);
  // With no mark before it, a quotation opened in the sentence before: its closing mark is unpaired.
  const carried = before.length === 0 && (straight ? after.length % 2 === 1 : after.length > 0 && /[”»]/u.test(after[0]!.c));
  const closing = after[0];
  if (closing && (opened || carried) && (straight || /[”»]/u.test(closing.c))) {
    const tail = text.slice(closing.at + 1).trim();
    if (tail === '' || /^[,.;:!?]?\s*\S/u.test(tail)) {
      from = opened ? before[before.length - 1]!.at + 1 : 0;
      to = closing.at;
    }
  }
  let q = text.slice(from, to).trim().replace(/^[,;:]\s*/, '').replace(/[,;:]$/, '');
  const at = n.start - from;
  if (q.length > MAX_QUOTE) {
    const start = Math.max(0, q.lastIndexOf(',', Math.max(0, at - 200)) + 1);
    q = q.slice(start, start + MAX_QUOTE).trim();
  }
  return q.trim();
}

// ---- claimant, subject, places -------------------------------------------------------------------

/** Words after an entity that make it the one acting, not the one speaking: "killed by coalition strikes". */
const ACTING = new Set(['strikes', 'strike', 'airstrikes', 'airstrike', 'air', 'raids', 'actions', 'action', 'aircraft', 'bombing', 'operations', 'campaign', 'forces', 'artillery', 'attacks', 'warplanes', 'jets']);

function readClaimant(ctx: DraftContext, v: SentenceView, n: NumberMention, family: string, options: ReadOptions, state: DocState, scope: Scope): ClaimantRead {
  const { tokens } = v;
  const tokenAt = (offset: number) => {
    const i = tokens.findIndex((t) => t.start >= offset);
    return i < 0 ? tokens.length : i;
  };
  const candidates: { id: string; score: number; how: string; verb?: string }[] = [];
  for (const e of v.entities) {
    const reach = claimantsNear(ctx, e.id, family)[0];
    if (!reach) continue;
    const direct = reach.id === e.id;
    const from = tokenAt(e.start);
    const to = tokenAt(e.end);
    let score = direct ? 2 : 1;
    let verb: { norm: string; raw: string } | undefined;
    // "CJTF-OIR assesses", "Airwars, an NGO which monitors civilian casualties worldwide, estimates".
    for (let k = to; k < Math.min(tokens.length, to + 14); k++) {
      const r = REPORTING_VERBS[tokens[k]!.norm];
      if (r) {
        score += k - to <= 2 ? 3 : 2;
        verb = { norm: r, raw: tokens[k]!.raw };
        break;
      }
      if (k > to + 2 && v.entities.some((x) => x !== e && tokenAt(x.start) === k)) break;
    }
    // "said CJTF-OIR", "according to (monitoring group) Airwars", "assessed as likely by Airwars".
    for (let k = Math.max(0, from - 6); k < from; k++) {
      const w = tokens[k]!.norm;
      const r = REPORTING_VERBS[w];
      // "…, said CJTF-OIR." names the speaker; "said the coalition may have killed" does not.
      const atEnd = to >= tokens.length || v.breakBefore[to];
      if (r && verb === undefined && from - k <= 2 && atEnd) {
        score += 2;
        verb = { norm: r, raw: tokens[k]!.raw };
      }
      const according = ACCORDING.find((p) => p.every((x, i) => tokens[k + i]?.norm === x));
      if (according && k + according.length <= from && from - (k + according.length) <= (w === 'by' ? 0 : 3)) score += w === 'by' ? 1 : 4;
    }
    // Named as the one acting ("killed by coalition strikes", "in coalition raids"), it is the subject.
    const acting = ACTING.has(tokens[to]?.norm ?? '') || (tokens[to]?.norm === 's' && ACTING.has(tokens[to + 1]?.norm ?? ''));
    if (acting) score -= 3;
    // A claimant named inside the number's own clause ("… fatalities according to Airwars").
    if (from > n.tokens[1] && from < scope.right) score += 2;
    else if (from >= scope.left && from < n.tokens[0]) score += 1;
    const d = Math.min(Math.abs(from - n.tokens[1]), Math.abs(n.tokens[0] - to));
    score -= Math.min(d, 30) / 30;
    const said = verb ? ` + "${verb.raw}"` : '';
    const how = direct ? `"${e.text}"${said}` : `"${e.text}"${said} (${e.name}; such figures are claimed by ${reach.id}: ${reach.path})`;
    candidates.push({ id: reach.id, score, how, ...(verb ? { verb: verb.norm } : {}) });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (best && best.score > 0) return { id: best.id, how: best.how, explicit: true, ...(best.verb ? { verb: best.verb } : {}) };
  const before = state.claimantByFamily.get(family);
  if (before) return { id: before.id, how: `not named here; as for this kind of figure on line ${before.line}`, explicit: false, ...(before.verb ? { verb: before.verb } : {}) };
  if (options.claimant !== undefined) return { id: options.claimant, how: 'not named; --claimant', explicit: false };
  return { id: undefined, how: 'not named', explicit: false };
}

/**
 * Who claims figures of this family for an entity named: itself, or the nearest related entity that
 * does (the coalition's figures are CJTF-OIR's: CJTF-OIR part_of the coalition), most figures first.
 */
function claimantsNear(ctx: DraftContext, id: string, family: string): { id: string; path: string }[] {
  const count = (x: string) => ctx.priors.familyCount(x, family);
  const out: { id: string; path: string; n: number; depth: number }[] = [];
  const seen = new Set([id]);
  let frontier = [{ id, path: '' }];
  for (let depth = 0; depth <= 2 && frontier.length > 0; depth++) {
    const next: { id: string; path: string }[] = [];
    for (const f of frontier) {
      if (count(f.id) > 0 || (depth === 0 && ctx.priors.isKnownClaimant(f.id))) out.push({ ...f, n: count(f.id), depth });
      for (const r of ctx.catalog.relations) {
        const other = r.from === f.id ? r.to : r.to === f.id ? r.from : undefined;
        if (other === undefined || seen.has(other)) continue;
        seen.add(other);
        next.push({ id: other, path: `${f.path}${f.path ? ', ' : ''}${r.from} ${r.kind} ${r.to}` });
      }
    }
    frontier = next;
  }
  return out.sort((a, b) => b.n - a.n || a.depth - b.depth);
}

function readSubject(ctx: DraftContext, entities: readonly EntityMention[], claimant: string | undefined, metric: string, n: NumberMention): { id: string; how: string } {
  const { priors } = ctx;
  const family = ctx.catalog.metrics.get(metric)?.family;
  const knownFor = (id: string) =>
    ctx.catalog.facts.some((f) => f.subject === id && (f.metric === metric || ctx.catalog.metrics.get(f.metric)?.family === family));
  const named = entities
    .filter((e) => e.role === 'subject' || e.subjects.some((r) => r.path.length === 0))
    .map((e) => ({ e, d: Math.min(Math.abs(e.start - n.end), Math.abs(n.start - e.end)) }))
    .sort((a, b) => a.d - b.d);
  for (const { e } of named) {
    const id = e.subjects[0]?.id ?? e.id;
    if (knownFor(id)) return { id, how: `"${e.text}"` };
  }
  const prior = priors.subjectOf(claimant, metric);
  if (prior) return { id: prior.value, how: `not named; as ${prior.count} of ${prior.of} such figures${claimant ? ` of ${claimant}` : ''} in data/` };
  return { id: named[0]?.e.id ?? 'us-led-coalition', how: 'not named; a guess' };
}

function readPlaces(ctx: DraftContext, placeIds: readonly string[], claimant: string | undefined, metric: string): { ids: string[]; how: string } {
  if (placeIds.length > 0) return { ids: [...new Set(placeIds)], how: 'named in the sentence' };
  const prior = ctx.priors.placesOf(claimant, metric);
  if (prior && prior.value.length > 0) return { ids: [...prior.value], how: `not named; as ${prior.count} of ${prior.of} such figures in data/` };
  return { ids: [], how: 'none named' };
}

// ---- period ----------------------------------------------------------------------------------

/** The time phrase a sentence's figures speak for: a window first, then a start or an as-of. */
/**
 * The time phrase a number's figure speaks for. `near`: one in its own clause, or one opening the
 * sentence ("In December 2019, CJTF-OIR investigated 82 …"), which decides a month's or a year's
 * figure; `any`: failing those, one elsewhere in the sentence, which may still date a running total
 * ("… bring the toll of the campaign, which began in 2014, to 220").
 */
function pickWindow(v: SentenceView, state: DocState, scope: Scope): { near?: TimeRead; any?: TimeRead } {
  const times = v.times;
  const same = times.find((t) => t.kind === 'samePeriod');
  if (same) {
    const p = state.period ?? state.month;
    if (p) {
      const t: TimeRead = { kind: 'during', start: p.start!, end: p.end!, text: `${same.text}: ${p.text}, line ${p.line}`, from: same.from, to: same.to };
      return { near: t, any: t };
    }
  }
  const clauseStart = lastBreak(v.breakBefore, scope.left);
  const usable = times.filter((t) => !t.weekday);
  // The opening clause's time phrase speaks for the sentence ("In the month of December, …").
  const firstBreak = v.breakBefore.indexOf(true);
  const near = usable.filter((t) => (t.to > clauseStart && t.from < scope.right) || (firstBreak > 0 && t.to <= firstBreak));
  const pick = (list: readonly TimeRead[]) =>
    list.find((t) => t.kind === 'during' && t.start !== t.end) ??
    list.find((t) => t.kind === 'since') ??
    list.find((t) => t.kind === 'campaignStart') ??
    list.find((t) => t.kind === 'during') ??
    list.find((t) => t.kind === 'asOf') ??
    list.find((t) => t.kind === 'toDate');
  const n = pick(near);
  return { ...(n ? { near: n } : {}), ...((n ?? pick(usable)) ? { any: (n ?? pick(usable))! } : {}) };
}

interface PeriodRead {
  readonly period?: { start?: string; end?: string; uncertain?: true };
  readonly asOf?: string;
  readonly how: string;
  readonly notes?: string;
  readonly explicit: boolean;
  /** How many of start and end the words gave (0–2): the more, the better the reading. */
  readonly bounds: number;
}

const pad = (x: number) => String(x).padStart(2, '0');

/** A month's first and last day: "2019-12" → 2019-12-01 … 2019-12-31. */
function monthSpan(month: string): { start: string; end: string } {
  return { start: `${month}-01`, end: latest(month) };
}

/** The month a monthly report covers, from its release: released by the 14th, the month before last. */
export function coveredMonth(published: string): string | undefined {
  if (published.length < 10) return undefined;
  let y = Number(published.slice(0, 4));
  let m = Number(published.slice(5, 7)) - (Number(published.slice(8, 10)) <= 14 ? 2 : 1);
  while (m < 1) {
    m += 12;
    y -= 1;
  }
  return `${y}-${pad(m)}`;
}

function readPeriod(
  ctx: DraftContext,
  cumulative: boolean,
  metric: string,
  w: TimeRead | undefined,
  claimant: string | undefined,
  subject: string,
  series: string | undefined,
  pub: string | undefined,
  state: DocState,
  times: readonly TimeRead[],
): PeriodRead {
  const monthly = series !== undefined && ctx.priors.isMonthly(series);
  const rhythm = (): { month: string; note: string } | undefined => {
    if (!monthly || pub === undefined) return undefined;
    const month = coveredMonth(pub);
    return month ? { month, note: `Period assumed from the monthly rhythm of ${series}: a report released on ${pub} covers ${month}.` } : undefined;
  };
  const endOf = (d: string) => (d.length === 10 ? d : latest(d));
  const said = (t: TimeRead) => `"${t.text}"${t.inferred ? ` (from ${t.inferred})` : ''}`;
  const isMonthMetric = !cumulative && metric !== 'civilian_deaths_year' && (monthly || ctx.priors.isMonthMetric(metric));
  /**
   * A start as written, made as precise as the data's usual start when they agree: "since 2014" in a
   * report on the campaign is its start in August 2014 as the data writes it.
   */
  const startFrom = (written: string | undefined, t: TimeRead | undefined): { start?: string; how: string; bounds: number } => {
    const p = ctx.priors.startOf(claimant, metric, subject);
    if (written !== undefined && t !== undefined) {
      if (p && p.value.length > written.length && p.value.startsWith(written)) return { start: p.value, how: `start ${p.value}: ${said(t)}, the start ${p.count} of ${p.of} such figures in data/ give`, bounds: 1 };
      return { start: written, how: `start: ${said(t)}`, bounds: 1 };
    }
    if (p) return { start: p.value, how: `start ${p.value}: ${t?.kind === 'campaignStart' ? `"${t.text}", ` : 'not stated; '}the start ${p.count} of ${p.of} such figures in data/ give`, bounds: t?.kind === 'campaignStart' ? 1 : 0 };
    return { how: 'start: not stated', bounds: 0 };
  };

  if (cumulative) {
    let end: string | undefined;
    const parts: string[] = [];
    let bounds = 0;
    let uncertain: { month: string; note: string } | undefined;
    let start: string | undefined;
    if (w?.kind === 'during' && w.start !== w.end) {
      const st = startFrom(w.start, w);
      start = st.start;
      end = endOf(w.end!);
      parts.push(`period: ${said(w)}${st.start !== w.start ? ` (${st.how})` : ''}`);
      bounds = 2;
    } else {
      const st = startFrom(w?.kind === 'since' ? w.start : undefined, w?.kind === 'since' || w?.kind === 'campaignStart' ? w : undefined);
      start = st.start;
      parts.push(st.how);
      bounds += st.bounds;
      const asOf = times.find(
        (t) => t.kind === 'asOf' || t.kind === 'toDate' || (t.kind === 'during' && t.start === t.end && t.start !== undefined && t.start.length >= 7 && !(t.weekday && monthly)),
      );
      if (asOf?.end !== undefined && asOf.kind !== 'toDate') {
        end = endOf(asOf.end);
        parts.push(`end: ${said(asOf)}`);
        bounds++;
      } else if ((uncertain = rhythm())) {
        end = endOf(uncertain.month);
        parts.push(`end ${end}: assumed, the month a report of ${series} released on ${pub} covers`);
      } else if (pub !== undefined) {
        end = pub;
        parts.push(`end ${pub}: ${asOf?.kind === 'toDate' ? `"${asOf.text}", ` : ''}the report's date`);
      }
    }
    const period = { ...(start ? { start } : {}), ...(end ? { end } : {}), ...(uncertain ? { uncertain: true as const } : {}) };
    return {
      ...(start || end ? { period } : {}),
      ...(end ? { asOf: end } : pub ? { asOf: pub } : {}),
      how: parts.join('; ') || 'period: none stated and no report date',
      ...(uncertain ? { notes: uncertain.note } : {}),
      explicit: bounds > 0,
      bounds,
    };
  }

  if (isMonthMetric) {
    if (w?.kind === 'during' && w.start === w.end && w.start !== undefined && w.start.length === 7) {
      const span = monthSpan(w.start);
      return { period: span, asOf: span.end, how: `period: the month ${said(w)}`, explicit: true, bounds: 2 };
    }
    if (w?.kind === 'during' && w.start !== undefined && w.end !== undefined && w.start !== w.end) {
      return { period: { start: w.start, end: endOf(w.end) }, asOf: endOf(w.end), how: `period: ${said(w)}`, explicit: true, bounds: 2 };
    }
    if (state.month) {
      const span = monthSpan(state.month.start);
      return { period: span, asOf: span.end, how: `period: the month of line ${state.month.line} ("${state.month.text}")`, explicit: false, bounds: 1 };
    }
    const r = rhythm();
    if (r) {
      const span = monthSpan(r.month);
      return { period: { ...span, uncertain: true }, asOf: span.end, how: `period ${r.month}: assumed, the month a report of ${series} released on ${pub} covers`, notes: r.note, explicit: false, bounds: 0 };
    }
    return pub ? { asOf: pub, how: `as of ${pub}: the report's date; no month is given`, explicit: false, bounds: 0 } : { how: 'period: none stated and no report date', explicit: false, bounds: 0 };
  }

  if (metric === 'civilian_deaths_year' && w?.kind === 'during' && w.start?.length === 4 && w.start === w.end) {
    return { period: { start: `${w.start}-01-01`, end: `${w.start}-12-31` }, asOf: `${w.start}-12-31`, how: `period: the year ${said(w)}`, explicit: true, bounds: 2 };
  }

  // A snapshot (troops, refugees): as of a date, perhaps since a start.
  const parts: string[] = [];
  const since = times.find((t) => t.kind === 'since');
  const st = startFrom(since?.start, since);
  if (st.start !== undefined) parts.push(st.how);
  const at = times.find((t) => (t.kind === 'during' || t.kind === 'asOf') && t.end !== undefined && t.end.length >= 7 && !(t.kind === 'during' && t.start !== t.end));
  let end: string | undefined;
  if (at?.end) {
    end = at.end;
    parts.push(`as of ${said(at)}`);
  } else if (pub) {
    end = pub;
    parts.push(`as of ${pub}: the report's date`);
  }
  const period = st.start ? { start: st.start, ...(end ? { end } : {}) } : undefined;
  const bounds = st.bounds + (at ? 1 : 0);
  return { ...(period ? { period } : {}), ...(end ? { asOf: end } : {}), how: parts.join('; ') || 'period: none stated and no report date', explicit: bounds > 0, bounds };
}

// ---- merging ---------------------------------------------------------------------------------

/**
 * One figure read twice (a headline, then the body) is proposed once: the most explicit reading is
 * kept, with the other lines noted. Two readings whose stated periods differ stay apart.
 */
function merge(list: readonly Proposal[]): Proposal[] {
  const out: Proposal[] = [];
  for (const p of list) {
    const i = out.findIndex(
      (o) =>
        o.metric === p.metric &&
        JSON.stringify(o.value) === JSON.stringify(p.value) &&
        (o.claimant === p.claimant || o.claimant === undefined || p.claimant === undefined) &&
        compatiblePeriods(o, p),
    );
    if (i < 0) {
      out.push(p);
      continue;
    }
    const o = out[i]!;
    const [keep, drop] = p.score > o.score ? [p, o] : [o, p];
    out[i] = { ...keep, also: [...new Set([...keep.also, drop.line, ...drop.also])].filter((l) => l !== keep.line).sort((a, b) => a - b) };
  }
  return out;
}

/** Two readings of one figure: their periods may differ in precision ("2014" and "2014-08"), not in substance. */
function compatiblePeriods(a: Proposal, b: Proposal): boolean {
  const fits = (x: string | undefined, y: string | undefined) => x === undefined || y === undefined || x.startsWith(y) || y.startsWith(x);
  if (!(a.explicit.period && b.explicit.period)) return true;
  return fits(a.period?.start, b.period?.start) && fits(a.period?.end?.slice(0, 7), b.period?.end?.slice(0, 7));
}
