// ChartData → PNG: Vega-Lite compiles the specification to Vega, Vega draws it as SVG (headless, no
// canvas), and resvg (a Rust renderer, a prebuilt napi addon from npm: no system packages) turns
// the SVG into pixels with the font shipped in assets/fonts and the machine's fonts off, so the
// image is the same on every machine. CPU-bound for tens of milliseconds: the bot calls this in
// the chart worker (worker.ts), never on the thread that answers; `npm run ask --png` and the
// tests call it directly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Runtime } from 'vega';
import { compile } from 'vega-lite';
import type { ChartData } from './data.ts';
import { chartRows, chartSpec } from './spec.ts';
import { CHART_SCALE, CHART_WIDTH, FONT_FAMILY, FONT_FILES } from './theme.ts';

/**
 * assets/fonts, found from this module: src/render/chart/ when run from the sources, dist/ when
 * bundled (the image copies assets/ beside dist/).
 */
export function fontDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (existsSync(path.join(candidate, FONT_FILES[0]))) return candidate;
  }
  throw new Error(`the chart font (assets/fonts/${FONT_FILES[0]}) is missing`);
}

let fonts: string[] | undefined;

/**
 * Vega views by the text of their specification, newest last. The same question asked again, or
 * another of the same shape (the same series, kinds of point, title), reuses the view: only its
 * rows are replaced and the dataflow run again, which skips Vega-Lite's compiler, Vega's parser
 * and building the dataflow (about four fifths of the SVG's cost).
 */
const views = new Map<string, View>();
const VIEWS_KEPT = 8;

function viewOf(data: ChartData, rows: ReturnType<typeof chartRows>): View {
  const key = JSON.stringify(chartSpec(data, rows));
  let view = views.get(key);
  if (view) views.delete(key);
  else view = new View(parse(compile(JSON.parse(key)).spec) as Runtime, { renderer: 'none' });
  views.set(key, view);
  if (views.size > VIEWS_KEPT) {
    const oldest = views.keys().next().value!;
    views.get(oldest)!.finalize();
    views.delete(oldest);
  }
  return view;
}

/** One chart at a time: a view shared by two charts must not take the second's rows mid-render. */
let queue: Promise<unknown> = Promise.resolve();

export function renderChartSvg(data: ChartData): Promise<string> {
  const run = queue.then(async () => {
    const rows = chartRows(data);
    const view = viewOf(data, rows);
    view.data('rows', rows);
    return view.toSVG();
  });
  queue = run.catch(() => undefined);
  return run;
}

export function svgToPng(svg: string): Uint8Array {
  fonts ??= FONT_FILES.map((f) => path.join(fontDir(), f));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH * CHART_SCALE },
    font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}

export async function renderChartPng(data: ChartData): Promise<Uint8Array> {
  return svgToPng(await renderChartSvg(data));
}
