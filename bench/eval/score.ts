// Scoring the evaluation set: what an answer leads with, whether that is what the question expects,
// the tallies per group and kind, and the ratchet against the committed baseline. Pure: it reads the
// answer model's shape (src/answers/model.ts) and nothing else of the bot.
import type { Answer } from '../../src/answers/model.ts';
import { GROUPS, KINDS, type Group, type Kind, type Question } from './questions.ts';

/**
 * What an answer presents as the answer:
 * - `casualties`: each side's `latest` figure (one per claimant and metric shown);
 * - `timeline`: the newest row of each series shown (the latest-dated row; the last row on a tie);
 * - `facts`: the first result; `source`: the first figure listed;
 * - anything else (`not_found`, `invalid`, `about`, `cite`, `notice`): no figure.
 */
export function leadFigures(answer: Answer): string[] {
  switch (answer.kind) {
    case 'casualties':
      return answer.sides.map((s) => s.latest.factId);
    case 'timeline':
      return answer.series.flatMap((s) => {
        let newest: (typeof s.rows)[number] | undefined;
        for (const row of s.rows) if (newest === undefined || (row.date ?? '') >= (newest.date ?? '')) newest = row;
        return newest === undefined ? [] : [newest.factId];
      });
    case 'facts':
      return answer.results.slice(0, 1).map((r) => r.figure.factId);
    case 'source':
      return answer.figures.slice(0, 1).map((f) => f.factId);
    default:
      return [];
  }
}

/** A line in the answer itself saying the data has no such figure ("No figure about Mosul …"). */
const NO_FIGURE_LINE = /^\s*no figures? (?:about|for|on|in|of|matches|match|has)\b/i;

/**
 * Whether the answer says there is no figure: it is `not_found` or `invalid`; or it shows no figure
 * at all; or one of its own top-level text fields (a string, or a list of strings; not the echoed
 * `query`) opens with "No figure(s) about / for / on / in / of …" or "No figure(s) match(es) / has …".
 * Text inside the figures shown (quotes, notes) does not count, and neither does a note such as
 * "No figures are about X itself; these are the figures it claims", which qualifies figures shown.
 */
export function saysNoFigure(answer: Answer): boolean {
  if (answer.kind === 'not_found' || answer.kind === 'invalid') return true;
  if (leadFigures(answer).length === 0) return true;
  for (const [key, value] of Object.entries(answer as unknown as Record<string, unknown>)) {
    if (key === 'query') continue; // the user's own words, echoed
    if (typeof value === 'string' && NO_FIGURE_LINE.test(value)) return true;
    if (Array.isArray(value) && value.some((v) => typeof v === 'string' && NO_FIGURE_LINE.test(v))) return true;
  }
  return false;
}

export interface Verdict {
  readonly question: Question;
  readonly correct: boolean;
  /** What the bot answered, in one line: the answer kind and the figures it led with. */
  readonly got: string;
}

/**
 * Correct when:
 * - `expect` lists ids: the answer leads with at least one figure and every lead figure is one of
 *   them (for /casualties and /timeline every side or series shown must lead with an expected id:
 *   one wrong claimant's figure shown as current makes the answer wrong);
 * - `expect: none`: the answer says there is no figure (see saysNoFigure). Figures that follow a
 *   "No figure about X" line are allowed; figures presented without it are not.
 */
export function judge(question: Question, answer: Answer): Verdict {
  const lead = leadFigures(answer);
  const got = describe(answer, lead);
  if (question.expect === 'none') return { question, correct: saysNoFigure(answer), got };
  const expected = new Set(question.expect);
  return { question, correct: lead.length > 0 && lead.every((id) => expected.has(id)), got };
}

/** A question the bot could not answer at all (it threw): wrong whatever was expected. */
export function crashed(question: Question, error: unknown): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return { question, correct: false, got: `error: ${oneLine(message)}` };
}

function describe(answer: Answer, lead: readonly string[]): string {
  switch (answer.kind) {
    case 'not_found':
    case 'invalid':
      return `${answer.kind}: ${oneLine(answer.message)}`;
    case 'casualties':
    case 'timeline':
    case 'facts':
    case 'source':
      return lead.length === 0 ? `${answer.kind}: no figure` : `${answer.kind}: ${lead.join(', ')}`;
    default:
      return answer.kind;
  }
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

// ---- tallies and the ratchet -------------------------------------------------------------------

export interface Count {
  total: number;
  correct: number;
}

/** What `npm run eval` writes to bench/eval.json, and what the baseline holds. */
export interface EvalResult {
  total: number;
  correct: number;
  byGroup: Record<Group, Count>;
  byKind: Record<Kind, Count>;
  /** The questions answered correctly, as asked, sorted: the ratchet names any that stop passing. */
  passing: string[];
}

export function tally(verdicts: readonly Verdict[]): EvalResult {
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, { total: 0, correct: 0 }])) as Record<K, Count>;
  const result: EvalResult = { total: 0, correct: 0, byGroup: zero(GROUPS), byKind: zero(KINDS), passing: [] };
  for (const v of verdicts) {
    const hit = v.correct ? 1 : 0;
    result.total += 1;
    result.correct += hit;
    result.byGroup[v.question.who].total += 1;
    result.byGroup[v.question.who].correct += hit;
    result.byKind[v.question.kind].total += 1;
    result.byKind[v.question.kind].correct += hit;
    if (v.correct) result.passing.push(v.question.ask);
  }
  result.passing.sort();
  return result;
}

export const percent = (c: Count): string => (c.total === 0 ? '–' : `${((100 * c.correct) / c.total).toFixed(1)}%`);

export interface RatchetCheck {
  readonly ok: boolean;
  readonly message: string;
  /** Questions the baseline answered correctly and this run does not (or that were reworded or removed). */
  readonly regressions: string[];
  /** Questions this run answers correctly that the baseline did not (fixed, or new). */
  readonly gained: string[];
}

/**
 * The ratchet: accuracy (correct / total) may not fall below the baseline's. Compared as integers
 * (a·d < c·b), so rounding never decides a build. Adding questions the bot fails lowers accuracy
 * too: record the new floor with `--update` in the same commit, and say so in its message.
 */
export function checkRatchet(current: EvalResult, baseline: EvalResult | undefined): RatchetCheck {
  if (baseline === undefined) return { ok: true, message: 'no baseline yet: run with --update to record one', regressions: [], gained: [] };
  const before = new Set(baseline.passing);
  const now = new Set(current.passing);
  const regressions = baseline.passing.filter((q) => !now.has(q));
  const gained = current.passing.filter((q) => !before.has(q));
  const below = current.correct * baseline.total < baseline.correct * current.total;
  const cur = `${current.correct}/${current.total} (${percent(current)})`;
  const base = `${baseline.correct}/${baseline.total} (${percent(baseline)})`;
  return below
    ? { ok: false, message: `accuracy fell to ${cur}, below the baseline ${base}`, regressions, gained }
    : { ok: true, message: `accuracy ${cur}; baseline ${base}`, regressions, gained };
}
