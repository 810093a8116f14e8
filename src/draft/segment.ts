// A report cut into lines and sentences, each line marked as prose, a headline, or page furniture
// (a "News ID: 265628" line, a "Published: 0234 GMT February 14, 2020" stamp, a photo credit, a
// "Page Generated in 0/7980 sec" footer). Numbers in furniture are never proposed as figures; they
// are listed in the draft with the reason. Linear: each line is scanned once.

export type LineKind = 'prose' | 'headline' | 'furniture';

export interface Sentence {
  readonly text: string;
  /** 1-based line of the report text. */
  readonly line: number;
  readonly kind: LineKind;
  /** Why a furniture line is furniture, for the draft's comments. */
  readonly why?: string;
  /** Index of the sentence in the report. */
  readonly index: number;
}

export interface Segmented {
  readonly sentences: readonly Sentence[];
  /** A date stamp read from a furniture line ("Published: 0234 GMT February 14, 2020"), as written. */
  readonly stamp?: { readonly text: string; readonly line: number };
  /** The first headline, for the source's title. */
  readonly title?: string;
}

/** Labels of page furniture lines: "News ID: 265628", "Updated: …", "Photo: …". */
const FURNITURE_LABELS = /^(?:news\s*id|id|article\s*id|story\s*id|code|published|updated|posted|last\s*updated|date|time|photo|image|credit|source|by|author|tags?|keywords?|category|categories|section|share|print|email|security\s*key|captcha|comments?|views?|read\s*more|related|advertisement|copyright)\b/i;
/** Words that mark a line as page chrome wherever they are. */
const FURNITURE_MARKERS = /\b(?:page generated|captcha|all rights reserved|cookie|subscribe|newsletter|sign up|log in|follow us|share this|click here|advertisement|copyright)\b|©/i;
const DATE_LABEL = /^(?:published|posted|updated|last\s*updated|date)\b/i;
const ENDS_SENTENCE = /[.!?؟…"”’»)]\s*$/u;

export function segment(text: string): Segmented {
  const sentences: Sentence[] = [];
  let stamp: Segmented['stamp'];
  let title: string | undefined;
  const lines = text.split('\n');
  let previous = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    const kind = lineKind(line);
    if (kind.kind === 'furniture') {
      if (stamp === undefined && DATE_LABEL.test(line)) stamp = { text: line.replace(/^[^:]*:\s*/, ''), line: n + 1 };
      sentences.push({ text: line, line: n + 1, kind: 'furniture', why: kind.why, index: sentences.length });
      continue;
    }
    if (kind.kind === 'headline') {
      // A headline printed twice (title, then the page's own heading) is one headline.
      if (line === previous) {
        sentences.push({ text: line, line: n + 1, kind: 'furniture', why: 'the headline repeated', index: sentences.length });
        continue;
      }
      title ??= line;
    }
    previous = line;
    for (const s of splitSentences(line)) sentences.push({ text: s, line: n + 1, kind: kind.kind, index: sentences.length });
  }
  return { sentences, ...(stamp ? { stamp } : {}), ...(title !== undefined ? { title } : {}) };
}

function lineKind(line: string): { kind: LineKind; why?: string } {
  const words = line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (FURNITURE_MARKERS.test(line) && words <= 25) return { kind: 'furniture', why: 'page furniture' };
  if (words <= 12 && /^[^:]{1,30}:/.test(line) && FURNITURE_LABELS.test(line)) return { kind: 'furniture', why: `a page label ("${line.split(':')[0]!.trim()}:")` };
  // "Hadi Mizban/AP", "Reuters/John Smith": a photo credit.
  if (words <= 6 && /\S\/\S/.test(line) && !ENDS_SENTENCE.test(line)) return { kind: 'furniture', why: 'a photo credit' };
  if (words <= 4 && !ENDS_SENTENCE.test(line)) return { kind: 'furniture', why: 'a short line that is not a sentence' };
  if (!ENDS_SENTENCE.test(line) && words <= 25) return { kind: 'headline' };
  return { kind: 'prose' };
}

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATIONS = new Set([
  'u.s', 'u.k', 'u.n', 'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vs', 'e.g', 'i.e', 'gen', 'lt', 'col', 'sgt', 'capt', 'maj', 'inc', 'ltd', 'co', 'approx',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'p', 'pp', 'fig', 'ee.uu', 'eeuu', 'etc', 'al',
]);

/** Sentences of one line. A dot ends one before a capital, a quote or a digit, except after an abbreviation. */
export function splitSentences(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== '.' && c !== '!' && c !== '?' && c !== '؟') continue;
    let j = i + 1;
    while (j < line.length && /["”’»)\]]/u.test(line[j]!)) j++;
    if (j >= line.length || !/\s/.test(line[j]!)) continue;
    let k = j;
    while (k < line.length && /\s/.test(line[k]!)) k++;
    const next = line[k];
    if (next === undefined || !/[\p{Lu}\p{N}"“‘«(\p{Script=Arabic}]/u.test(next)) continue;
    if (c === '.') {
      const before = /([\p{L}.]+)$/u.exec(line.slice(start, i))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(before) || /^\p{L}$/u.test(before) || /^(?:\p{L}\.)+\p{L}$/u.test(before)) continue;
    }
    const s = line.slice(start, j).trim();
    if (s !== '') out.push(s);
    start = k;
    i = k - 1;
  }
  const rest = line.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out.flatMap(cut);
}

/**
 * Longest sentence read as one. A "sentence" longer than this is a table or a page flattened into
 * one line: it is cut at the last clause mark (or space) before the limit, so the work per sentence
 * stays bounded and a long page costs in proportion to its length.
 */
export const MAX_SENTENCE = 1200;

function cut(s: string): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > MAX_SENTENCE) {
    const head = rest.slice(0, MAX_SENTENCE);
    let at = Math.max(head.lastIndexOf('; '), head.lastIndexOf(', '));
    if (at < MAX_SENTENCE / 2) at = head.lastIndexOf(' ');
    if (at < MAX_SENTENCE / 4) at = MAX_SENTENCE;
    out.push(rest.slice(0, at + (rest[at] === ' ' ? 0 : 1)).trim());
    rest = rest.slice(at + 1);
  }
  if (rest.trim() !== '') out.push(rest.trim());
  return out;
}
