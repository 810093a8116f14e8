// The chart worker a running bot draws /timeline charts in (src/render/chart/off-thread.ts): it
// answers with the PNG, gives up on a chart that takes too long and starts afresh, refuses at once
// what it cannot take, and is not what keeps a process alive.
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { chartDataOf } from '../../src/render/chart/data.ts';
import { createChartWorker } from '../../src/render/chart/off-thread.ts';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../../src/render/chart/theme.ts';
import { fixtureAnswer, FIXTURE_VERSION } from '../render/chart-fixture.ts';

const data = chartDataOf(fixtureAnswer, FIXTURE_VERSION);
const worker = createChartWorker({ timeoutMs: 15_000, maxQueued: 2 });
afterAll(() => worker.close());

describe('chart worker', () => {
  it('draws the chart off the calling thread, as a PNG', async () => {
    const png = PNG.sync.read(Buffer.from(await worker.render(data)));
    expect([png.width, png.height]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);
  });

  it('refuses at once what it cannot take in time', async () => {
    const taken = [worker.render(data), worker.render(data)];
    await expect(worker.render(data)).rejects.toThrow(/busy \(2 charts waiting\)/);
    await Promise.all(taken);
  });

  it('gives up on a chart that takes too long, then draws again with a new worker', async () => {
    const hasty = createChartWorker({ timeoutMs: 1 });
    await expect(hasty.render(data)).rejects.toThrow('the chart took more than 1 ms');
    await hasty.close();
    const png = await worker.render(data);
    expect(png.byteLength).toBeGreaterThan(10_000);
  });
});
