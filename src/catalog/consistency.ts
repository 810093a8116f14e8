// Arithmetic the monthly reports imply but do not always honour. Findings are warnings, not errors:
// the data must record what a claimant published, and a gap in its own arithmetic is itself worth
// showing to a reader. The checks run per series and claimant, month by month:
//   carried over + new − completed = still open
//   credible + non-credible + duplicate = completed (when all three are given)
//   cumulative deaths(n) = cumulative deaths(previous report) + deaths assessed (or added) since
import type { Fact, MetricId } from './schema.ts';
import type { Problem } from './problem.ts';
import type { Located } from './checks.ts';
import { formatPath } from './problem.ts';
import { monthOf, nextMonth } from './dates.ts';
import { runToEnd, type Steps } from './slices.ts';

type Monthly = Map<MetricId, Located<Fact>>;

/** What a report adds to the cumulative toll: the month's own deaths plus reassessed earlier ones. */
const ADDED_TO_TOLL: readonly MetricId[] = ['civilian_deaths_month', 'civilian_deaths_added'];

export function consistencyWarnings(facts: readonly Located<Fact>[]): Problem[] {
  return runToEnd(consistencySteps(facts));
}

/** In steps: locating a warning may parse its file again, so yield between months. */
export function* consistencySteps(facts: readonly Located<Fact>[]): Steps<Problem[]> {
  const warnings: Problem[] = [];
  for (const series of groupBySeries(facts).values()) {
    const months = byMonth(series);
    const keys = [...months.keys()].sort();
    for (const month of keys) {
      yield;
      const m = months.get(month)!;
      flowCheck(month, m, warnings);
      breakdownCheck(month, m, warnings);
    }
    yield* cumulativeCheck(months, keys, warnings);
  }
  return warnings;
}

function groupBySeries(facts: readonly Located<Fact>[]): Map<string, Located<Fact>[]> {
  const groups = new Map<string, Located<Fact>[]>();
  for (const f of facts) {
    const { series, claimant, subject } = f.record;
    if (series === undefined) continue;
    const key = `${series}\u0000${claimant}\u0000${subject}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return groups;
}

/** Facts keyed by the month they report on: the month their period (or as_of) ends in. */
function byMonth(facts: Located<Fact>[]): Map<string, Monthly> {
  const months = new Map<string, Monthly>();
  for (const f of facts) {
    const end = f.record.period?.end ?? f.record.as_of;
    const month = end ? monthOf(end) : undefined;
    if (month === undefined || typeof f.record.value !== 'number') continue;
    const m = months.get(month) ?? new Map();
    // Two figures for one month and metric: keep the first; the duplicate is a data question.
    if (!m.has(f.record.metric)) m.set(f.record.metric, f);
    months.set(month, m);
  }
  return months;
}

const num = (f: Located<Fact> | undefined) => (f && typeof f.record.value === 'number' ? f.record.value : undefined);
const fmt = (n: number) => n.toLocaleString('en-US');

function warn(at: Located<Fact>, message: string, out: Problem[]): void {
  const path = [...at.path, 'value'];
  // Every load has warnings (they describe the reports), so find the line by a text scan when the
  // record is written in block style, and parse the file again only when it is not.
  const where = at.locateField?.(at.record.id, 'value') ?? at.locate(path);
  out.push({ severity: 'warning', file: at.file, ...where, path: formatPath(path), message });
}

function flowCheck(month: string, m: Monthly, out: Problem[]): void {
  const carried = num(m.get('reports_carried_over'));
  const fresh = num(m.get('reports_new'));
  const completed = num(m.get('reports_completed'));
  const open = m.get('reports_open');
  const openValue = num(open);
  if (carried === undefined || fresh === undefined || completed === undefined || !open || openValue === undefined) return;
  const expected = carried + fresh - completed;
  if (expected !== openValue) {
    warn(open, `${month}: carried over ${fmt(carried)} + new ${fmt(fresh)} − completed ${fmt(completed)} = ${fmt(expected)}, but the report gives ${fmt(openValue)} still open`, out);
  }
}

function breakdownCheck(month: string, m: Monthly, out: Problem[]): void {
  const completed = m.get('reports_completed');
  const total = num(completed);
  const credible = num(m.get('reports_credible'));
  const nonCredible = num(m.get('reports_non_credible'));
  const duplicate = num(m.get('reports_duplicate'));
  if (!completed || total === undefined || credible === undefined || nonCredible === undefined || duplicate === undefined) return;
  const sum = credible + nonCredible + duplicate;
  if (sum !== total) {
    warn(completed, `${month}: credible ${fmt(credible)} + non-credible ${fmt(nonCredible)} + duplicate ${fmt(duplicate)} = ${fmt(sum)}, but the report gives ${fmt(total)} completed`, out);
  }
}

/**
 * Compares each cumulative death toll with the previous one in the series plus the monthly
 * figures in between. With every month in between known the two must be equal; with a report
 * missing, the later toll must at least cover the months that are known.
 */
function* cumulativeCheck(months: Map<string, Monthly>, keys: string[], out: Problem[]): Steps<void> {
  let prev: { month: string; value: number } | undefined;
  for (const month of keys) {
    yield;
    const current = months.get(month)!.get('civilian_deaths');
    const value = num(current);
    if (!current || value === undefined) continue;
    if (prev) {
      let added = 0;
      const missing: string[] = [];
      for (let m = nextMonth(prev.month); m <= month; m = nextMonth(m)) {
        const figures = ADDED_TO_TOLL.map((metric) => num(months.get(m)?.get(metric)));
        if (figures[0] === undefined) missing.push(m);
        for (const f of figures) added += f ?? 0;
      }
      const expected = prev.value + added;
      if (missing.length === 0 && expected !== value) {
        warn(current, `${month}: cumulative ${fmt(prev.value)} (${prev.month}) + ${fmt(added)} added since = ${fmt(expected)}, but the report gives ${fmt(value)}`, out);
      } else if (missing.length > 0 && value < expected) {
        warn(current, `${month}: cumulative ${fmt(prev.value)} (${prev.month}) + ${fmt(added)} added in the months known = ${fmt(expected)}, more than the ${fmt(value)} reported (no monthly figure for ${missing.join(', ')})`, out);
      }
    }
    prev = { month, value };
  }
}
