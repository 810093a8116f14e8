// The mod log: what it says for each event (untrusted names cannot break out of their code spans,
// nobody is pinged, 2,000 characters at most), and the store observer that reports the watcher's
// rejected loads and a watcher gone blind without any hook in the store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoreStatus } from '../../src/live/catalog-store.ts';
import { createModLog, formatModEvent, observeStore, type ModEvent, type ModLogMessage } from '../../src/live/mod-log.ts';
import type { TrailRecord } from '../../src/live/trail.ts';
import { silentLogger } from '../../src/log.ts';

afterEach(() => vi.useRealTimers());

const record = (over: Partial<TrailRecord> = {}): TrailRecord => ({
  version: 1,
  id: 'abcdef0123',
  at: '2025-01-01T00:00:00.000Z',
  user: { id: '500000000000000001', name: 'Mod `x` ```' },
  action: 'upload',
  file: 'facts.yaml',
  summary: ['~ a: value 1 → 2', 'evil ``` fence'],
  before: 'h0',
  after: 'h1',
  previous: '',
  dataVersion: 'v2',
  ...over,
});

describe('formatModEvent', () => {
  it('says who changed which file, with the summary in a block nothing can close early', () => {
    const text = formatModEvent({ kind: 'applied', record: record() });
    expect(text.startsWith('📝 <@500000000000000001> (`Mod ʼxʼ ʼʼʼ`) replaced `facts.yaml` (change `abcdef0123`, data version `v2`).')).toBe(true);
    expect(text.split('```').length).toBe(3);
    expect(text).toContain("evil ''' fence");
  });

  it('words reverts and additions', () => {
    expect(formatModEvent({ kind: 'applied', record: record({ action: 'revert', revertOf: '0123456789' }) })).toContain('reverted change `0123456789` in `facts.yaml`');
    expect(formatModEvent({ kind: 'applied', record: record({ action: 'add' }) })).toContain('added a figure to `facts.yaml`');
  });

  it('lists a rejected edit’s first problems and stays within 2,000 characters', () => {
    const problems = Array.from({ length: 50 }, (_, i) => ({ severity: 'error' as const, file: 'data/x.yaml', line: i + 1, col: 1, path: `facts[${i}]`, message: 'x'.repeat(300) }));
    const text = formatModEvent({ kind: 'rejected', what: 'fact files (watch (x.yaml))', problems, errorCount: 50, serving: 'v1' });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/^🚫 Rejected: fact files \(watch \(x\.yaml\)\) \(50 errors\); nothing was changed\. Still serving data version `v1`\./);
    expect(text.split('```').length % 2).toBe(1);
  });

  it('says when the data folder is no longer watched', () => {
    expect(formatModEvent({ kind: 'blind', dir: 'data' })).toMatch(/no longer watched.*\/facts reload/);
  });
});

describe('createModLog', () => {
  it('posts plain text that pings nobody, and a refused post is logged, not thrown', async () => {
    const sent: ModLogMessage[] = [];
    const log = createModLog(async (m) => void sent.push(m), silentLogger);
    log.post({ kind: 'blind', dir: 'data' });
    const failing = createModLog(async () => Promise.reject(new Error('403')), silentLogger);
    failing.post({ kind: 'blind', dir: 'data' });
    await log.flush();
    await failing.flush();
    expect(sent).toEqual([{ content: expect.stringMatching(/no longer watched/), allowed_mentions: { parse: [] }, flags: 4 }]);
  });
});

describe('observeStore', () => {
  it('reports each new rejected load and a watcher going blind, once each', () => {
    vi.useFakeTimers();
    let status: StoreStatus = { dir: 'data', warnings: 0, watching: true, reloads: 1, version: 'v1' };
    const events: ModEvent[] = [];
    const stop = observeStore({ status: () => status }, { post: (e) => void events.push(e), flush: async () => undefined }, { intervalMs: 100 });
    const failure = { at: new Date('2025-01-01T00:00:00Z'), trigger: 'watch (x.yaml)', problems: [], errorCount: 2 };
    status = { ...status, lastError: failure };
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(100);
    expect(events).toEqual([{ kind: 'rejected', what: 'fact files (watch (x.yaml))', problems: [], errorCount: 2, serving: 'v1' }]);
    status = { ...status, lastError: { ...failure, at: new Date('2025-01-01T00:01:00Z') }, watching: false };
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(100);
    expect(events.map((e) => e.kind)).toEqual(['rejected', 'rejected', 'blind']);
    status = { ...status, watching: true };
    vi.advanceTimersByTime(100);
    expect(events.map((e) => e.kind)).toEqual(['rejected', 'rejected', 'blind', 'watching']);
    stop();
    status = { ...status, watching: false };
    vi.advanceTimersByTime(500);
    expect(events).toHaveLength(4);
  });
});
