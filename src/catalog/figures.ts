// Does a quote contain the figure? Sources write numbers many ways ("1,370", "1370", "5.6 million",
// "Seventy-nine", "forty five", Arabic-Indic digits), and a figure whose quote does not contain it is
// the first sign of a typo in the data, so this check is strict about values and lenient about form.

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  // Spanish and Portuguese reports write small counts in words too ("catorce civiles"). Left out:
  // "once" (Spanish 11) is an English word, and "uno"/"una"/"um" double as articles.
  dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  doce: 12, trece: 13, catorce: 14, quince: 15, veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50,
  dois: 2, duas: 2, quatro: 4, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, treze: 13,
  catorze: 14, quatorze: 14, quinze: 15, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50,
};
const SCALES: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9,
  // Spanish, Portuguese and French reports: "5,6 millones", "5,6 milhões", "5,6 millions".
  millones: 1e6, millón: 1e6, milhões: 1e6, milhão: 1e6, mil: 1e3,
  // Arabic: مليون (million), ألف (thousand).
  'مليون': 1e6, 'ألف': 1e3,
};
// Sticky: tried at the end of a digit token, so no copy of the rest of the quote is made per token.
const SCALE_AFTER_DIGITS = /\s*(hundred|thousand|millions?|billions?|millones|millón|milhões|milhão|mil|مليون|ألف)(?!\p{L})/iuy;
const NON_ASCII_DIGIT = /[\u0660-\u066c\u06f0-\u06f9]/;
const DIGIT_TOKEN = /\d{1,3}(?:(?:,|\.|\u00a0|\u202f| )\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;

function asciiDigits(text: string): string {
  if (!NON_ASCII_DIGIT.test(text)) return text;
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066c/g, ',') // Arabic thousands separator
    .replace(/\u066b/g, '.'); // Arabic decimal separator
}

/** Every value a quote could be read as stating. Ambiguous "1.370" yields both 1370 and 1.37. */
export function numbersIn(quote: string): Set<number> {
  const text = asciiDigits(quote);
  const found = digitNumbers(text);
  for (const v of numberWords(text)) found.add(v);
  return found;
}

/** The values of the quote's digit tokens, with a scale word after them ("5.6 million"). */
function digitNumbers(text: string): Set<number> {
  const found = new Set<number>();
  for (const m of text.matchAll(DIGIT_TOKEN)) {
    const token = m[0];
    SCALE_AFTER_DIGITS.lastIndex = (m.index ?? 0) + token.length;
    const scaleWord = SCALE_AFTER_DIGITS.exec(text)?.[1]?.toLowerCase();
    const scale = scaleWord ? (SCALES[scaleWord] ?? 1) : 1;
    for (const v of readings(token)) {
      found.add(v);
      if (scale !== 1) found.add(round(v * scale));
    }
  }
  return found;
}

function readings(token: string): number[] {
  const out: number[] = [];
  // Grouped thousands, optionally with a decimal tail: "1,370", "13 159", "1.370,5".
  const grouped = /^(\d{1,3}(?:[,. \u00a0\u202f]\d{3})+)(?:[.,](\d+))?$/.exec(token);
  if (grouped?.[1]) {
    const int = Number(grouped[1].replace(/[^\d]/g, ''));
    out.push(grouped[2] ? Number(`${int}.${grouped[2]}`) : int);
  }
  // A single separator may be a decimal point either way: "5.6", "5,6", and "1.370" as 1.37.
  const simple = /^(\d+)(?:[.,](\d+))?$/.exec(token);
  if (simple?.[1]) out.push(simple[2] ? Number(`${simple[1]}.${simple[2]}`) : Number(simple[1]));
  return out;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Values of number-word phrases: "Seventy-nine", "forty five", "two hundred and six", "catorce". */
function numberWords(text: string): number[] {
  const tokens = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const values: number[] = [];
  let total = 0;
  let current = 0;
  let inNumber = false;
  const flush = () => {
    if (inNumber) values.push(total + current);
    total = 0;
    current = 0;
    inNumber = false;
  };
  for (const t of tokens) {
    const small = SMALL[t];
    if (small !== undefined) {
      current += small;
      inNumber = true;
    } else if (inNumber && t === 'hundred') {
      current *= 100;
    } else if (inNumber && (t === 'thousand' || t === 'million' || t === 'billion')) {
      total += current * (SCALES[t] ?? 1);
      current = 0;
    } else if (inNumber && t === 'and') {
      continue;
    } else {
      flush();
    }
  }
  flush();
  return values;
}

/** The numbers a fact's value stands for: one, or both ends of a range. */
export function valueFigures(value: number | { min: number; max: number }): number[] {
  return typeof value === 'number' ? [value] : [value.min, value.max];
}

/** True when every figure of the value appears in the quote. */
export function quoteContainsValue(quote: string, value: number | { min: number; max: number }): boolean {
  // Most quotes state figures in digits, so number words are read only when digits fall short:
  // the same answer as numbersIn(quote), at a third of the cost when a catalog loads.
  const text = asciiDigits(quote);
  const figures = valueFigures(value).map(round);
  const digits = digitNumbers(text);
  if (figures.every((v) => digits.has(v))) return true;
  const words = numberWords(text);
  return figures.every((v) => digits.has(v) || words.includes(v));
}
