// The checks a draft gets against the data it would join (issue 15, item 2):
//  - figures already in the data: same claimant, metric, period and value → not proposed again, with
//    a note naming the fact; same claimant, metric and period with another value → a conflict, kept
//    and flagged (two reports disagreeing is itself worth recording, never silently resolved);
//  - the monthly arithmetic of the report itself (carried over + new − completed = still open;
//    credible + non-credible + duplicate = completed; the previous toll + the month's deaths = the
//    toll), with the catalog's own checks (src/catalog/consistency.ts), run on every figure read,
//    and again on the data with the new figures in it, for a toll that follows the data's last month;
//  - validation: the draft file loaded with the data's files exactly as `npm run validate` loads them.
import type { Catalog } from '../catalog/catalog.ts';
import type { Located } from '../catalog/checks.ts';
import { consistencyWarnings } from '../catalog/consistency.ts';
import { buildCatalog, type FileInput, type LoadResult } from '../catalog/load.ts';
import type { Problem } from '../catalog/problem.ts';
import type { Fact } from '../catalog/schema.ts';
import type { Proposal } from './read.ts';

export interface Match {
  readonly fact: Fact;
  /** "data/cjtf-oir/2020-02-13.yaml:70", when the catalog knows. */
  readonly where: string;
}

export interface ProposalCheck {
  readonly proposal: Proposal;
  /** The same figure in the data: not proposed again. */
  readonly duplicate?: Match;
  /** Figures of the same claimant, metric and period with another value. */
  readonly conflicts: readonly Match[];
}

/** The span a figure covers, for comparing periods: its start and the month it ends in. */
function span(f: Pick<Fact, 'period' | 'as_of'>): { start?: string; end?: string } {
  const end = f.period?.end ?? f.as_of;
  return { ...(f.period?.start ? { start: f.period.start } : {}), ...(end ? { end: end.slice(0, 7) } : {}) };
}

/** Periods that may be the same: the same end month, and starts that agree as far as both are precise. */
export function samePeriod(a: Pick<Fact, 'period' | 'as_of'>, b: Pick<Fact, 'period' | 'as_of'>): boolean {
  const x = span(a);
  const y = span(b);
  const fits = (p: string | undefined, q: string | undefined) => p === undefined || q === undefined || p.startsWith(q) || q.startsWith(p);
  return x.end !== undefined && x.end === y.end && fits(x.start, y.start);
}

function sameValue(a: Fact['value'], b: Fact['value']): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.min === b.min && a.max === b.max;
}

function where(catalog: Catalog, id: string): string {
  const o = catalog.origins.get(id);
  return o ? `${o.file}:${o.line}` : id;
}

/** Each proposal against the data: a duplicate of, or in conflict with, figures already there. */
export function compareWithData(catalog: Catalog, proposals: readonly Proposal[]): ProposalCheck[] {
  const byKey = new Map<string, Fact[]>();
  for (const f of catalog.facts) {
    const key = `${f.claimant}\u0000${f.metric}`;
    const list = byKey.get(key);
    if (list) list.push(f);
    else byKey.set(key, [f]);
  }
  return proposals.map((p) => {
    const same = (byKey.get(`${p.claimant}\u0000${p.metric}`) ?? []).filter((f) => samePeriod(f, p));
    const dup = same.find((f) => sameValue(f.value, p.value));
    const conflicts = dup ? [] : same.filter((f) => !sameValue(f.value, p.value)).map((f) => ({ fact: f, where: where(catalog, f.id) }));
    return { proposal: p, ...(dup ? { duplicate: { fact: dup, where: where(catalog, dup.id) } } : {}), conflicts };
  });
}

/** A finding of the arithmetic checks, tied to the figure it was found at. */
export interface Arithmetic {
  readonly message: string;
  /** Index into the proposals of the figure the finding is located at, when it is one of them. */
  readonly proposal?: number;
}

/**
 * The catalog's arithmetic checks on the figures read (`facts` as the draft would write them, one
 * per proposal, in order), then on the data with the new figures added: only findings that involve
 * a figure of the draft are returned.
 */
export function checkArithmetic(catalog: Catalog, facts: readonly Fact[], isNew: readonly boolean[]): Arithmetic[] {
  const DRAFT = '(draft)';
  const located = (f: Fact, i: number, file: string): Located<Fact> => ({
    record: f,
    file,
    path: ['facts', i],
    locate: () => ({ line: i + 1, col: 1 }),
    locateField: () => ({ line: i + 1, col: 1 }),
  });
  const own = facts.map((f, i) => located(f, i, DRAFT));
  const out: Arithmetic[] = [];
  const add = (p: Problem) => {
    if (p.file !== DRAFT || out.some((a) => a.message === p.message)) return;
    out.push({ message: p.message, proposal: p.line - 1 });
  };
  for (const w of consistencyWarnings(own)) add(w);
  const data = catalog.facts.map((f, i) => located(f, i, 'data'));
  for (const w of consistencyWarnings([...data, ...own.filter((_, i) => isNew[i])])) add(w);
  return out;
}

/** The draft loaded with the data's files, as `npm run validate` would: problems in the draft only. */
export function validateWithData(dataFiles: readonly FileInput[], draftName: string, draftYaml: string): { ok: boolean; errors: Problem[]; warnings: Problem[]; result: LoadResult } {
  const result = buildCatalog([...dataFiles, { file: draftName, bytes: new TextEncoder().encode(draftYaml) }]);
  const mine = (p: Problem) => p.file === draftName;
  const errors = result.ok ? [] : result.errors.filter(mine);
  const others = result.ok ? [] : result.errors.filter((p) => !mine(p));
  return { ok: result.ok || (errors.length === 0 && others.length === 0), errors: [...errors, ...others], warnings: result.warnings.filter(mine), result };
}
