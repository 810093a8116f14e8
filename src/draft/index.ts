// `npm run draft` without the command line: a report's text → a reading → checks against the data →
// a draft fact file validated with the data's files, and a summary for the terminal. Pure given
// the catalog and the data's file bytes (the caller reads files), so tests and the bench run it too.
import type { FileInput } from '../catalog/load.ts';
import { formatProblem, type Problem } from '../catalog/problem.ts';
import { checkArithmetic, compareWithData, validateWithData, type Arithmetic, type ProposalCheck } from './checks.ts';
import { readReport, type DraftContext, type ReadOptions, type Reading } from './read.ts';
import { toFact, validationFooter, writeDraft, type Draft, type WriteOptions } from './write.ts';

export { draftContext, readReport, type DraftContext, type Proposal, type Reading } from './read.ts';

export interface DraftOptions extends ReadOptions, WriteOptions {
  /** The name the draft is validated under (its output path, or a stand-in for stdout). */
  readonly draftName: string;
}

export interface DraftRun {
  readonly reading: Reading;
  readonly checks: readonly ProposalCheck[];
  readonly arithmetic: readonly Arithmetic[];
  readonly draft: Draft;
  /** The draft with the validation's findings appended. */
  readonly yaml: string;
  readonly valid: boolean;
  readonly problems: readonly Problem[];
  /** What to print on the terminal. */
  readonly summary: readonly string[];
}

export function draftReport(ctx: DraftContext, dataFiles: readonly FileInput[], text: string, options: DraftOptions): DraftRun {
  const reading = readReport(ctx, text, options);
  const checks = compareWithData(ctx.catalog, reading.proposals);
  const all = reading.proposals.map((p, i) => toFact(p, `draft-check-${i}`, 'draft-check'));
  const arithmetic = checkArithmetic(ctx.catalog, all, checks.map((c) => c.duplicate === undefined));
  const draft = writeDraft({ catalog: ctx.catalog, reading, checks, arithmetic, text }, options);
  const v = validateWithData(dataFiles, options.draftName, draft.yaml);
  const problems = [...v.errors, ...v.warnings];
  const yaml = draft.yaml + validationFooter(problems, v.ok);

  const summary: string[] = [];
  const dup = checks.filter((c) => c.duplicate).length;
  const conflicts = checks.filter((c) => c.conflicts.length > 0);
  summary.push(
    `${options.draftName}: ${draft.facts.length} figure${draft.facts.length === 1 ? '' : 's'} proposed from ${reading.proposals.length} read; ${dup} already in data/${options.all ? '' : ' (left out)'}; ${conflicts.length} in conflict; ${reading.unplaced.length} number${reading.unplaced.length === 1 ? '' : 's'} not placed (listed in the draft)`,
  );
  summary.push(reading.published ? `published ${reading.published.date} (${reading.published.how})` : 'no publication date found: the source is "undated" (give --published)');
  const unknown = reading.proposals.filter((p) => p.claimant === undefined).length;
  if (unknown > 0) summary.push(`${unknown} figure${unknown === 1 ? '' : 's'} with no claimant named or suggested: marked FIXME (give --claimant)`);
  for (const a of arithmetic) summary.push(`arithmetic: ${a.message}${a.proposal !== undefined && reading.proposals[a.proposal] ? ` (line ${reading.proposals[a.proposal]!.line} of the report)` : ''}`);
  for (const c of conflicts) {
    for (const m of c.conflicts) summary.push(`conflict: line ${c.proposal.line} reads ${JSON.stringify(c.proposal.value)} ${c.proposal.metric}; ${m.fact.id} (${m.where}) has ${JSON.stringify(m.fact.value)}`);
  }
  for (const p of problems) summary.push(formatProblem(p));
  summary.push(v.ok ? 'validation: the draft loads with data/ (npm run validate)' : `validation: ${v.errors.length} error${v.errors.length === 1 ? '' : 's'} to fix before the draft can join data/`);
  return { reading, checks, arithmetic, draft, yaml, valid: v.ok, problems, summary };
}
