// A question cut into tokens that keep where they came from: words (normalised exactly as aliases
// are, so "U.S.-led" meets the alias "U.S.-led coalition"), numbers ("13,159", "5.6 million"), ISO
// dates ("2019-12") and year ranges ("2015–2017"). Arabic-Indic and Persian digits are read as
// their ASCII twins. Pure string work, linear in the input.
import { normalise } from '../catalog/normalise.ts';

export type TokenKind = 'word' | 'number' | 'date' | 'years';

export interface Token {
  readonly kind: TokenKind;
  /** As typed (digits folded to ASCII): for display and for telling "IS" from "is". */
  readonly raw: string;
  /** Words: normalised (normalise.ts). Numbers: the value as String(). Dates: the partial ISO date. */
  readonly norm: string;
  /** Offsets of the token in the text given (UTF-16 code units), end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Numbers: the value. */
  readonly value?: number;
  /** Numbers: written as bare digits, no separators, decimals or scale ("2019", not "2,019"). */
  readonly plain?: boolean;
  /** Year ranges: first and last year. */
  readonly years?: readonly [number, number];
}

const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

/**
 * ٠١٢٣٤٥٦٧٨٩ and ۰۱۲۳۴۵۶۷۸۹ as 0123456789, and the Arabic thousands separator and decimal point
 * (٬ ٫) as "," and ".". One code unit for one, so offsets are unchanged.
 */
export function foldDigits(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) {
      out += String.fromCharCode(48 + c - ARABIC_INDIC_ZERO);
      changed = true;
    } else if (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) {
      out += String.fromCharCode(48 + c - PERSIAN_ZERO);
      changed = true;
    } else if (c === 0x066c) {
      out += ',';
      changed = true;
    } else if (c === 0x066b) {
      out += '.';
      changed = true;
    } else out += text[i];
  }
  return changed ? out : text;
}

const SCALE: Readonly<Record<string, number>> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

// One pass, alternatives in priority order: year range, ISO-like date, month/year, number. A group
// of thousands must not be followed by another digit, so "12 2019" is 12 and 2019, not 122,019.
const NUMERIC =
  /(?<![\p{L}\p{N}])(?:(?<y1>\d{4})\s*[-–—]\s*(?<y2>\d{4})|(?<iy>\d{4})[-/.](?<im>\d{1,2})(?:[-/.](?<id>\d{1,2}))?|(?<mm>\d{1,2})\/(?<my>\d{4})|(?<int>\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3}(?!\d))+|\d+)(?:\.(?<frac>\d+))?(?:\s*(?<scale>thousand|million|billion|mn|bn|k|m)(?![\p{L}\p{N}]))?)(?![\p{L}\p{N}])/giu;

// Letters, marks and digits, with apostrophes or dots inside ("Da'esh", "U.S."; an abbreviation keeps
// its last dot): the pieces normalise() works on, each kept whole as the raw text of its words.
const PIECE = /[\p{L}\p{M}\p{N}]+(?:['’ʼ.][\p{L}\p{M}\p{N}]+)*(?:(?<=\.\p{L})\.)?/gu;
// "coalition's" → "coalition": a possessive says whose, which the word itself already does.
const POSSESSIVE = /^(.{2,})['’ʼ]s$/iu;
// French elision ("l'Irak", "d'ici", "qu'il"): the article is a word of its own.
const ELISION = /^(qu|[cdjlmnst])['’ʼ](?=\p{L})/iu;

/** Cuts `text` into tokens. Never throws; the number of tokens is at most the length of the text. */
export function tokenize(text: string): Token[] {
  const folded = foldDigits(text);
  const out: Token[] = [];
  let last = 0;
  NUMERIC.lastIndex = 0;
  for (let m = NUMERIC.exec(folded); m !== null; m = NUMERIC.exec(folded)) {
    words(folded, last, m.index, out);
    const g = m.groups ?? {};
    const start = m.index;
    const end = m.index + m[0].length;
    const raw = m[0];
    if (g.y1 !== undefined && g.y2 !== undefined) {
      out.push({ kind: 'years', raw, norm: `${g.y1}-${g.y2}`, start, end, years: [Number(g.y1), Number(g.y2)] });
    } else if (g.iy !== undefined && g.im !== undefined) {
      out.push({ kind: 'date', raw, norm: isoDate(g.iy, g.im, g.id), start, end });
    } else if (g.mm !== undefined && g.my !== undefined) {
      out.push({ kind: 'date', raw, norm: isoDate(g.my, g.mm, undefined), start, end });
    } else if (g.int !== undefined) {
      const digits = g.int.replace(/\D/g, '');
      const base = Number(g.frac === undefined ? digits : `${digits}.${g.frac}`);
      const value = g.scale === undefined ? base : Math.round(base * (SCALE[g.scale.toLowerCase()] ?? 1));
      if (Number.isFinite(value)) {
        const plain = g.frac === undefined && g.scale === undefined && digits === g.int;
        out.push({ kind: 'number', raw, norm: String(value), start, end, value, plain });
      }
    }
    last = end;
  }
  words(folded, last, folded.length, out);
  return out;
}

function isoDate(y: string, m: string, d: string | undefined): string {
  const mm = m.padStart(2, '0');
  return d === undefined ? `${y}-${mm}` : `${y}-${mm}-${d.padStart(2, '0')}`;
}

/** Word tokens of folded[from, to), normalised one piece at a time so each keeps its raw text. */
function words(folded: string, from: number, to: number, out: Token[]): void {
  if (to <= from) return;
  const segment = folded.slice(from, to);
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(segment); m !== null; m = PIECE.exec(segment)) {
    let piece = m[0];
    let start = from + m.index;
    const elided = ELISION.exec(piece);
    if (elided) {
      const article = elided[1]!;
      pushWords(article, start, out);
      start += elided[0].length;
      piece = piece.slice(elided[0].length);
    }
    const possessive = POSSESSIVE.exec(piece);
    pushWords(possessive ? possessive[1]! : piece, start, out, piece.length);
  }
}

function pushWords(piece: string, start: number, out: Token[], length = piece.length): void {
  const n = normalise(piece);
  if (n === '') return;
  // NFKD can split one piece into several words ("½" → "1 2"); each keeps the piece as its raw text.
  for (const w of n.split(' ')) out.push({ kind: 'word', raw: piece, norm: w, start, end: start + length });
}
