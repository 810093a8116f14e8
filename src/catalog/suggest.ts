// "Did you mean": the nearest known name to a misspelt one, for every message that names an unknown
// key, value or id. Edit distance comes from fastest-levenshtein rather than code of our own.
import { distance } from 'fastest-levenshtein';

/**
 * The known name nearest to `input`, when it is near enough to be a slip rather than another word:
 * at most 3 edits, and fewer for short names ("a" is not a slip of "at_least"). Case and the
 * choice of - or _ do not count as differences ("at-least" → "at_least").
 */
export function nearest(input: string, known: Iterable<string>): string | undefined {
  const key = fold(input);
  const allowed = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key, fold(k));
    if (d < bestDistance || (d === bestDistance && best !== undefined && k < best)) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= allowed && best !== input ? best : undefined;
}

/** ` (did you mean "x"?)` or nothing: for appending to a message. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const best = nearest(input, known);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function fold(s: string): string {
  return s.toLowerCase().replace(/-/g, '_');
}
