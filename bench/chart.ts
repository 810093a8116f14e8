// The /timeline chart's speed (issue 16, item 6), run by `npm run bench` as a bundle in a child
// process (dist/bench/chart.js, with dist/bench/chart-worker.js beside it), as the bot runs it:
//
// - render: a 40-point series drawn to PNG in the chart worker, timed from the answering thread
//   (posting the data, Vega-Lite → Vega → SVG → resvg → PNG, the PNG back): the p99 the target is
//   about (≤ 150 ms). Also in-process, split into a chart of a shape seen before (its compiled
//   specification cached) and one never seen (compiled and parsed afresh).
// - autocomplete while charts render: the same autocomplete mix on the catalog given, measured
//   alone and then with the worker kept busy drawing charts (four in flight), so the cost of
//   drawing on the thread that answers shows.
//
//   node --expose-gc dist/bench/chart.js <dataDir> <queries.json>
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load.ts';
import { commands } from '../src/commands/index.ts';
import { createDispatcher } from '../src/interactions/dispatch.ts';
import { POINT_KINDS, type ChartData, type ChartPoint } from '../src/render/chart/data.ts';
import { createChartWorker } from '../src/render/chart/off-thread.ts';
import { renderChartPng } from '../src/render/chart/png.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { autocompleteTarget, type Query } from './queries.ts';
import { summarise, type Summary } from './stats.ts';

export const CHART_POINTS = 40;
export const CHART_P99_MAX_MS = 150;

export interface ChartResult {
  readonly points: number;
  /** Through the chart worker, as the bot draws it: the figure the target is about. */
  readonly worker: Summary;
  /** In-process, a chart of a shape drawn before (compiled specification reused). */
  readonly inProcessSeen: Summary;
  /** In-process, a chart whose specification is new (compiled and parsed afresh). */
  readonly inProcessNew: Summary;
  readonly pngBytes: number;
  readonly catalogFacts: number;
  readonly autocompleteAlone: Summary;
  readonly autocompleteWhileDrawing: Summary;
  /** Charts the worker finished while autocomplete was measured. */
  readonly chartsDrawnMeanwhile: number;
}

/** One claimant's monthly running total, 40 points: qualifiers and doubt as a real series has them. */
export function fortyPoints(title = 'Civilian deaths: benchmark coalition'): ChartData {
  const qualifiers = ['≥', '≥', '≥', '', '~'];
  const points: ChartPoint[] = Array.from({ length: CHART_POINTS }, (_, i) => ({
    date: `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-28`,
    value: 170 + i * 31 + (i % 4) * 7,
    qualifier: qualifiers[i % qualifiers.length]!,
    kind: i % 13 === 6 ? POINT_KINDS[1] : i % 11 === 3 ? POINT_KINDS[2] : POINT_KINDS[3],
  }));
  return { title, unit: 'civilians killed', series: [{ label: 'CJTF-OIR', points, undated: 0, newest: 'at least 1,400' }], sources: ['CJTF-OIR', 'Airwars'], version: 'bench0000000' };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function measureCharts(dir: string, queries: readonly Query[]): Promise<ChartResult> {
  const data = fortyPoints();
  let pngBytes = 0;
  // In-process: warm up (module loading, JIT), then the same chart, then charts never seen.
  for (let i = 0; i < 5; i++) pngBytes = (await renderChartPng(data)).byteLength;
  const seen: number[] = [];
  for (let i = 0; i < 60; i++) seen.push(await timed(() => renderChartPng(data)));
  const fresh: number[] = [];
  for (let i = 0; i < 40; i++) fresh.push(await timed(() => renderChartPng(fortyPoints(`Civilian deaths: benchmark coalition ${i}`))));

  const worker = createChartWorker({ timeoutMs: 30_000 });
  try {
    for (let i = 0; i < 5; i++) await worker.render(data);
    const through: number[] = [];
    for (let i = 0; i < 100; i++) through.push(await timed(() => worker.render(data)));

    // Autocomplete on the catalog, alone and with the worker drawing four charts at a time.
    const loaded = await loadCatalog(dir);
    if (!loaded.ok) throw new Error(`the catalog in ${dir} does not load`);
    const ctx = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };
    const dispatcher = createDispatcher(commands);
    const ac = queries.map((q, i) => ({ q, ...autocompleteTarget(q, i) }));
    const once = (a: (typeof ac)[number]) => dispatcher.autocomplete(ctx, a.name, a.focused, { [a.focused]: a.q.text });
    const sample = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const [i, a] of ac.entries()) {
          const t = process.hrtime.bigint();
          once(a);
          out.push(Number(process.hrtime.bigint() - t) / 1e6);
          // Turns of the event loop between calls, as between interactions: the worker's replies are taken.
          if (i % 20 === 19) await nextTurn();
        }
      }
      return out;
    };
    for (const a of ac) once(a);
    const alone = await sample();
    let drawing = true;
    let drawn = 0;
    const keepBusy = async () => {
      while (drawing) {
        await worker.render(data);
        drawn++;
      }
    };
    const busy = [keepBusy(), keepBusy(), keepBusy(), keepBusy()];
    await new Promise((r) => setTimeout(r, 300));
    const during = await sample();
    drawing = false;
    await Promise.all(busy);
    return {
      points: CHART_POINTS,
      worker: summarise(through),
      inProcessSeen: summarise(seen),
      inProcessNew: summarise(fresh),
      pngBytes,
      catalogFacts: loaded.catalog.facts.length,
      autocompleteAlone: summarise(alone),
      autocompleteWhileDrawing: summarise(during),
      chartsDrawnMeanwhile: drawn,
    };
  } finally {
    await worker.close();
  }
}

export function renderCharts(r: ChartResult): string[] {
  return [
    `/timeline chart, ${r.points}-point series (${Math.round(r.pngBytes / 1024)} KB PNG): through the chart worker p50 ${r.worker.p50Ms} ms, p99 ${r.worker.p99Ms} ms — ` +
      `${r.worker.p99Ms <= CHART_P99_MAX_MS ? 'met' : 'MISSED'} (≤ ${CHART_P99_MAX_MS} ms); in-process p99 ${r.inProcessSeen.p99Ms} ms (shape seen before), ${r.inProcessNew.p99Ms} ms (new shape)`,
    `  autocomplete on ${r.catalogFacts.toLocaleString('en-US')} facts: p99 ${r.autocompleteAlone.p99Ms} ms alone, ${r.autocompleteWhileDrawing.p99Ms} ms while the worker drew ${r.chartsDrawnMeanwhile} charts`,
  ];
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const [dir, queriesFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir || !queriesFile) {
    console.error('usage: node dist/bench/chart.js <dataDir> <queries.json>');
    process.exit(2);
  }
  const queries = JSON.parse(await readFile(queriesFile, 'utf8')) as Query[];
  console.log(`RESULT ${JSON.stringify(await measureCharts(dir, queries))}`);
}
