// Scoring for `npm run draft:eval` (bench/draft-eval.ts): proposals of the drafter against figures a
// person found in the same text. Pure.
//
// - A gold figure is found on a field when some proposal from the same text has the gold's value
//   and that field right; "value+metric+qualifier" needs all three on one proposal, "all" all five.
// - A proposal is right on a field when some gold figure of its text (the research sheet's, plus
//   the shipped data's figures quoting the same words) has its value and that field.
// - Periods compare as the span covered: the start, and the end (or the as-of date when no end is
//   given), as written ("2014-08" is not "2014-08-08").
import type { Qualifier } from '../src/catalog/schema.ts';

export type Value = number | { readonly min: number; readonly max: number };

export interface Figure {
  readonly value: Value;
  readonly metric: string;
  readonly qualifier: Qualifier | string;
  readonly claimant: string | undefined;
  readonly start: string | undefined;
  /** The end of the period, or the as-of date when there is no end. */
  readonly end: string | undefined;
}

export const FIELDS = ['value', 'metric', 'qualifier', 'claimant', 'period', 'value+metric+qualifier', 'all'] as const;
export type Field = (typeof FIELDS)[number];

export interface Ratio {
  readonly hit: number;
  readonly of: number;
  readonly rate: number;
}

export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.min === b.min && a.max === b.max;
}

export function agrees(p: Figure, g: Figure, field: Field): boolean {
  if (!sameValue(p.value, g.value)) return false;
  switch (field) {
    case 'value':
      return true;
    case 'metric':
      return p.metric === g.metric;
    case 'qualifier':
      return p.qualifier === g.qualifier;
    case 'claimant':
      return p.claimant !== undefined && p.claimant === g.claimant;
    case 'period':
      return (p.start ?? '') === (g.start ?? '') && (p.end ?? '') === (g.end ?? '');
    case 'value+metric+qualifier':
      return p.metric === g.metric && p.qualifier === g.qualifier;
    case 'all':
      return p.metric === g.metric && p.qualifier === g.qualifier && p.claimant === g.claimant && (p.start ?? '') === (g.start ?? '') && (p.end ?? '') === (g.end ?? '');
  }
}

export interface Unit {
  /** What the text is, for the report: a quote's first words, or a file name. */
  readonly label: string;
  /** The figures recall is measured on. */
  readonly gold: readonly Figure[];
  /** Every figure the text really states (gold plus any the shipped data quotes from it). */
  readonly real: readonly Figure[];
  readonly proposals: readonly Figure[];
}

export interface Score {
  readonly texts: number;
  readonly figures: number;
  readonly proposals: number;
  readonly recall: Record<Field, Ratio>;
  readonly precision: Record<Field, Ratio>;
}

const ratio = (hit: number, of: number): Ratio => ({ hit, of, rate: of === 0 ? 1 : Math.round((hit / of) * 10_000) / 10_000 });

export function score(units: readonly Unit[]): Score {
  const recall = {} as Record<Field, Ratio>;
  const precision = {} as Record<Field, Ratio>;
  const figures = units.reduce((n, u) => n + u.gold.length, 0);
  const proposals = units.reduce((n, u) => n + u.proposals.length, 0);
  for (const field of FIELDS) {
    let found = 0;
    let right = 0;
    for (const u of units) {
      for (const g of u.gold) if (u.proposals.some((p) => agrees(p, g, field))) found++;
      for (const p of u.proposals) if (u.real.some((g) => agrees(p, g, field))) right++;
    }
    recall[field] = ratio(found, figures);
    precision[field] = ratio(right, proposals);
  }
  return { texts: units.length, figures, proposals, recall, precision };
}

/** What went wrong in one text, for the printed report: gold figures missed, proposals not real. */
export function misses(u: Unit, field: Field): { missed: Figure[]; wrong: Figure[] } {
  return {
    missed: u.gold.filter((g) => !u.proposals.some((p) => agrees(p, g, field))),
    wrong: u.proposals.filter((p) => !u.real.some((g) => agrees(p, g, field))),
  };
}

export function describe(f: Figure): string {
  const v = typeof f.value === 'number' ? String(f.value) : `${f.value.min}–${f.value.max}`;
  return `${v} ${f.metric} ${f.qualifier} ${f.claimant ?? '?'} [${f.start ?? ''}…${f.end ?? ''}]`;
}
