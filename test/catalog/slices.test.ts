import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildCatalog, buildCatalogSteps, loadCatalog } from '../../src/catalog/load.ts';
import { runSliced, runToEnd, type Steps } from '../../src/catalog/slices.ts';
import { buildSearchIndex, buildSearchIndexSteps } from '../../src/search/index.ts';

function* busy(steps: number, msEach: number): Steps<number> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until);
    yield;
  }
  return steps;
}

describe('sliced runs', () => {
  it('give the event loop back while a long computation runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const result = await runSliced(busy(40, 2), 8);
    clearInterval(timer);
    expect(result).toBe(40);
    // 80 ms of work in 8 ms slices: timers must have run in between, not only after.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(runToEnd(busy(3, 0))).toBe(3);
  });

  it('build the same catalog and index as a run to the end', async () => {
    const loaded = await loadCatalog('data');
    if (!loaded.ok) throw new Error('shipped data must load');
    const inputs = await Promise.all(loaded.catalog.files.map(async (file) => ({ file, bytes: await readFile(file) })));
    const whole = buildCatalog(inputs);
    const sliced = await runSliced(buildCatalogSteps(inputs), 1);
    expect(sliced.ok && whole.ok).toBe(true);
    if (!sliced.ok || !whole.ok) return;
    expect(sliced.catalog.version).toBe(whole.catalog.version);
    expect(sliced.catalog.facts).toEqual(whole.catalog.facts);
    expect(sliced.warnings).toEqual(whole.warnings);
    const a = buildSearchIndex(whole.catalog);
    const b = await runSliced(buildSearchIndexSteps(whole.catalog), 1);
    expect([...b.exact.keys()]).toEqual([...a.exact.keys()]);
    expect(b.words).toEqual(a.words);
    expect([...b.newestRank.values()]).toEqual([...a.newestRank.values()]);
  });
});
