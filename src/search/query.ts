// What a person typed, checked and split into what search can use: words and numbers. Numbers are
// lifted out before normalising because normalise turns "13,159" into two words.
import { normalise } from '../catalog/normalise.ts';

export const MIN_QUERY = 2;
export const MAX_QUERY = 100;

export type QueryCheck = { ok: true; text: string } | { ok: false; message: string };

/** Length rules apply to what was typed, trimmed; Arabic and other scripts count per character. */
export function checkQuery(raw: string, option = 'query'): QueryCheck {
  const text = raw.trim().replace(/\s+/g, ' ');
  const length = [...text].length;
  if (length < MIN_QUERY) {
    return { ok: false, message: `The ${option} is too short: type at least ${MIN_QUERY} characters.` };
  }
  if (length > MAX_QUERY) {
    return { ok: false, message: `The ${option} is too long (${length} characters): keep it to ${MAX_QUERY}.` };
  }
  if (normalise(text) === '' && extractNumbers(text).numbers.length === 0) {
    return { ok: false, message: `The ${option} has no letters or digits to search for.` };
  }
  return { ok: true, text };
}

const SCALE: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
};

// "13,159", "1370", "5.6 million", "370 000", "5.6m".
const NUMBER =
  /(?<![\p{L}\p{N}])(\d{1,3}(?:[, \u00a0\u202f\u2009]\d{3})+|\d+)(?:\.(\d+))?(?:\s*(thousand|million|billion|mn|bn|k|m)(?![\p{L}\p{N}]))?/giu;

export interface SplitQuery {
  numbers: number[];
  /** The query with numbers removed, for word matching. */
  rest: string;
}

export function extractNumbers(text: string): SplitQuery {
  const numbers: number[] = [];
  const rest = text.replace(NUMBER, (_m, int: string, frac: string | undefined, scale: string | undefined) => {
    const base = Number(`${int.replace(/[^\d]/g, '')}${frac === undefined ? '' : `.${frac}`}`);
    const n = scale === undefined ? base : Math.round(base * (SCALE[scale.toLowerCase()] ?? 1));
    if (Number.isFinite(n)) numbers.push(n);
    return ' ';
  });
  return { numbers, rest };
}
