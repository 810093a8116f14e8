// The /timeline chart (issue 16, item 1): the data it draws, its alt text, its colours' contrast,
// and the PNG itself, decoded and compared with an image snapshot of a fixture series.
// Regenerate the snapshot after a deliberate change: UPDATE_CHART_SNAPSHOT=1 npx vitest run test/render/chart.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { altText, ALT_TEXT_MAX, chartDataOf, type ChartData } from '../../src/render/chart/data.ts';
import { fontDir, renderChartPng, renderChartSvg } from '../../src/render/chart/png.ts';
import { BACKGROUND, CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, FONT_FAMILY, PALETTE, TEXT_COLOURS } from '../../src/render/chart/theme.ts';
import { fixtureAnswer, FIXTURE_VERSION } from './chart-fixture.ts';

const SNAPSHOT = new URL('./chart-fixture.png', import.meta.url);
const data = chartDataOf(fixtureAnswer, FIXTURE_VERSION);

// WCAG 2.x relative luminance and contrast ratio, written here from the definition (not taken from
// the code under test).
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

describe('chart data', () => {
  it('keeps one series per claimant, oldest first, with qualifiers as symbols and doubt as a kind', () => {
    expect(data.series.map((s) => s.label)).toEqual(['CJTF-X', 'Monitor', 'Observatory']);
    const [command, monitor, observer] = data.series;
    expect(command!.points).toHaveLength(40);
    expect(command!.points.map((p) => p.date)).toEqual([...command!.points.map((p) => p.date)].sort());
    expect(command!.points[0]).toMatchObject({ date: '2015-01-28', value: 50, qualifier: '≥', kind: 'as stated' });
    expect(command!.points[4]!.qualifier).toBe('');
    expect(command!.points[7]!.kind).toBe('date uncertain');
    expect(command!.points[13]!.kind).toBe('date uncertain');
    expect(command!.points[21]!.kind).toBe('unconfirmed/disputed');
    // A range stays a range (never a midpoint); a month is placed at its first day.
    expect(monitor!.points[0]).toEqual({ date: '2015-06-30', min: 900, max: 1400, qualifier: '', kind: 'as stated' });
    expect(monitor!.points[2]!.kind).toBe('unconfirmed/disputed');
    expect(monitor!.points[3]!.date).toBe('2018-06-01');
    expect(monitor!.points[4]).toMatchObject({ value: 4000, qualifier: '~', kind: 'draft' });
    // The undated figure cannot sit on a time axis: left out and counted.
    expect(observer!.undated).toBe(1);
    expect(observer!.points.map((p) => p.qualifier)).toEqual(['≤', '>', '<']);
    expect(observer!.points[2]!.date).toBe('2018-01-01');
    expect(data.version).toBe(FIXTURE_VERSION);
    expect(data.sources[0]).toBe('CJTF-X');
  });

  it('alt text names the claimants, the range of dates, each newest value, what is marked, and the data version', () => {
    const alt = altText(data);
    expect(alt).toContain('Chart of Civilian deaths: Example coalition, Jan 2015 to Dec 2018;');
    expect(alt).toContain('CJTF-X: 40 dated figures, newest at least 1,431 (28 Apr 2018).');
    expect(alt).toContain('Monitor: 5 dated figures, newest about 4,000 (31 Dec 2018).');
    expect(alt).toContain('Observatory: 3 dated figures (1 undated not drawn), newest fewer than 1,500 (2018).');
    expect(alt).toContain('4 ranges drawn as bands');
    expect(alt).toContain('1 draft');
    expect(alt).toContain('2 unconfirmed/disputed');
    expect(alt).toContain('2 date uncertain');
    expect(alt).toContain(`Data version ${FIXTURE_VERSION}.`);
    expect(alt.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
  });

  it('alt text stays within Discord’s 1,024 characters however many series there are', () => {
    const many: ChartData = { ...data, series: Array.from({ length: 60 }, (_, i) => ({ ...data.series[0]!, label: `Claimant number ${i} with a long name` })) };
    const alt = altText(many);
    expect(alt.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(alt).toMatch(/…and \d+ more series\./);
    expect(alt).toContain(`Data version ${FIXTURE_VERSION}.`);
  });
});

describe('chart colours', () => {
  it('every colour text is drawn in has a contrast of at least 4.5:1 against the opaque background', () => {
    expect(BACKGROUND).toMatch(/^#[0-9a-f]{6}$/);
    for (const c of TEXT_COLOURS) expect({ colour: c, ratio: contrast(c, BACKGROUND) }).toEqual({ colour: c, ratio: expect.toSatisfy((r: number) => r >= 4.5) });
    expect(PALETTE.length).toBeGreaterThanOrEqual(6);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it('the contrast check can fail: a light grey on white is refused', () => {
    expect(contrast('#aaaaaa', '#ffffff')).toBeLessThan(4.5);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('the SVG writes text only in those colours, in the shipped font', async () => {
    const svg = await renderChartSvg(data);
    const fills = [...svg.matchAll(/<text[^>]*fill="([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
    expect(fills.length).toBeGreaterThan(20);
    for (const f of new Set(fills)) expect(TEXT_COLOURS.map((c) => c.toLowerCase())).toContain(f);
    expect(svg).toContain(FONT_FAMILY);
    expect(existsSync(`${fontDir()}/DejaVuSans.ttf`)).toBe(true);
    // The source line and the data version are in the image.
    expect(svg).toContain(`Data version ${FIXTURE_VERSION}`);
    expect(svg).toContain('Sources: CJTF-X, Monitor, Observatory.');
  });
});

describe('chart image', () => {
  it('decodes as a PNG of the expected size, opaque and not blank', async () => {
    const png = decode(await renderChartPng(data));
    expect(png.width).toBe(CHART_WIDTH * CHART_SCALE);
    expect(png.height).toBe(CHART_HEIGHT * CHART_SCALE);
    let sum = 0;
    let sumSq = 0;
    let transparent = 0;
    const n = png.width * png.height;
    for (let i = 0; i < png.data.length; i += 4) {
      const grey = (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
      sum += grey;
      sumSq += grey * grey;
      if (png.data[i + 3] !== 255) transparent++;
    }
    const variance = sumSq / n - (sum / n) ** 2;
    expect(transparent).toBe(0);
    // A blank (or single-colour) image has none; the chart's lines, points and text give it plenty.
    expect(variance).toBeGreaterThan(200);
    // The corner is the background.
    expect([...png.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('matches the image snapshot of the fixture series within a tolerance, and a changed chart does not', async () => {
    const actual = decode(await renderChartPng(data));
    if (process.env.UPDATE_CHART_SNAPSHOT === '1' || !existsSync(SNAPSHOT)) {
      if (process.env.UPDATE_CHART_SNAPSHOT !== '1') throw new Error(`no snapshot at ${SNAPSHOT.pathname}: run with UPDATE_CHART_SNAPSHOT=1 to write it`);
      writeFileSync(SNAPSHOT, PNG.sync.write(actual));
    }
    const expected = decode(readFileSync(SNAPSHOT));
    expect([expected.width, expected.height]).toEqual([actual.width, actual.height]);
    const differing = (a: PNG) => pixelmatch(expected.data, a.data, undefined, a.width, a.height, { threshold: 0.1 }) / (a.width * a.height);
    // Anti-aliasing may differ a little between resvg builds; a changed chart differs far more.
    expect(differing(actual)).toBeLessThan(0.001);

    // The same chart with one claimant's figures a fifth higher: the comparison must see it.
    const higher = (p: ChartData['series'][number]['points'][number]) => ({ ...p, ...(p.value === undefined ? { min: p.min! * 1.2, max: p.max! * 1.2 } : { value: p.value * 1.2 }) });
    const changed = { ...data, series: [data.series[0]!, { ...data.series[1]!, points: data.series[1]!.points.map(higher) }, data.series[2]!] };
    expect(differing(decode(await renderChartPng(changed)))).toBeGreaterThan(0.001);
  });

  it('draws a chart the same after another of its shape (a reused view keeps nothing of the last rows)', async () => {
    const first = await renderChartPng(data);
    const other = { ...data, series: data.series.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, ...(p.value === undefined ? {} : { value: p.value + 500 }) })) })) };
    const [a, b] = await Promise.all([renderChartPng(other), renderChartPng(data)]);
    expect(Buffer.from(b).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(first))).toBe(false);
  });
});
