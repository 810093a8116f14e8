// The figures an answer shows, for the "cite these figures" button and the text renderer's Cite
// block: pasteable lines of exactly what the reader saw. Exhaustive, so a new answer kind cannot
// silently cite nothing.
import { assertNever, type Answer, type Figure } from './model.ts';

export function figuresOf(a: Answer): Figure[] {
  switch (a.kind) {
    case 'casualties':
      return a.sides.map((s) => s.latest);
    case 'timeline':
      return a.series.flatMap((s) => [...s.rows].reverse());
    case 'source':
      return [...a.figures];
    case 'facts':
      return a.results.map((r) => r.figure);
    case 'about':
      return a.newest ? [a.newest] : [];
    case 'cite':
      return [...a.figures];
    case 'not_found':
    case 'invalid':
    case 'notice':
      return [];
    default:
      return assertNever(a);
  }
}

export function citeAnswer(a: Answer): Answer {
  if (a.kind === 'not_found' || a.kind === 'invalid') return a;
  return { kind: 'cite', figures: figuresOf(a) };
}
