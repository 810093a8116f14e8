// `npm run draft:eval`: measures the drafter (src/draft) on text no one here wrote.
//
//  1. The seed article (../shared/seeds/*.txt) as a whole report, with `--claimant kuna` as a
//     moderator would give it (the article's own background figures are the outlet's): its 15
//     figures are the shipped facts quoting it (data/seed-kuna-2020-02-14.yaml and the CJTF-OIR
//     report of 13 February 2020 it relays).
//  2. Every quote of the research sheet (../shared/research/figures.yaml) as a one-sentence report,
//     with its published date (where the sheet has none, the date data/ gives the page) and its URL,
//     and no claimant: the sheet's figures for that quote are the gold, its metric and claimant names
//     mapped to the vocabulary's ids below.
//
// Prints recall and precision per field (see draft-score.ts), every miss with --verbose, writes
// bench/draft.json, and exits 1 when a target of issue 15 is missed: ≥ 90 % recall and precision on
// value + metric + qualifier, ≥ 80 % on claimant and period, and all 15 seed figures found.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { loadCatalog } from '../src/catalog/load.ts';
import type { Catalog } from '../src/catalog/catalog.ts';
import type { Fact } from '../src/catalog/schema.ts';
import { draftContext, readReport, type DraftContext, type Proposal } from '../src/draft/read.ts';
import { agrees, describe, FIELDS, misses, score, type Field, type Figure, type Score, type Unit } from './draft-score.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `usage: npm run draft:eval [-- --verbose] [--research FILE] [--seeds DIR] [--data DIR] [--out FILE]
exit status: 0 every target met, 1 a target missed, 2 usage error or unreadable files`;

/** The sheet's metric names → the vocabulary's ids (the sheet predates the vocabulary). */
const METRICS: Readonly<Record<string, string>> = {
  war_deaths_syria: 'war_deaths',
  civilian_deaths_syria_war: 'civilian_deaths',
  refugees_syria_region: 'refugees',
  troops_us_iraq: 'troops',
  civilian_deaths_by_coalition_syria: 'civilian_deaths',
  reports_total_cumulative: 'reports_total',
  reports_credible_cumulative: 'reports_credible_total',
  civilian_deaths_year_iraq_syria: 'civilian_deaths_year',
  civilian_deaths_suspected: 'civilian_deaths_alleged',
  civilian_deaths_in_confirmed_events: 'civilian_deaths',
};

/** The sheet's claimant names → entity ids. */
const CLAIMANTS: Readonly<Record<string, string>> = {
  'CJTF-OIR': 'cjtf-oir',
  Airwars: 'airwars',
  'Syrian Observatory for Human Rights (SOHR)': 'sohr',
  UNHCR: 'unhcr',
  'UN (UNHCR)': 'unhcr',
  'Syrian Network for Human Rights (SNHR)': 'snhr',
  'US Department of Defense (annual civilian casualty report to Congress)': 'us-department-of-defense',
  'US military (US-led coalition data)': 'us-department-of-defense',
  'DW News': 'dw',
  'AP (estimate)': 'ap',
  'US-led Coalition (as tabulated by Airwars)': 'us-led-coalition',
  'unspecified (headline only)': 'sohr',
};

/** The seed article's figures: the shipped facts that quote it. */
export const SEED_FACTS = [
  'cjtf-oir-strikes-2019-12',
  'cjtf-oir-civilian-deaths-2019-12',
  'cjtf-oir-reports-carried-over-2019-12',
  'cjtf-oir-reports-new-2019-12',
  'cjtf-oir-reports-completed-2019-12',
  'cjtf-oir-civilian-deaths-month-2019-12',
  'cjtf-oir-reports-credible-2019-12',
  'cjtf-oir-reports-non-credible-2019-12',
  'cjtf-oir-reports-duplicate-2019-12',
  'cjtf-oir-reports-open-2019-12',
  'cjtf-oir-reports-reopened-2019-12',
  'airwars-civilian-deaths-likely-2020-02-14',
  'kuna-war-deaths-2020-02-14',
  'kuna-refugees-2020-02-14',
  'kuna-us-troops-iraq-2020-02-14',
] as const;

interface ResearchEntry {
  readonly claimant: string;
  readonly metric: string;
  readonly value: number;
  readonly value_max?: number;
  readonly qualifier: string;
  readonly period_start?: unknown;
  readonly period_end?: unknown;
  readonly as_of?: unknown;
  readonly published?: unknown;
  readonly url?: string;
  readonly quote: string;
}

const str = (x: unknown): string | undefined => (x === null || x === undefined || x === '' ? undefined : String(x));
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function fromFact(f: Pick<Fact, 'value' | 'metric' | 'qualifier' | 'claimant' | 'period' | 'as_of'>): Figure {
  return { value: f.value, metric: f.metric, qualifier: f.qualifier, claimant: f.claimant, start: f.period?.start, end: f.period?.end ?? f.as_of };
}

export function fromProposal(p: Proposal): Figure {
  return { value: p.value, metric: p.metric, qualifier: p.qualifier, claimant: p.claimant, start: p.period?.start, end: p.period?.end ?? p.as_of };
}

function fromResearch(e: ResearchEntry): Figure {
  return {
    value: e.qualifier === 'range' && e.value_max !== undefined ? { min: e.value, max: e.value_max } : e.value,
    metric: METRICS[e.metric] ?? e.metric,
    qualifier: e.qualifier,
    claimant: CLAIMANTS[e.claimant] ?? e.claimant,
    start: str(e.period_start),
    end: str(e.period_end) ?? str(e.as_of),
  };
}

/** Two texts share a passage of 40 characters or more. */
function overlaps(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 40) return long.includes(short);
  for (let i = 0; i + 40 <= short.length; i += 10) if (long.includes(short.slice(i, i + 40))) return true;
  return long.includes(short.slice(-40));
}

/** Shipped facts with a quote containing (or contained in) these words. */
function factsQuoting(catalog: Catalog, quote: string): Fact[] {
  const q = squash(quote);
  return catalog.facts.filter((f) => f.evidence.some((ev) => squash(ev.quote).includes(q) || q.includes(squash(ev.quote))));
}

export function researchUnits(ctx: DraftContext, entries: readonly ResearchEntry[]): { units: (Unit & { strict: readonly Figure[] })[]; undatedFromData: number } {
  const groups = new Map<string, ResearchEntry[]>();
  for (const e of entries) {
    const key = `${squash(e.quote)}\u0000${str(e.published) ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  let undatedFromData = 0;
  const units: (Unit & { strict: readonly Figure[] })[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const shipped = factsQuoting(ctx.catalog, first.quote);
    let published = str(first.published);
    if (published === undefined) {
      // The sheet leaves some pages undated; data/ gives the date the project established for them.
      const q = squash(first.quote);
      const dates = shipped
        .flatMap((f) => f.evidence.filter((ev) => squash(ev.quote).includes(q) || q.includes(squash(ev.quote))).map((ev) => ctx.catalog.sources.get(ev.source)?.published))
        .filter((d): d is string => d !== undefined && d !== 'undated');
      published = dates.sort()[0];
      if (published !== undefined) undatedFromData++;
    }
    const reading = readReport(ctx, first.quote, { ...(published ? { published } : {}), ...(first.url ? { sourceUrl: first.url } : {}) });
    // The sheet names claimants in words; where the shipped data holds the same figure from the same
    // words, its entity id is the one meant ("unspecified (headline only)" is SOHR in one place,
    // teleSUR in another).
    const gold = list.map((e) => {
      const g = fromResearch(e);
      const same = shipped.find((f) => agrees(fromFact(f), g, 'value') && (METRICS[e.metric] ?? e.metric) === f.metric);
      return same && !(e.claimant in CLAIMANTS && CLAIMANTS[e.claimant] !== undefined && e.claimant !== 'unspecified (headline only)') ? { ...g, claimant: same.claimant } : g;
    });
    units.push({ label: first.quote, gold, real: [], strict: [], proposals: reading.proposals.map(fromProposal) });
  }
  // A text states more than the figures the sheet filed under it: the figures of every other text it
  // contains or overlaps, and those the shipped data quotes from the same words, are real too.
  const all = units.map((u, i) => ({ u, words: squash(u.label), i }));
  return {
    units: all.map(({ u, words }) => {
      const overlapping = all.filter((o) => o.u !== u && overlaps(words, o.words)).flatMap((o) => o.u.gold);
      const shipped = ctx.catalog.facts.filter((f) => f.evidence.some((ev) => overlaps(words, squash(ev.quote)))).map(fromFact);
      // And a proposal that is a figure the data holds (same value, metric and month), quoted elsewhere.
      const held = ctx.catalog.facts
        .map(fromFact)
        .filter((f) => u.proposals.some((p) => agrees(p, f, 'metric') && (p.end ?? '').slice(0, 7) === (f.end ?? '').slice(0, 7)));
      const strict = [...u.gold];
      for (const f of [...overlapping, ...shipped]) if (!strict.some((g) => agrees(f, g, 'all'))) strict.push(f);
      const real = [...strict];
      for (const f of held) if (!real.some((g) => agrees(f, g, 'all'))) real.push(f);
      return { ...u, real, strict };
    }),
    undatedFromData,
  };
}

export function seedUnit(ctx: DraftContext, text: string, label: string): Unit {
  const gold = SEED_FACTS.map((id) => {
    const f = ctx.catalog.factsById.get(id);
    if (!f) throw new Error(`the seed figure ${id} is not in the data`);
    return fromFact(f);
  });
  const reading = readReport(ctx, text, { claimant: 'kuna' });
  return { label, gold, real: gold, proposals: reading.proposals.map(fromProposal) };
}

const TARGETS: readonly (readonly [Field, number])[] = [
  ['value+metric+qualifier', 0.9],
  ['claimant', 0.8],
  ['period', 0.8],
];

function table(s: Score): string {
  const rows = FIELDS.map((f) => `  ${f.padEnd(24)} ${pct(s.recall[f].rate).padStart(7)} (${s.recall[f].hit}/${s.recall[f].of})   ${pct(s.precision[f].rate).padStart(7)} (${s.precision[f].hit}/${s.precision[f].of})`);
  return [`  ${'field'.padEnd(24)} ${'recall'.padStart(7)}             precision`, ...rows].join('\n');
}

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        research: { type: 'string', default: path.resolve(ROOT, '../shared/research/figures.yaml') },
        seeds: { type: 'string', default: path.resolve(ROOT, '../shared/seeds') },
        data: { type: 'string', default: path.join(ROOT, 'data') },
        out: { type: 'string', default: path.join(ROOT, 'bench/draft.json') },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    out(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  let entries: ResearchEntry[];
  let seedText: string;
  let seedName: string;
  try {
    entries = load(await readFile(args.research, 'utf8'), { schema: CORE_SCHEMA }) as ResearchEntry[];
    seedName = (await readdir(args.seeds)).filter((f) => f.endsWith('.txt')).sort()[0] ?? '';
    seedText = await readFile(path.join(args.seeds, seedName), 'utf8');
  } catch (e) {
    out(`cannot read the texts to measure on: ${e instanceof Error ? e.message : String(e)}\n(they live outside the repository, in ../shared)\n`);
    return 2;
  }
  const loaded = await loadCatalog(args.data);
  if (!loaded.ok) {
    out(`${args.data} does not load; run npm run validate\n`);
    return 2;
  }
  const ctx = draftContext(loaded.catalog);
  const started = performance.now();
  const seed = seedUnit(ctx, seedText, seedName);
  const { units, undatedFromData } = researchUnits(ctx, entries);
  const ms = Math.round(performance.now() - started);
  const seedScore = score([seed]);
  const researchScore = score(units);

  const lines: string[] = [];
  lines.push(`Seed article (${seedName}, --claimant kuna): ${seedScore.figures} figures, ${seedScore.proposals} proposals`);
  lines.push(table(seedScore));
  lines.push('');
  lines.push(`Research quotes (${researchScore.texts} texts, ${researchScore.figures} figures; ${undatedFromData} undated in the sheet, dated from data/): ${researchScore.proposals} proposals`);
  lines.push(table(researchScore));
  // Precision counted only against the figures filed under the same words (the sheet's, and the
  // shipped data's quoting them), not also against figures the data holds from other pages.
  const strictScore = score(units.map((u) => ({ ...u, real: u.strict })));
  lines.push(`  strict precision (a proposal is real only if the sheet or data/ files it under the same words): value+metric+qualifier ${pct(strictScore.precision['value+metric+qualifier'].rate)}, all ${pct(strictScore.precision.all.rate)}`);
  if (args.verbose) {
    for (const u of [seed, ...units]) {
      const m = misses(u, 'all');
      if (m.missed.length === 0 && m.wrong.length === 0) continue;
      lines.push('', `• ${u.label.slice(0, 140)}`);
      for (const g of m.missed) lines.push(`    expected ${describe(g)}`);
      for (const p of m.wrong) lines.push(`    proposed ${describe(p)}`);
    }
  }
  const failures: string[] = [];
  for (const [field, min] of TARGETS) {
    for (const [name, s] of [['research recall', researchScore.recall], ['research precision', researchScore.precision]] as const) {
      if (s[field].rate < min) failures.push(`${name} on ${field}: ${pct(s[field].rate)} < ${pct(min)}`);
    }
  }
  if (seedScore.recall.all.hit < seedScore.figures) failures.push(`seed: ${seedScore.recall.all.hit} of ${seedScore.figures} figures found with every field right`);
  lines.push('', failures.length === 0 ? 'Every target of issue 15 met.' : `Targets missed:\n  ${failures.join('\n  ')}`, `(${ms} ms)`);
  out(`${lines.join('\n')}\n`);

  const report = {
    seed: { file: seedName, ...seedScore },
    research: { undatedFromData, ...researchScore, precisionStrict: strictScore.precision },
    targets: Object.fromEntries(TARGETS),
    met: failures.length === 0,
    failures,
  };
  await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`);
  return failures.length === 0 ? 0 : 1;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) process.exitCode = await main(process.argv.slice(2));
