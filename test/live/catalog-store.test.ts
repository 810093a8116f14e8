// The live catalog store: loads to the side and swaps whole, keeps the last good snapshot on a
// broken edit (with the located error for /facts status), coalesces concurrent reloads, watches.
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/catalog/load.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { createCatalogStore, type CatalogStore } from '../../src/live/catalog-store.ts';
import { formatStatus } from '../../src/commands/facts.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway-data');
const dirs: string[] = [];
const stores: CatalogStore[] = [];

async function tempData(): Promise<{ dir: string; file: string; good: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
  dirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, 'facts.yaml');
  return { dir, file, good: await readFile(file, 'utf8') };
}

function track(store: CatalogStore): CatalogStore {
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('catalog store', () => {
  it('loads, then keeps the last good snapshot (same object) when an edit breaks, and reports where', async () => {
    const { dir, file, good } = await tempData();
    const store = track(createCatalogStore({ dir }));
    const first = await store.reload('startup');
    expect(first.ok && first.changed).toBe(true);
    const snapshot = store.require();
    expect(snapshot.index.catalog).toBe(snapshot.catalog);

    const broken = good.replace('value: 1370', 'value: -1370');
    await writeFile(file, broken);
    const failed = await store.reload('test');
    expect(failed.ok).toBe(false);
    expect(store.current()).toBe(snapshot);
    const status = store.status();
    const line = broken.split('\n').findIndex((l) => l.includes('value: -1370')) + 1;
    expect(status.lastError?.problems[0]).toMatchObject({ line, path: 'facts[0].value' });
    expect(status.lastError?.trigger).toBe('test');
    expect(formatStatus(status)).toContain(`facts.yaml:${line}:`);

    await writeFile(file, good);
    const fixed = await store.reload('test');
    expect(fixed).toMatchObject({ ok: true, changed: false });
    expect(store.status().lastError).toBeUndefined();
    expect(store.current()).toBe(snapshot); // identical content: nothing swapped
  });

  it('has nothing to serve when the first load fails', async () => {
    const store = track(createCatalogStore({ dir: path.join(tmpdir(), 'no-such-dir-for-store-test'), load: (d) => loadCatalog(d) }));
    const r = await store.reload('startup');
    expect(r.ok).toBe(false);
    expect(store.current()).toBeUndefined();
    expect(() => store.require()).toThrow();
    expect(formatStatus(store.status())).toContain('Nothing loaded');
  });

  it('runs one load at a time and one more for changes during it, never losing the newest', async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const real = await loadCatalog(FIXTURE);
    const load = async (): Promise<LoadResult> => {
      calls += 1;
      await new Promise<void>((r) => (release = r));
      return real;
    };
    const store = track(createCatalogStore({ dir: FIXTURE, load }));
    const a = store.reload('a');
    const b = store.reload('b');
    const c = store.reload('c');
    expect(calls).toBe(1);
    release!();
    await a;
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(2); // b and c share the follow-up load
    release!();
    const [rb, rc] = await Promise.all([b, c]);
    expect(rb).toBe(rc);
    expect(calls).toBe(2);
  });

  it('a loader that throws is a failed load, not a crash', async () => {
    const store = track(createCatalogStore({ dir: FIXTURE, load: async () => { throw new Error('disk on fire'); } }));
    const r = await store.reload('x');
    expect(r.ok).toBe(false);
    expect(store.status().lastError?.problems[0]?.message).toContain('disk on fire');
  });

  it('watches the directory: an edit is picked up after the debounce, a broken one is not', async () => {
    const { dir, file, good } = await tempData();
    // The real loader in this thread: the watch is under test; the worker is, in the test above.
    const store = track(createCatalogStore({ dir, load: (d) => loadCatalog(d), debounceMs: 50, settleMs: 100 }));
    await store.reload('startup');
    store.watch();
    expect(store.status().watching).toBe(true);
    const v1 = store.status().version;

    await writeFile(file, good.replace('qualifier: at_least', 'qualifier: sort_of'));
    await waitFor(() => store.status().lastError !== undefined);
    expect(store.status().version).toBe(v1);

    await writeFile(file, good.replace('Country.', 'A country.'));
    await waitFor(() => store.status().version !== v1 && store.status().lastError === undefined);
    expect(store.require().catalog.entities.get('iraq')?.description).toBe('A country.');
    // Files that are not fact files (editor swap files) do not trigger a load.
    const reloads = store.status().reloads;
    await writeFile(path.join(dir, '.facts.yaml.swp'), 'x');
    await new Promise((r) => setTimeout(r, 200));
    expect(store.status().reloads).toBe(reloads);
  });
});

describe('catalog store watch, when its folder goes away', () => {
  // The real loader in this thread (no worker): what is under test is the watch.
  const fast = (dir: string) => track(createCatalogStore({ dir, load: (d) => loadCatalog(d), debounceMs: 20, settleMs: 100, watchCheckMs: 100 }));

  it('says it is blind while the folder is renamed away, and picks up edits once it is back', async () => {
    const { dir, file, good } = await tempData();
    const store = fast(dir);
    await store.reload('startup');
    store.watch();
    const v1 = store.status().version;
    await rename(dir, `${dir}.away`);
    dirs.push(`${dir}.away`);
    await waitFor(() => !store.status().watching);
    await rename(`${dir}.away`, dir);
    await waitFor(() => store.status().watching);
    await writeFile(file, good.replace('Country.', 'A country.'));
    await waitFor(() => store.status().version !== v1);
    expect(store.require().catalog.entities.get('iraq')?.description).toBe('A country.');
  });

  it('follows a folder deleted and copied back, and /facts reload puts the watch back too', async () => {
    const { dir, file, good } = await tempData();
    const store = fast(dir);
    await store.reload('startup');
    store.watch();
    const v1 = store.status().version;
    await rm(dir, { recursive: true, force: true });
    await cp(FIXTURE, dir, { recursive: true });
    await writeFile(file, good.replace('Country.', 'A land.'));
    // Reloaded by hand before the watch notices: the reload re-arms it.
    await store.reload('manual');
    expect(store.status().watching).toBe(true);
    expect(store.status().version).not.toBe(v1);
    const v2 = store.status().version;
    await writeFile(file, good.replace('Country.', 'A nation.'));
    await waitFor(() => store.status().version !== v2);
    expect(store.require().catalog.entities.get('iraq')?.description).toBe('A nation.');
  });

  it('waits until the files have settled, and does not swap in a file that changed while it was read', async () => {
    const { dir, file, good } = await tempData();
    let loads = 0;
    const store = track(
      createCatalogStore({
        dir,
        debounceMs: 20,
        settleMs: 100,
        load: async (d) => {
          loads += 1;
          const r = await loadCatalog(d);
          // The first load after the edit sees the file change under it.
          if (loads === 2) await writeFile(file, good.replace('Country.', 'Changed during the read.'));
          return r;
        },
      }),
    );
    await store.reload('startup');
    store.watch();
    await writeFile(file, good.replace('Country.', 'Read once.'));
    await waitFor(() => store.require().catalog.entities.get('iraq')?.description === 'Changed during the read.');
    expect(loads).toBe(3);
    expect(store.status().reloads).toBe(2);
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
