// One catalog size, measured in a process of its own so heap and RSS are those of a process holding
// that catalog and its indexes. Started by bench/run.ts as
//   node --expose-gc dist/bench/measure.js <dataDir> <queries.json> [--reload]
//   node --expose-gc dist/bench/measure.js <dataDir> <queries.json> --naive
// after bundling it as `npm start` bundles the bot (src/cli/build.ts), so what is measured runs as
// the bot runs: plain JavaScript, no tsx. Prints one JSON line (prefixed RESULT) for the parent.
import { readFileSync } from 'node:fs';
import { readFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import Fuse from 'fuse.js';
import { buildCatalog, loadCatalog } from '../src/catalog/load.ts';
import { normalise } from '../src/catalog/normalise.ts';
import { parseFactFile } from '../src/catalog/parse-file.ts';
import { METRICS } from '../src/catalog/schema.ts';
import type { Catalog } from '../src/catalog/catalog.ts';
import { commands } from '../src/commands/index.ts';
import { createDispatcher, type Snapshot } from '../src/interactions/dispatch.ts';
import { createCatalogStore } from '../src/live/catalog-store.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { autocompleteTarget, commandTarget, type Query, type QueryKind } from './queries.ts';
import { mb, round, sampleEach, summarise, timeMs, type Summary } from './stats.ts';

export interface SizeResult {
  facts: number;
  files: number;
  entities: number;
  sources: number;
  warnings: number;
  dataMb: number;
  loadMs: number;
  indexMs: number;
  autocompleteP50Ms: number;
  autocompleteP99Ms: number;
  commandP50Ms: number;
  commandP99Ms: number;
  exactP99Ms: number;
  /**
   * Milliseconds the measuring thread spent runnable but not running (waiting for a core) during
   * the load and the measured autocomplete and command rounds (not the warm-up), from
   * /proc/thread-self/schedstat; null where that file is missing (not Linux). A tail made of these
   * waits is the scheduler's, not the code's.
   */
  runQueueWaitMs: { load: number; autocomplete: number; command: number } | null;
  heapMb: number;
  rssMb: number;
  /** RSS right after load + gc, before V8 returned freed pages. */
  rssBeforeSettleMb: number;
  /** RSS and heap of the same process before loading anything but the code. */
  baselineRssMb: number;
  baselineHeapMb: number;
  samples: number;
  /** p99 per query kind, to see which kind is slow. */
  autocompleteByKind: Record<QueryKind, Summary>;
  commandByKind: Record<QueryKind, Summary>;
  exact: Summary;
  reload?: ReloadResult;
}

export interface NaiveResult {
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

export interface ReloadResult {
  /** Longest gap between 1 ms interval ticks while the live store reloaded. */
  maxStallMs: number;
  /** perf_hooks monitorEventLoopDelay max over the same window. */
  eventLoopDelayMaxMs: number;
  reloadMs: number;
  swapped: boolean;
  /** Where the synchronous time goes (measured on the same files, separately). */
  breakdown: {
    parseTotalMs: number;
    parseMaxFileMs: number;
    /** buildCatalog minus the per-file parses: cross-checks, warnings, origins, freezing, hashing. */
    crossCheckAndBuildMs: number;
    indexMs: number;
  };
}

/** Nanoseconds this thread has waited on the run queue, or null off Linux. */
function runQueueWaitNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/** Runs `fn` and returns its result with the run-queue wait (ms) it took, null off Linux. */
function withRunQueueWait<T>(fn: () => T): { result: T; waitMs: number | null } {
  const before = runQueueWaitNs();
  const result = fn();
  const after = runQueueWaitNs();
  return { result, waitMs: before === null || after === null ? null : round((after - before) / 1e6) };
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  g();
  g();
};

/** Which option of which command each query is typed into (autocomplete) or submitted as. */
function byKind(queries: readonly Query[], samples: readonly number[]): Record<QueryKind, Summary> {
  const kinds: QueryKind[] = ['exact', 'typo', 'prefix', 'multi', 'number', 'question'];
  const out = {} as Record<QueryKind, Summary>;
  for (const k of kinds) out[k] = summarise(samples.filter((_, i) => queries[i % queries.length]!.kind === k));
  return out;
}

/** Fact records flattened for fuse.js, as someone would do without an index of their own. */
function naiveRecords(catalog: Catalog): Record<string, unknown>[] {
  const name = (id: string) => catalog.entities.get(id);
  return catalog.facts.map((f) => ({
    id: f.id,
    subject: name(f.subject)?.name ?? f.subject,
    subjectAliases: name(f.subject)?.aliases ?? [],
    claimant: name(f.claimant)?.name ?? f.claimant,
    claimantAliases: name(f.claimant)?.aliases ?? [],
    metric: METRICS[f.metric]?.label ?? f.metric,
    places: f.places.map((p) => name(p)?.name ?? p),
    value: typeof f.value === 'number' ? String(f.value) : `${f.value.min}–${f.value.max}`,
    quotes: f.evidence.map((e) => e.quote),
    sources: f.evidence.map((e) => catalog.sources.get(e.source)?.title ?? e.source),
    notes: f.notes ?? '',
  }));
}

async function measureReload(dir: string, files: readonly string[]): Promise<ReloadResult> {
  const store = createCatalogStore({ dir });
  const first = await store.reload('bench: start-up');
  if (!first.ok) throw new Error('the live store could not load the catalog');
  // A moderator's edit: one file changes, so the reload really swaps in a new version.
  const edited = files[Math.floor(files.length / 2)]!;
  await appendFile(path.resolve(process.cwd(), edited), '# edited by the benchmark\n');
  gc();

  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const eld = monitorEventLoopDelay({ resolution: 1 });
  // Let the interval settle so its first gap is not counted as a stall.
  await new Promise((r) => setTimeout(r, 50));
  maxGap = 0;
  last = performance.now();
  eld.enable();
  const t0 = performance.now();
  const outcome = await store.reload('bench: edit');
  const reloadMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20)); // the tick after the last synchronous stretch
  eld.disable();
  clearInterval(tick);
  store.close();
  if (!outcome.ok) throw new Error('the reload failed');

  // The same work, piece by piece, to say where a stall comes from.
  const bytes = await Promise.all(files.map(async (f) => ({ file: f, bytes: await readFile(path.resolve(process.cwd(), f)) })));
  let parseTotalMs = 0;
  let parseMaxFileMs = 0;
  for (const b of bytes) {
    const ms = timeMs(() => parseFactFile(b.file, b.bytes));
    parseTotalMs += ms;
    parseMaxFileMs = Math.max(parseMaxFileMs, ms);
    await yieldToLoop();
  }
  let built: Catalog | undefined;
  const buildMs = timeMs(() => {
    const r = buildCatalog(bytes);
    if (r.ok) built = r.catalog;
  });
  const indexMs = timeMs(() => buildSearchIndex(built!));
  return {
    maxStallMs: round(maxGap),
    eventLoopDelayMaxMs: round(eld.max / 1e6),
    reloadMs: round(reloadMs),
    swapped: outcome.changed,
    breakdown: {
      parseTotalMs: round(parseTotalMs),
      parseMaxFileMs: round(parseMaxFileMs),
      crossCheckAndBuildMs: round(Math.max(0, buildMs - parseTotalMs)),
      indexMs: round(indexMs),
    },
  };
}

/**
 * The naive baseline: fuse.js with its default options over whole fact records. Slow enough (whole
 * seconds per query) that it gets its own process, a short warm-up and one measured round.
 */
export async function measureNaive(dir: string, queries: readonly Query[]): Promise<NaiveResult> {
  const loaded = await loadCatalog(dir);
  if (!loaded.ok) throw new Error('the generated catalog does not load');
  const records = naiveRecords(loaded.catalog);
  const keys = Object.keys(records[0] ?? {});
  let fuse: Fuse<Record<string, unknown>> | undefined;
  const buildMs = timeMs(() => {
    fuse = new Fuse(records, { keys });
  });
  const s = summarise(sampleEach(queries, (q) => fuse!.search(q.text), 1, queries.filter((_, i) => i % 10 === 0)));
  return { buildMs: round(buildMs), p50Ms: s.p50Ms, p99Ms: s.p99Ms, samples: s.n };
}

export async function measureSize(dir: string, queries: readonly Query[], opts: { reload: boolean }): Promise<SizeResult> {
  gc();
  const base = process.memoryUsage();

  // The bot's own start-up path: read the directory, parse, validate, cross-check.
  const loadWait0 = runQueueWaitNs();
  const t0 = performance.now();
  const loaded = await loadCatalog(dir);
  const loadMs = performance.now() - t0;
  const loadWait1 = runQueueWaitNs();
  if (!loaded.ok) throw new Error(`the generated catalog does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const catalog = loaded.catalog;
  const t1 = performance.now();
  const index = buildSearchIndex(catalog);
  const indexMs = performance.now() - t1;
  const ctx: Snapshot = { catalog, index };
  const dispatcher = createDispatcher(commands);

  // Steady state: what stays resident once the loader's garbage is collected and V8 has had a
  // moment to hand pages back, as in a bot that has been up for a second.
  gc();
  const rssAtLoad = process.memoryUsage().rss;
  await new Promise((r) => setTimeout(r, 1000));
  gc();
  const mem = process.memoryUsage();

  // Five measured rounds of the whole mix after a full warm-up (1,300 calls per figure, so the
  // p99 is the 13th slowest and one burst of the shared machine's other work does not make it);
  // for the largest catalogs, where one call can take tens of milliseconds, one round after
  // warming up on a quarter of the mix.
  const large = catalog.facts.length >= 50_000;
  const rounds = large ? 1 : 5;
  const warm = <T>(xs: readonly T[]): readonly T[] => (large ? xs.filter((_, i) => i % 4 === 0) : xs);
  const ac = queries.map((q, i) => ({ q, ...autocompleteTarget(q, i) }));
  const complete = (a: (typeof ac)[number]) => dispatcher.autocomplete(ctx, a.name, a.focused, { [a.focused]: a.q.text });
  for (const a of warm(ac)) complete(a);
  const { result: autocomplete, waitMs: acWait } = withRunQueueWait(() => sampleEach(ac, complete, rounds, []));
  const cmd = queries.map((q, i) => ({ q, ...commandTarget(q, i) }));
  const answer = (c: (typeof cmd)[number]) => dispatcher.payload(ctx, c.name, { [c.option]: c.q.text });
  for (const c of warm(cmd)) answer(c);
  const { result: command, waitMs: cmdWait } = withRunQueueWait(() => sampleEach(cmd, answer, rounds, []));
  // The floor: one normalise and one Map look-up, what any answer costs at least.
  const aliases = queries.filter((q) => q.kind === 'exact').map((q) => q.text);
  const exact = sampleEach(aliases, (a) => index.exact.get(normalise(a)), 4, [...aliases, ...aliases]);

  const reload = opts.reload ? await measureReload(dir, catalog.files) : undefined;

  const a = summarise(autocomplete);
  const c = summarise(command);
  const e = summarise(exact);
  const dataBytes = (await Promise.all(catalog.files.map(async (f) => (await readFile(path.resolve(process.cwd(), f))).byteLength))).reduce((x, y) => x + y, 0);
  return {
    facts: catalog.facts.length,
    files: catalog.files.length,
    entities: catalog.entities.size,
    sources: catalog.sources.size,
    warnings: loaded.warnings.length,
    dataMb: mb(dataBytes),
    loadMs: round(loadMs),
    indexMs: round(indexMs),
    autocompleteP50Ms: a.p50Ms,
    autocompleteP99Ms: a.p99Ms,
    commandP50Ms: c.p50Ms,
    commandP99Ms: c.p99Ms,
    exactP99Ms: e.p99Ms,
    runQueueWaitMs:
      acWait === null || cmdWait === null || loadWait0 === null || loadWait1 === null
        ? null
        : { load: round((loadWait1 - loadWait0) / 1e6), autocomplete: acWait, command: cmdWait },
    heapMb: mb(mem.heapUsed),
    rssMb: mb(mem.rss),
    rssBeforeSettleMb: mb(rssAtLoad),
    baselineRssMb: mb(base.rss),
    baselineHeapMb: mb(base.heapUsed),
    samples: a.n,
    autocompleteByKind: byKind(queries, autocomplete),
    commandByKind: byKind(queries, command),
    exact: e,
    ...(reload ? { reload } : {}),
  };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const [dir, queriesFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir || !queriesFile) {
    console.error('usage: node --expose-gc dist/bench/measure.js <dataDir> <queries.json> [--naive] [--reload]');
    process.exit(2);
  }
  const queries = JSON.parse(await readFile(queriesFile, 'utf8')) as Query[];
  const result = process.argv.includes('--naive')
    ? await measureNaive(dir, queries)
    : await measureSize(dir, queries, { reload: process.argv.includes('--reload') });
  console.log(`RESULT ${JSON.stringify(result)}`);
}
