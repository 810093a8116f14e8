// Deterministic synthetic catalogs for the benchmark: the shipped fact files verbatim plus generated
// "reports" (one YAML file each, like data/cjtf-oir/*.yaml) until the catalog holds the wanted
// number of facts. Everything is drawn from the real vocabulary (the shipped entities and aliases,
// METRICS, the places, claimants, publishers and verbs the data uses) with a seeded PRNG, and every
// quote contains its figure as the loader demands, so a generated catalog loads and validates like
// real data. Pure: no file system, no clock.
import type { Catalog } from '../src/catalog/catalog.ts';
import type { FileInput } from '../src/catalog/load.ts';
import { MAX_FILE_BYTES } from '../src/catalog/parse-file.ts';
import { METRICS, type MetricId, type Qualifier } from '../src/catalog/schema.ts';

/** What generated reports are made of; taken from the shipped catalog (see vocabularyFrom). */

/** The seed of the catalogs the bench measures (and the profiler reproduces). */
export const BENCH_SEED = 20140808;
export interface Vocabulary {
  /** Entity id → name, for quotes and titles. */
  readonly names: Readonly<Record<string, string>>;
  /** Every spelling people may type: entity names and aliases. */
  readonly aliases: readonly string[];
  readonly subjects: readonly string[];
  readonly claimants: readonly string[];
  readonly places: readonly string[];
  /** Outlets that relay a claimant's report. */
  readonly publishers: readonly string[];
  readonly verbs: readonly string[];
  /** Figures the shipped data states, for number queries that hit. */
  readonly values: readonly number[];
}

export function vocabularyFrom(catalog: Catalog): Vocabulary {
  const entities = [...catalog.entities.values()];
  const names: Record<string, string> = {};
  for (const e of entities) names[e.id] = e.name;
  const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)].sort();
  const facts = catalog.facts;
  const claimants = uniq(facts.map((f) => f.claimant));
  const sources = [...catalog.sources.values()];
  return {
    names,
    aliases: uniq(entities.flatMap((e) => [e.name, ...e.aliases])),
    subjects: uniq(facts.map((f) => f.subject)),
    claimants,
    places: uniq(entities.filter((e) => e.kind === 'place').map((e) => e.id)),
    // Outlets that are not themselves claimants relay the reports (as the shipped news pages do).
    publishers: uniq(sources.map((s) => s.publisher).filter((p) => !claimants.includes(p))),
    verbs: uniq(facts.map((f) => f.verb)),
    values: uniq(facts.flatMap((f) => (typeof f.value === 'number' ? [f.value] : [f.value.min, f.value.max]))).sort((a, b) => a - b),
  };
}

// ---- seeded PRNG ---------------------------------------------------------------------------------

/** mulberry32: tiny, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => {
      if (xs.length === 0) throw new Error('pick from an empty list');
      return xs[Math.floor(next() * xs.length)]!;
    },
    chance: (p) => next() < p,
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

// ---- generation ----------------------------------------------------------------------------------

export interface GenerateOptions {
  /** Total facts in the catalog, the base files' included. */
  readonly facts: number;
  readonly seed?: number;
  /** Files copied verbatim first (the shipped data); their entities are the vocabulary's. */
  readonly base: readonly FileInput[];
  /** Facts the base files hold. */
  readonly baseFacts: number;
  readonly vocabulary: Vocabulary;
  /** Generated facts per report file (default: 50, more for large catalogs to stay ≤ 1,000 files). */
  readonly factsPerFile?: number;
}

export interface GeneratedCatalog {
  readonly files: FileInput[];
  /** Facts generated (excluding the base). */
  readonly generated: number;
  /** Values of some generated facts, for number queries that hit. */
  readonly sampleValues: number[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const QUALIFIERS: readonly Qualifier[] = ['exact', 'exact', 'about', 'at_least', 'at_least', 'more_than', 'as_many_as', 'fewer_than', 'range'];
const QUALIFIER_WORDS: Record<Qualifier, string> = {
  exact: '',
  about: 'about ',
  at_least: 'at least ',
  more_than: 'more than ',
  as_many_as: 'as many as ',
  fewer_than: 'fewer than ',
  range: '',
};
const METRIC_IDS = Object.keys(METRICS) as MetricId[];
/** The first month a generated report may speak for; one report per claimant and month after it. */
const FIRST_MONTH = { year: 2014, month: 8 };
const encoder = new TextEncoder();

/** YAML double-quoted scalar: JSON strings are valid YAML. */
const q = (s: string): string => JSON.stringify(s);

export function generateCatalog(opts: GenerateOptions): GeneratedCatalog {
  const rng = prng(opts.seed ?? 20140808);
  const v = opts.vocabulary;
  const want = Math.max(0, opts.facts - opts.baseFacts);
  const perFile = opts.factsPerFile ?? Math.max(50, Math.ceil(want / 1000));
  const files: FileInput[] = [...opts.base];
  const sampleValues: number[] = [];
  let made = 0;
  for (let report = 0; made < want; report++) {
    const n = Math.min(perFile, want - made);
    const { text, values } = generateReport(rng, v, report, n);
    for (const x of values) if (sampleValues.length < 200 && rng.chance(0.05)) sampleValues.push(x);
    const bytes = encoder.encode(text);
    if (bytes.byteLength > MAX_FILE_BYTES) throw new Error(`generated report ${report} is ${bytes.byteLength} bytes, over the loader's limit`);
    files.push({ file: reportPath(v, report), bytes });
    made += n;
  }
  return { files, generated: made, sampleValues };
}

function reportMonth(v: Vocabulary, report: number): { year: number; month: number; claimant: string } {
  const claimant = v.claimants[report % v.claimants.length]!;
  const m = FIRST_MONTH.month - 1 + Math.floor(report / v.claimants.length);
  return { year: FIRST_MONTH.year + Math.floor(m / 12), month: (m % 12) + 1, claimant };
}

function reportPath(v: Vocabulary, report: number): string {
  const { year, month, claimant } = reportMonth(v, report);
  return `synthetic/${claimant}/${year}-${pad(month)}-r${report}.yaml`;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function generateReport(rng: Rng, v: Vocabulary, report: number, count: number): { text: string; values: number[] } {
  const { year, month, claimant } = reportMonth(v, report);
  const ym = `${year}-${pad(month)}`;
  const end = `${ym}-${pad(lastDay(year, month))}`;
  // Published the month after the month it covers.
  const pubYear = month === 12 ? year + 1 : year;
  const pubMonth = month === 12 ? 1 : month + 1;
  const published = `${pubYear}-${pad(pubMonth)}-${pad(rng.int(1, 28))}`;
  const claimantName = v.names[claimant] ?? claimant;
  const outlet = rng.pick(v.publishers);
  const primary = `${claimant}-report-${ym}-r${report}`;
  const relay = `${outlet}-${published}-r${report}`;
  const monthName = `${MONTHS[month - 1]} ${year}`;

  const lines: string[] = [
    `# Synthetic report ${report} (bench/generate.ts): ${claimantName}, ${monthName}.`,
    'sources:',
    `  - id: ${primary}`,
    '    kind: primary_release',
    `    publisher: ${claimant}`,
    `    title: ${q(`${claimantName} report on civilian harm, ${monthName}`)}`,
    `    published: "${published}"`,
    `    url: ${q(`https://example.org/${claimant}/reports/${ym}`)}`,
    '    language: en',
    `  - id: ${relay}`,
    '    kind: news_article',
    `    publisher: ${outlet}`,
    `    title: ${q(`${v.names[outlet] ?? outlet} on the ${claimantName} figures for ${monthName}`)}`,
    `    published: "${published}"`,
    `    via: ${primary}`,
    'facts:',
  ];
  const values: number[] = [];
  for (let k = 0; k < count; k++) {
    const metric = rng.pick(METRIC_IDS);
    const m = METRICS[metric]!;
    const subject = rng.chance(0.7) ? rng.pick(v.subjects) : rng.pick(v.claimants);
    const places = rng.chance(0.5) ? [rng.pick(v.places)] : [...new Set([rng.pick(v.places), rng.pick(v.places)])].sort();
    const qualifier = rng.pick(QUALIFIERS);
    const verb = rng.pick(v.verbs);
    const big = metric === 'refugees' || metric === 'war_deaths' || metric === 'strikes';
    const value = big ? rng.int(1_000, 6_000_000) : rng.chance(0.6) ? rng.int(0, 2_000) : rng.int(2_000, 60_000);
    const range = qualifier === 'range' ? { min: value, max: value + rng.int(1, Math.max(2, Math.floor(value / 2))) } : undefined;
    values.push(value);
    const start = m.cumulative ? '2014-08' : ym;
    const placeNames = places.map((p) => v.names[p] ?? p).join(' and ');
    const fmt = (n: number): string => (rng.chance(0.75) ? n.toLocaleString('en-US') : String(n));
    const figure = range ? `between ${fmt(range.min)} and ${fmt(range.max)}` : `${QUALIFIER_WORDS[qualifier]}${fmt(value)}`;
    const since = m.cumulative ? `since August 2014` : `in ${monthName}`;
    const quote = `${claimantName} ${verb} ${figure} ${m.unit} in ${placeNames} ${since}.`;
    const id = `${claimant}-${metric.replace(/_/g, '-')}-${ym}-r${report}-${k}`;
    lines.push(
      `  - id: ${id}`,
      `    metric: ${metric}`,
      `    subject: ${subject}`,
      `    claimant: ${claimant}`,
      `    places: [${places.join(', ')}]`,
      `    period: { start: "${start}", end: "${end}" }`,
      `    as_of: "${end}"`,
      range ? `    value: { min: ${range.min}, max: ${range.max} }` : `    value: ${value}`,
      `    qualifier: ${qualifier}`,
      `    verb: ${verb}`,
    );
    if (rng.chance(0.2)) lines.push(`    series: ${claimant}-synthetic-${metric.replace(/_/g, '-')}`);
    lines.push('    evidence:', `      - source: ${relay}`, `        quote: ${q(quote)}`);
    if (rng.chance(0.3)) lines.push(`      - source: ${primary}`, `        quote: ${q(quote)}`, `        locator: ${q(`page ${rng.int(1, 12)}`)}`);
    const status = rng.chance(0.85) ? 'current' : rng.chance(0.6) ? 'superseded' : 'disputed';
    lines.push(`    status: ${status}`);
    if (rng.chance(0.1)) lines.push(`    notes: ${q(`Synthetic note: ${claimantName} revised this figure in a later report.`)}`);
  }
  lines.push('');
  return { text: lines.join('\n'), values };
}
