// ChartData → a Vega-Lite specification: a time axis, one coloured line per claimant series, a
// band (and a bar at each point) for every range, a shape for how sure each point is, the
// qualifier's symbol above its point, and the sources and data version under the axis.
import type { TopLevelSpec } from 'vega-lite';
import { POINT_KINDS, type ChartData } from './data.ts';
import { BACKGROUND, CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY, GRID, MUTED, PALETTE, TEXT } from './theme.ts';

/** Shapes by point kind, in POINT_KINDS' order: draft, unconfirmed or disputed, date uncertain, as stated. */
const SHAPES = ['cross', 'triangle-up', 'diamond', 'circle'];

const QUALIFIERS = '≥ at least  > more than  ~ about  ≤ at most  < fewer than';

export interface Row {
  series: string;
  date: string;
  /** Where the point is drawn: the value, or a range's top. */
  at: number;
  value: number | null;
  min: number | null;
  max: number | null;
  q: string;
  kind: string;
}

export function sourceLines(data: ChartData): string[] {
  const shown = data.sources.slice(0, 3);
  const more = data.sources.length - shown.length;
  const who = shown.length === 0 ? 'the sources cited with each figure' : `${shown.join(', ')}${more > 0 ? ` and ${more} other${more === 1 ? '' : 's'}` : ''}`;
  return [`Sources: ${who}.`, `Data version ${data.version} · Cite on the answer gives each figure's source.`];
}

/** Year ticks over a long series (the axis running whole years), months over a short one. */
function timeAxis(dates: readonly string[]): { axis: Record<string, unknown>; scale: Record<string, unknown> } {
  const sorted = [...dates].sort();
  const days = sorted.length < 2 ? 0 : (Date.parse(sorted[sorted.length - 1]!) - Date.parse(sorted[0]!)) / 86_400_000;
  if (days > 2 * 365) return { axis: { format: '%Y', tickCount: { interval: 'year', step: days > 12 * 365 ? 2 : 1 }, labelOverlap: true }, scale: { nice: 'year' } };
  return { axis: { format: '%b %Y', tickCount: { interval: 'month', step: days > 365 ? 3 : 1 }, labelOverlap: true }, scale: { nice: 'month' } };
}

/** The rows the chart draws, one per dated figure: given to Vega as the dataset named "rows". */
export function chartRows(data: ChartData): Row[] {
  return data.series.flatMap((s) =>
    s.points.map((p) => ({
      series: s.label,
      date: p.date,
      at: p.value ?? p.max ?? 0,
      value: p.value ?? null,
      min: p.min ?? null,
      max: p.max ?? null,
      q: p.qualifier,
      kind: p.kind,
    })),
  );
}

/**
 * The specification, without the rows (they are the named dataset "rows"), so charts of the same
 * shape (series, kinds of point, title) share one compiled and parsed specification.
 */
export function chartSpec(data: ChartData, rows: readonly Row[] = chartRows(data)): TopLevelSpec {
  // Series with nothing dated have nothing to draw: left out of the legend too (the alt text counts them).
  const labels = data.series.filter((s) => s.points.length > 0).map((s) => s.label);
  const x = { field: 'date', type: 'temporal' as const, title: sourceLines(data), ...timeAxis(rows.map((r) => r.date)) };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: labels, range: labels.map((_, i) => PALETTE[i % PALETTE.length]!) },
    legend: { title: 'Claimant', orient: 'right' as const, symbolType: 'stroke', symbolStrokeWidth: 4, symbolOpacity: 1, symbolLimit: 10 },
  };
  const hasRange = rows.some((r) => r.min !== null);
  const used = new Set(rows.map((r) => r.kind));
  const kinds = POINT_KINDS.filter((k) => used.has(k));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: { left: 16, right: 24, top: 14, bottom: 10 },
    background: BACKGROUND,
    title: {
      text: data.title,
      subtitle: [`${data.unit}${hasRange ? ' · bands: ranges (min–max)' : ''}`, `Qualifiers: ${QUALIFIERS}`],
      anchor: 'start',
      fontSize: 22,
      subtitleFontSize: 14,
      subtitleColor: MUTED,
      color: TEXT,
      offset: 8,
    },
    data: { name: 'rows' },
    encoding: { x, color },
    layer: [
      {
        transform: [{ filter: 'datum.min !== null' }],
        mark: { type: 'area', opacity: 0.16, interpolate: 'linear' },
        encoding: { y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }},
      },
      {
        transform: [{ filter: 'datum.min !== null' }],
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: { y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }},
      },
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'line', strokeWidth: 2.5, interpolate: 'linear' },
        encoding: { y: { field: 'value', type: 'quantitative' }},
      },
      {
        mark: { type: 'point', filled: true, size: 80, strokeWidth: 1.5, opacity: 1 },
        encoding: {
          y: { field: 'at', type: 'quantitative', title: null, axis: { format: ',d', tickCount: 6 } },
          shape: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: [...kinds], range: kinds.map((k) => SHAPES[POINT_KINDS.indexOf(k)]!) },
            legend: { title: 'Point', orient: 'right', symbolFillColor: TEXT, symbolStrokeColor: TEXT, symbolOpacity: 1 },
          },
        },
      },
      {
        transform: [{ filter: "datum.q !== ''" }],
        mark: { type: 'text', dy: -12, fontSize: 13, fontWeight: 'bold' },
        encoding: { y: { field: 'at', type: 'quantitative' }, text: { field: 'q' }},
      },
    ],
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      axis: {
        labelColor: TEXT,
        titleColor: MUTED,
        labelFontSize: 15,
        gridColor: GRID,
        domainColor: MUTED,
        tickColor: MUTED,
      },
      axisX: { titleFontSize: 13, titleFontWeight: 'normal', titleAnchor: 'start', titleAlign: 'left', titlePadding: 10, labelFlush: true },
      legend: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 15, titleFontSize: 15, labelLimit: 300, rowPadding: 6 },
    },
  } as TopLevelSpec;
}
