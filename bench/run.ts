// `npm run bench`: the performance benchmark (issue 6). Builds deterministic synthetic catalogs of
// 1,000, 10,000 and 100,000 facts from the shipped vocabulary, writes each to a temporary data
// directory, measures each in a fresh child process (bench/measure.ts), adds the naive fuse.js
// baseline, the reload stall and the HTTP load figures (bench/http-load.ts), prints a table and
// writes bench/results.json. Not part of `npm test`.
//
//   npm run bench                      # everything (a few minutes on 2 cores)
//   BENCH_SIZES=1000,10000 npm run bench
//   BENCH_HTTP=0 npm run bench         # skip the HTTP load run
//   BENCH_NAIVE=0 npm run bench        # skip the naive fuse.js baseline (about a minute and a half)
//   BENCH_HOSTILE=0 npm run bench      # skip the hostile files (bench/hostile.ts, about two minutes)
//   BENCH_CHART=0 npm run bench        # skip the /timeline chart (bench/chart.ts, about half a minute)
//   BENCH_CHILD_FLAGS=--trace-gc npm run bench   # extra node flags for the measuring child; its output goes to $TMPDIR/bench-child.log
import { execFileSync, spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, nodeFlagsOf } from '../src/cli/build.ts';
import { measureBotMemory, type BotMemory } from './bot-memory.ts';
import { CHART_P99_MAX_MS, renderCharts, type ChartResult } from './chart.ts';
import { measureHostile, renderHostile, HOSTILE_TARGETS, type HostileResults } from './hostile.ts';
import { generateCatalog } from './generate.ts';
import type { NaiveResult, SizeResult } from './measure.ts';
import { buildQueryMix, QUERY_MIX } from './queries.ts';
import { DATA_DIR, loadShipped, ROOT } from './shipped.ts';

export const SIZES = [1_000, 10_000, 100_000] as const;
export { BENCH_SEED as SEED } from './generate.ts';
import { BENCH_SEED as SEED } from './generate.ts';

/** The targets; each is checked against the run and printed as met or MISSED. */
export const TARGETS = [
  { label: 'autocomplete p99 ≤ 5 ms at 10k', size: 10_000, key: 'autocompleteP99Ms', max: 5 },
  { label: 'autocomplete p99 ≤ 25 ms at 100k', size: 100_000, key: 'autocompleteP99Ms', max: 25 },
  { label: 'whole command p99 ≤ 10 ms at 10k', size: 10_000, key: 'commandP99Ms', max: 10 },
  { label: 'load + validate ≤ 2 s at 10k', size: 10_000, key: 'loadMs', max: 2_000 },
  { label: 'RSS ≤ 150 MB holding 10k', size: 10_000, key: 'rssMb', max: 150 },
] as const;
export const RELOAD_STALL_MAX_MS = 50;
/** The whole bot (discord.js connected, answering) is measured on this catalog size. */
export const BOT_MEMORY_SIZE = 10_000;
export const BOT_RSS_MAX_MB = 150;
/** The hostile files are dropped into this catalog (the shipped data when it is not in the run). */
export const HOSTILE_SIZE = 10_000;

interface HttpFigures {
  endpoint: { rps: number; p50Ms: number; p99Ms: number };
  floor: { rps: number; p50Ms: number; p99Ms: number };
}

export interface BenchResults {
  sizes: Record<string, SizeResult>;
  naiveFuse1000P99Ms: number | null;
  naiveFuse1000?: NaiveResult;
  reloadMaxStallMs: number | null;
  /** `npm start`'s bundle on the 10,000-fact catalog, connected to the stand-in (bench/bot-memory.ts). */
  bot: BotMemory | { skipped: string };
  http: HttpFigures | { skipped: string };
  /** Issue 13's alias-key bomb and 2 MiB of bad records (bench/hostile.ts). */
  hostile?: HostileResults | { skipped: string };
  /** The /timeline chart: render p99 of a 40-point series, and autocomplete while charts render (bench/chart.ts). */
  charts?: ChartResult | { skipped: string };
  targets: { label: string; value: number | null; max: number; met: boolean | null }[];
  /** The code measured: a commit, and whether src/, bench/ or data/ differed from it. */
  code: { commit: string; dirty: boolean | null };
  queryMix: Record<string, number>;
  seed: number;
  machine: { node: string; cpus: number; cpuModel: string; totalMemGb: number; platform: string; loadAverageBefore: number; loadAverageAfter: number };
  ranAt: string;
  durationS: number;
}

/**
 * The measuring child runs as the bot runs: a bundle, plain node, `npm start`'s node flags; not
 * under tsx, whose loader thread and transpiled sources would be counted in its memory.
 */
async function bundleMeasure(): Promise<{ measure: string; bot: string; hostile: string; chart: string }> {
  const [measure, bot, hostile, chart] = await buildBundles({ measure: 'bench/measure.ts', start: 'src/cli/start.ts', 'hostile-child': 'bench/hostile-child.ts', chart: 'bench/chart.ts' }, 'dist/bench');
  return { measure: measure!, bot: bot!, hostile: hostile!, chart: chart! };
}

function runChild<T>(measure: string, dir: string, queriesFile: string, flags: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...new Set(['--expose-gc', ...nodeFlagsOf('start')]), '--max-old-space-size=8192', ...(process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []), measure, dir, queriesFile, ...flags],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // BENCH_CHILD_FLAGS=--trace-gc: what the collector did while the child measured.
    if (process.env.BENCH_CHILD_FLAGS !== undefined) child.on('exit', () => void appendFile(path.join(os.tmpdir(), 'bench-child.log'), out).catch(() => undefined));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`measuring ${dir} failed (exit ${code}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as T);
    });
  });
}

async function runHttp(): Promise<HttpFigures | { skipped: string }> {
  if (process.env.BENCH_HTTP === '0') return { skipped: 'BENCH_HTTP=0' };
  let mod: { runHttpLoadBench?: (o: { print?: boolean }) => Promise<HttpFigures> };
  try {
    mod = (await import('./http-load.ts')) as typeof mod;
  } catch (e) {
    return { skipped: `bench/http-load.ts not available (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof mod.runHttpLoadBench !== 'function') return { skipped: 'bench/http-load.ts exports no runHttpLoadBench' };
  try {
    return await mod.runHttpLoadBench({ print: false });
  } catch (e) {
    return { skipped: `the HTTP load run failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

const fmt = (n: number | null | undefined, unit = ''): string =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : `${Number.isInteger(n) || n >= 100 ? Math.round(n).toLocaleString('en-US') : n < 1 ? n.toFixed(4) : n.toFixed(2)}${unit}`;

export function renderTable(r: BenchResults): string {
  const sizes = Object.keys(r.sizes);
  const header: [string, ...string[]] = ['', ...sizes.map((s) => `${Number(s).toLocaleString('en-US')} facts`)];
  const rows: [string, ...string[]][] = [header];
  const row = (label: string, get: (s: SizeResult) => number | undefined, unit = '') => rows.push([label, ...sizes.map((s) => fmt(get(r.sizes[s]!), unit))]);
  row('YAML files', (s) => s.files);
  row('data MB', (s) => s.dataMb);
  row('load + validate ms', (s) => s.loadMs);
  row('  (waiting for a core, load ms)', (s) => s.runQueueWaitMs?.load);
  row('search index build ms', (s) => s.indexMs);
  row('autocomplete p50 ms', (s) => s.autocompleteP50Ms);
  row('autocomplete p99 ms', (s) => s.autocompleteP99Ms);
  row('whole command p50 ms', (s) => s.commandP50Ms);
  row('whole command p99 ms', (s) => s.commandP99Ms);
  row('exact alias p99 ms (floor)', (s) => s.exactP99Ms);
  row('  (waiting for a core, autocomplete ms)', (s) => s.runQueueWaitMs?.autocomplete);
  row('heap after load MB', (s) => s.heapMb);
  row('RSS after load MB', (s) => s.rssMb);
  row('  (RSS before V8 returned pages)', (s) => s.rssBeforeSettleMb);
  row('  (RSS before load MB)', (s) => s.baselineRssMb);
  const widths = header.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
  const lines = rows.map((x) => x.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));

  const out = [lines.join('\n'), ''];
  const small = r.sizes['1000'];
  if (r.naiveFuse1000P99Ms !== null && small) {
    const ratio = (x: number) => (x > 0 ? `${(r.naiveFuse1000P99Ms! / x).toFixed(0)}×` : 'n/a');
    out.push(
      `naive fuse.js over whole fact records, 1,000 facts: p99 ${fmt(r.naiveFuse1000P99Ms)} ms ` +
        `(${ratio(small.autocompleteP99Ms)} the index's autocomplete p99, ${ratio(small.commandP99Ms)} its whole-command p99)`,
    );
  }
  const reload = Object.values(r.sizes).find((s) => s.reload)?.reload;
  if (reload) {
    out.push(
      `reload of the 10,000-fact catalog (live store): longest event-loop stall ${fmt(reload.maxStallMs)} ms ` +
        `(monitorEventLoopDelay max ${fmt(reload.eventLoopDelayMaxMs)} ms), reload ${fmt(reload.reloadMs)} ms — ` +
        `${reload.maxStallMs <= RELOAD_STALL_MAX_MS ? 'met' : 'MISSED'} (≤ ${RELOAD_STALL_MAX_MS} ms)`,
      `  where it goes: YAML parse + zod ${fmt(reload.breakdown.parseTotalMs)} ms over all files (largest file ${fmt(reload.breakdown.parseMaxFileMs)} ms), ` +
        `cross-checks + catalog ${fmt(reload.breakdown.crossCheckAndBuildMs)} ms, search index ${fmt(reload.breakdown.indexMs)} ms`,
    );
  }
  if ('skipped' in r.bot) out.push(`npm start's bot, 10,000 facts: skipped (${r.bot.skipped})`);
  else {
    out.push(
      `npm start's bot (bundle, discord.js connected to the stand-in) on 10,000 facts, ready in ${fmt(r.bot.readyMs)} ms: ` +
        `RSS ${fmt(r.bot.rssMb)} MB once idle (settled ${r.bot.settledAfterS} s into 90 quiet seconds) — ${r.bot.rssMb <= BOT_RSS_MAX_MB ? 'met' : 'MISSED'} (≤ ${BOT_RSS_MAX_MB} MB)`,
      `  2 s after ${r.bot.answered} answers: ${fmt(r.bot.rssAfterAnswersMb)} MB; peak from connecting on: ${fmt(r.bot.peakRssMb)} MB`,
    );
  }
  if ('skipped' in r.http) out.push(`HTTP endpoint load: skipped (${r.http.skipped})`);
  else {
    const { endpoint: e, floor: f } = r.http;
    out.push(
      `HTTP endpoint load (autocannon, shipped data): endpoint ${e.rps} req/s, p50 ${e.p50Ms} ms, p99 ${e.p99Ms} ms; ` +
        `floor ${f.rps} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`,
    );
  }
  if (r.charts && 'skipped' in r.charts) out.push(`/timeline chart: skipped (${r.charts.skipped})`);
  else if (r.charts) out.push(...renderCharts(r.charts));
  if (r.hostile && 'skipped' in r.hostile) out.push(`hostile files: skipped (${r.hostile.skipped})`);
  else if (r.hostile) out.push(...renderHostile(r.hostile));
  out.push(`code: ${r.code.commit.slice(0, 12)}${r.code.dirty ? ' with uncommitted changes' : ''}`);
  out.push(`machine: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}; 1-min load average ${r.machine.loadAverageBefore} before, ${r.machine.loadAverageAfter} after`);
  out.push('', 'targets:');
  for (const t of r.targets) out.push(`  ${t.met === null ? 'not run' : t.met ? 'met   ' : 'MISSED'}  ${t.label} (measured ${fmt(t.value)})`);
  const botRss = 'skipped' in r.bot ? null : r.bot.rssMb;
  out.push(`  ${botRss === null ? 'not run' : botRss <= BOT_RSS_MAX_MB ? 'met   ' : 'MISSED'}  RSS of npm start's bot holding 10k, connected, idle ≤ ${BOT_RSS_MAX_MB} MB (measured ${fmt(botRss)})`);
  const chartP99 = r.charts && !('skipped' in r.charts) ? r.charts.worker.p99Ms : null;
  out.push(`  ${chartP99 === null ? 'not run' : chartP99 <= CHART_P99_MAX_MS ? 'met   ' : 'MISSED'}  /timeline chart render p99 ≤ ${CHART_P99_MAX_MS} ms, 40-point series, through the chart worker (measured ${fmt(chartP99)})`);
  out.push(`  ${r.reloadMaxStallMs === null ? 'not run' : r.reloadMaxStallMs <= RELOAD_STALL_MAX_MS ? 'met   ' : 'MISSED'}  reload of 10k stalls answers ≤ ${RELOAD_STALL_MAX_MS} ms (measured ${fmt(r.reloadMaxStallMs)})`);
  if (r.hostile && !('skipped' in r.hostile)) {
    for (const c of r.hostile.cases) {
      const v = c.validate;
      out.push(`  ${v.ms <= HOSTILE_TARGETS.rejectMs && v.peakRssMb <= HOSTILE_TARGETS.rejectRssMb ? 'met   ' : 'MISSED'}  ${c.name} rejected in ≤ ${HOSTILE_TARGETS.rejectMs} ms and ≤ ${HOSTILE_TARGETS.rejectRssMb} MB (measured ${v.ms} ms, ${v.peakRssMb} MB)`);
      if (!('skipped' in c.bot)) out.push(`  ${c.bot.p99Ms <= HOSTILE_TARGETS.answerP99Ms ? 'met   ' : 'MISSED'}  answers p99 ≤ ${HOSTILE_TARGETS.answerP99Ms} ms while it sits in the bot's data folder (measured ${c.bot.p99Ms} ms)`);
    }
  }
  return out.join('\n');
}

/** BENCH_COMMIT names the commit when the tree is an export without .git (git archive). */
function codeVersion(): { commit: string; dirty: boolean | null } {
  if (process.env.BENCH_COMMIT) return { commit: process.env.BENCH_COMMIT, dirty: false };
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--', 'src', 'bench', 'data', 'package.json') !== '' };
  } catch {
    return { commit: 'unknown', dirty: null };
  }
}

export async function runBench(): Promise<BenchResults> {
  const started = performance.now();
  // Other work on a 2-core machine shows in the figures; the load average says how much there was.
  const loadBefore = os.loadavg()[0] ?? 0;
  const sizes = (process.env.BENCH_SIZES ?? SIZES.join(',')).split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  const shipped = await loadShipped();
  const queries = buildQueryMix(shipped.vocabulary);
  const { measure, bot, hostile: hostileChild, chart } = await bundleMeasure();
  let charts: BenchResults['charts'] = process.env.BENCH_CHART === '0' ? { skipped: 'BENCH_CHART=0' } : undefined;
  const runCharts = async (dir: string, queriesFile: string, facts: number) => {
    process.stderr.write(`bench: /timeline chart, and autocomplete on ${facts.toLocaleString('en-US')} facts while charts render… `);
    const tc = performance.now();
    try {
      charts = await runChild<ChartResult>(chart, dir, queriesFile, []);
    } catch (e) {
      charts = { skipped: `the chart run failed: ${(e as Error).message.split('\n')[0]}` };
    }
    process.stderr.write(`${((performance.now() - tc) / 1000).toFixed(1)} s\n`);
  };
  let hostile: BenchResults['hostile'] = process.env.BENCH_HOSTILE === '0' ? { skipped: 'BENCH_HOSTILE=0' } : undefined;
  const runHostile = async (catalogDir: string, catalogFacts: number) => {
    process.stderr.write(`bench: hostile files in a running bot on ${catalogFacts.toLocaleString('en-US')} facts\n`);
    try {
      hostile = await measureHostile({
        childBundle: hostileChild,
        botBundle: bot,
        shippedDir: DATA_DIR,
        catalogDir,
        catalogFacts,
        queries: queries.filter((q) => q.kind === 'multi' || q.kind === 'typo').map((q) => q.text),
        bot: process.env.BENCH_BOT !== '0',
        log: (t) => process.stderr.write(t),
      });
    } catch (e) {
      hostile = { skipped: `the hostile run failed: ${(e as Error).message.split('\n')[0]}` };
    }
  };
  let botMemory: BenchResults['bot'] = { skipped: `no ${BOT_MEMORY_SIZE.toLocaleString('en-US')}-fact catalog in this run` };
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'contested-bench-'));
  const results: Record<string, SizeResult> = {};
  let naive: NaiveResult | undefined;
  try {
    const queriesFile = path.join(tmp, 'queries.json');
    await writeFile(queriesFile, JSON.stringify(queries));
    for (const size of sizes) {
      const dir = path.join(tmp, `data-${size}`);
      let gen: ReturnType<typeof generateCatalog> | undefined = generateCatalog({ facts: size, seed: SEED, base: shipped.files, baseFacts: shipped.facts, vocabulary: shipped.vocabulary });
      for (const f of gen.files) {
        const target = path.join(dir, f.file.replace(/^data[\\/]/, ''));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, f.bytes);
      }
      gen = undefined;
      process.stderr.write(`bench: ${size.toLocaleString('en-US')} facts… `);
      const t = performance.now();
      results[String(size)] = await runChild<SizeResult>(measure, dir, queriesFile, size === 10_000 ? ['--reload'] : []);
      process.stderr.write(`${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      if (size === 1_000 && process.env.BENCH_NAIVE !== '0') {
        process.stderr.write('bench: naive fuse.js baseline at 1,000 facts… ');
        const tn = performance.now();
        naive = await runChild<NaiveResult>(measure, dir, queriesFile, ['--naive']);
        process.stderr.write(`${((performance.now() - tn) / 1000).toFixed(1)} s\n`);
      }
      if (size === BOT_MEMORY_SIZE && process.env.BENCH_BOT !== '0') {
        process.stderr.write(`bench: npm start's bot on ${size.toLocaleString('en-US')} facts against the Discord stand-in… `);
        const tb = performance.now();
        try {
          botMemory = await measureBotMemory(bot, dir, queries.filter((q) => q.kind === 'multi' || q.kind === 'typo').map((q) => q.text).slice(0, 40));
        } catch (e) {
          botMemory = { skipped: `the bot run failed: ${(e as Error).message.split('\n')[0]}` };
        }
        process.stderr.write(`${((performance.now() - tb) / 1000).toFixed(1)} s\n`);
      } else if (size === BOT_MEMORY_SIZE) botMemory = { skipped: 'BENCH_BOT=0' };
      if (size === HOSTILE_SIZE && hostile === undefined) await runHostile(dir, size);
      if (size === 10_000 && charts === undefined) await runCharts(dir, queriesFile, size);
      await rm(dir, { recursive: true, force: true });
    }
    if (hostile === undefined) await runHostile(DATA_DIR, shipped.facts);
    if (charts === undefined) await runCharts(DATA_DIR, queriesFile, shipped.facts);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  process.stderr.write('bench: HTTP endpoint load… ');
  const http = await runHttp();
  process.stderr.write('done\n');

  const reload = Object.values(results).find((s) => s.reload)?.reload;
  const cpus = os.cpus();
  return {
    sizes: results,
    naiveFuse1000P99Ms: naive?.p99Ms ?? null,
    ...(naive ? { naiveFuse1000: naive } : {}),
    reloadMaxStallMs: reload?.maxStallMs ?? null,
    bot: botMemory,
    http,
    ...(hostile ? { hostile } : {}),
    ...(charts ? { charts } : {}),
    targets: TARGETS.map((t) => {
      const value = results[String(t.size)]?.[t.key] ?? null;
      return { label: t.label, value, max: t.max, met: value === null ? null : value <= t.max };
    }),
    code: codeVersion(),
    queryMix: { ...QUERY_MIX },
    seed: SEED,
    machine: { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', totalMemGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.arch()}`, loadAverageBefore: Math.round(loadBefore * 100) / 100, loadAverageAfter: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
    ranAt: new Date().toISOString(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await runBench();
  console.log(`\n${renderTable(results)}\n`);
  const out = path.join(ROOT, 'bench/results.json');
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)} (${results.durationS} s)`);
}
