// Every number a sentence writes, with where it is: digits as the tokenizer of query understanding
// reads them (src/search/tokens.ts: "34,763", "13 159", "5.6 million", Arabic-Indic digits), number
// words ("Seventy-nine", "One hundred and eleven", "catorce"), thousands written with a dot
// ("11.800 civiles"), and ranges ("between 2,232 and 2,961", "8,220–13,299"). What a number is
// (a figure, a year, a day, an id) is decided later, with the words around it; this only reads.
// Linear in the sentence: one tokenizer pass, one pass over its words.
import { numbersIn } from '../catalog/figures.ts';
import { isRealPartialDate } from '../catalog/schema.ts';
import { tokenize, type Token } from '../search/tokens.ts';

export interface NumberMention {
  /** A count, or both ends of a range. */
  readonly value: number | { readonly min: number; readonly max: number };
  /** As written, e.g. "Seventy-nine", "5.6 million", "between 2,232 and 2,961". */
  readonly raw: string;
  /** Offsets in the sentence, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** How it was written, for the comment that says how the value was read. */
  readonly form: 'digits' | 'words' | 'scaled' | 'dotted' | 'range';
  /** Bare digits with no separator, decimal or scale word ("2019", not "2,019"): may be a year. */
  readonly plain: boolean;
  /** Indexes into the sentence's tokens: [first, last]. */
  readonly tokens: readonly [number, number];
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  // Spanish and Portuguese small counts, the words the validator reads too (src/catalog/figures.ts);
  // "uno", "una", "um", "once" are left out: they are articles or English words as often.
  dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, doce: 12, trece: 13, catorce: 14, quince: 15,
  dois: 2, duas: 2, quatro: 4, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50,
};
const SCALE_WORDS: Readonly<Record<string, number>> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };

/** Words joining two ends of a range, after "between" or on their own. */
const RANGE_JOINERS = /^\s*(?:–|—|-|to|and|y|a|et|à|e)\s*$/iu;
const DASH_ONLY = /^\s*[–—-]\s*$/u;
const RANGE_LEADS = new Set(['between', 'entre', 'range']);

export interface SentenceNumbers {
  readonly tokens: readonly Token[];
  readonly numbers: readonly NumberMention[];
  /** Digits written like a date that is no date ("0/7980", "2019-13"): listed, never read as figures. */
  readonly odd: readonly { readonly raw: string; readonly start: number; readonly end: number }[];
}

/** The numbers of one sentence, in order, ranges joined. Never throws. */
export function readNumbers(sentence: string): SentenceNumbers {
  const tokens = tokenize(sentence);
  const singles: NumberMention[] = [];
  const odd: { raw: string; start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'number') {
      singles.push(digitMention(sentence, t, i));
      continue;
    }
    if (t.kind === 'date') {
      if (!isRealPartialDate(t.norm)) odd.push({ raw: sentence.slice(t.start, t.end), start: t.start, end: t.end });
      continue;
    }
    if (t.kind === 'years') {
      // "1000-2000" is a range of counts; "2015–2017" a span of years, read with the dates.
      const [a, b] = t.years!;
      if (a < 1900 || b > 2100) singles.push({ value: { min: a, max: b }, raw: t.raw, start: t.start, end: t.end, form: 'range', plain: false, tokens: [i, i] });
      continue;
    }
    if (t.kind === 'word') {
      const w = numberWordsAt(tokens, i);
      if (w) {
        singles.push({ value: w.value, raw: sentence.slice(t.start, tokens[w.to - 1]!.end), start: t.start, end: tokens[w.to - 1]!.end, form: 'words', plain: false, tokens: [i, w.to - 1] });
        i = w.to - 1;
      }
    }
  }
  return { tokens, numbers: joinRanges(sentence, tokens, singles), odd };
}

function digitMention(sentence: string, t: Token, i: number): NumberMention {
  const raw = t.raw;
  const scaled = /[a-z]$/i.test(raw);
  // "11.800 civiles", "1.370": a dot before exactly three digits is a thousands separator when the
  // count would otherwise not be whole; the validator reads it both ways.
  const dotted = /^(\d{1,3})\.(\d{3})$/.exec(raw);
  if (dotted && !Number.isInteger(t.value)) {
    const v = Number(dotted[1]! + dotted[2]!);
    if (numbersIn(raw).has(v)) return { value: v, raw, start: t.start, end: t.end, form: 'dotted', plain: false, tokens: [i, i] };
  }
  return { value: t.value!, raw: sentence.slice(t.start, t.end), start: t.start, end: t.end, form: scaled ? 'scaled' : 'digits', plain: t.plain === true, tokens: [i, i] };
}

/** A run of number words at token i: "seventy nine", "one hundred and eleven", "forty five". */
function numberWordsAt(tokens: readonly Token[], i: number): { value: number; to: number } | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  let last = i;
  let k = i;
  for (; k < tokens.length && k - i < 12; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word') break;
    const w = t.norm;
    if (UNITS[w] !== undefined) {
      // "two three" is two numbers; "ninety nine" is one.
      if (seen && current % 10 !== 0) break;
      if (seen && current >= 10 && current < 20) break;
      current += UNITS[w]!;
    } else if (TENS[w] !== undefined) {
      if (seen && current % 100 !== 0) break;
      current += TENS[w]!;
    } else if (seen && w === 'hundred') {
      current = (current || 1) * 100;
    } else if (seen && (w === 'thousand' || w === 'million' || w === 'billion')) {
      total += (current || 1) * SCALE_WORDS[w]!;
      current = 0;
    } else if (seen && w === 'and' && isNumberWord(tokens[k + 1])) {
      continue;
    } else break;
    seen = true;
    last = k;
  }
  if (!seen) return undefined;
  return { value: total + current, to: last + 1 };
}

function isNumberWord(t: Token | undefined): boolean {
  return t?.kind === 'word' && (UNITS[t.norm] !== undefined || TENS[t.norm] !== undefined);
}

/** "between A and B", "range of A to B", "A–B": one mention for both ends. */
function joinRanges(sentence: string, tokens: readonly Token[], singles: NumberMention[]): NumberMention[] {
  const out: NumberMention[] = [];
  for (let k = 0; k < singles.length; k++) {
    const a = singles[k]!;
    const b = singles[k + 1];
    const years = a.plain && b?.plain === true && isYearLike(a.value) && isYearLike(b.value);
    if (b !== undefined && !years && typeof a.value === 'number' && typeof b.value === 'number' && a.value < b.value) {
      const between = sentence.slice(a.end, b.start);
      const lead = tokens[a.tokens[0] - 1];
      const lead2 = tokens[a.tokens[0] - 2];
      const led = lead?.kind === 'word' && (RANGE_LEADS.has(lead.norm) || (lead.norm === 'of' && lead2?.norm === 'range'));
      if (DASH_ONLY.test(between) || (led && RANGE_JOINERS.test(between))) {
        out.push({ value: { min: a.value, max: b.value }, raw: sentence.slice(a.start, b.end), start: a.start, end: b.end, form: 'range', plain: false, tokens: [a.tokens[0], b.tokens[1]] });
        k++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

function isYearLike(v: NumberMention['value']): boolean {
  return typeof v === 'number' && v >= 1900 && v <= 2100;
}
