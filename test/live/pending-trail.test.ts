// Pending changes (15 minutes, then "expired", then swept), the append-only trail (a cut line is
// skipped, not fatal; reverts are checked against later changes) and the cross-process apply lock.
import { mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCK_FILE, LockBusy, withApplyLock } from '../../src/live/apply-lock.ts';
import { createPendingStore, PENDING_TTL_MS, type NewPending } from '../../src/live/pending.ts';
import { checkRevert, createTrail, parseTrail, type NewTrailRecord, type TrailRecord } from '../../src/live/trail.ts';

let state: string;
beforeEach(async () => {
  state = await mkdtemp(path.join(tmpdir(), 'state-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(state, { recursive: true, force: true });
});

const change: NewPending = {
  kind: 'upload',
  file: 'a.yaml',
  baseHash: 'absent',
  content: 'facts: []\n',
  summary: ['+ x: civilian_deaths 1'],
  createdBy: { id: '500000000000000001', name: 'Mod' },
  guildId: '200000000000000001',
};

describe('pending changes', () => {
  it('keeps a change for 15 minutes, then says it expired, and a day later forgets it (fake timers)', async () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z'), toFake: ['Date'] });
    const store = createPendingStore({ stateDir: state });
    const saved = await store.save(change);
    expect(saved.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(saved.expiresAt).toBe('2025-01-01T00:15:00.000Z');
    expect(await store.get(saved.id)).toMatchObject({ status: 'ok', change: { file: 'a.yaml', content: 'facts: []\n' } });
    vi.advanceTimersByTime(PENDING_TTL_MS - 1);
    expect((await store.get(saved.id)).status).toBe('ok');
    vi.advanceTimersByTime(1);
    expect((await store.get(saved.id)).status).toBe('expired');
    vi.advanceTimersByTime(24 * 60 * 60_000 + 1);
    await store.sweep();
    expect((await store.get(saved.id)).status).toBe('unknown');
  });

  it('is single-use: removed once, unknown after', async () => {
    const store = createPendingStore({ stateDir: state });
    const saved = await store.save(change);
    expect(await store.remove(saved.id)).toBe(true);
    expect(await store.remove(saved.id)).toBe(false);
    expect((await store.get(saved.id)).status).toBe('unknown');
  });

  it('never reads a path from an id: malformed ids are unknown', async () => {
    const store = createPendingStore({ stateDir: state });
    await writeFile(path.join(state, 'evil.json'), '{}');
    for (const id of ['../evil', '..%2fevil', '', 'a'.repeat(23), '/etc/passwd', 'aaaaaaaaaaaaaaaaaaaa/.']) {
      expect((await store.get(id)).status).toBe('unknown');
      expect(await store.remove(id)).toBe(false);
    }
    expect(await readFile(path.join(state, 'evil.json'), 'utf8')).toBe('{}');
  });

  it('ignores a record that is not one of its own', async () => {
    const store = createPendingStore({ stateDir: state });
    const saved = await store.save(change);
    const file = path.join(state, 'pending', `${saved.id}.json`);
    const record = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...record, file: 42 }));
    expect((await store.get(saved.id)).status).toBe('unknown');
  });
});

const entry = (file: string, before: string, after: string, previous: string | null = null): NewTrailRecord => ({
  user: { id: '500000000000000001', name: 'Mod' },
  action: 'upload',
  file,
  summary: ['~ x: value 1 → 2'],
  before,
  after,
  previous,
});

describe('trail', () => {
  it('appends records (one JSON line each), newest first in recent()', async () => {
    const trail = createTrail({ stateDir: state });
    const a = await trail.append(entry('a.yaml', 'absent', 'h1'));
    const b = await trail.append(entry('a.yaml', 'h1', 'h2', 'old text'));
    expect(a.id).toMatch(/^[0-9a-f]{10}$/);
    expect((await trail.recent(10)).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(await trail.find(a.id)).toMatchObject({ previous: null, after: 'h1', user: { name: 'Mod' } });
    const lines = (await readFile(trail.file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: b.id, before: 'h1', after: 'h2', previous: 'old text' });
  });

  it('only appends: earlier lines stay byte for byte', async () => {
    const trail = createTrail({ stateDir: state });
    await trail.append(entry('a.yaml', 'absent', 'h1'));
    const first = await readFile(trail.file, 'utf8');
    await trail.append(entry('b.yaml', 'absent', 'h9'));
    expect((await readFile(trail.file, 'utf8')).startsWith(first)).toBe(true);
  });

  it('skips a line cut short by a crash and counts it', async () => {
    const trail = createTrail({ stateDir: state });
    await trail.append(entry('a.yaml', 'absent', 'h1'));
    await appendFile(trail.file, '{"version":1,"id":"abc');
    const later = await trail.append(entry('a.yaml', 'h1', 'h2'));
    const read = await trail.read();
    expect(read.skipped).toBe(1);
    expect(read.records.map((r) => r.id)).toContain(later.id);
    expect(parseTrail('not json\n\n').skipped).toBe(1);
  });

  it('allows a revert only while the file holds what the change left, naming the change in the way', () => {
    const r = (id: string, file: string, before: string, after: string): TrailRecord => ({ version: 1, id, at: '2025-01-01T00:00:00.000Z', ...entry(file, before, after) });
    const records = [r('aaaaaaaaaa', 'a.yaml', 'h0', 'h1'), r('bbbbbbbbbb', 'b.yaml', 'x0', 'x1'), r('cccccccccc', 'a.yaml', 'h1', 'h2')];
    expect(checkRevert(records, records[2]!, 'h2')).toEqual({ ok: true });
    expect(checkRevert(records, records[0]!, 'h2')).toMatchObject({ ok: false, reason: 'later-change', blocking: { id: 'cccccccccc' } });
    expect(checkRevert(records, records[0]!, 'edited')).toMatchObject({ ok: false, reason: 'edited-elsewhere', latest: { id: 'cccccccccc' } });
    expect(checkRevert(records, records[1]!, 'x9')).toMatchObject({ ok: false, reason: 'edited-elsewhere' });
  });
});

describe('apply lock', () => {
  it('lets one holder in at a time, even from two independent callers', async () => {
    const order: string[] = [];
    const hold = (name: string, ms: number) =>
      withApplyLock(state, async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a', 80), hold('b', 10)]);
    // Either may win the race for the lock file; the other waits until it is out.
    expect([['a in', 'a out', 'b in', 'b out'], ['b in', 'b out', 'a in', 'a out']]).toContainEqual(order);
    expect(await readdir(state)).not.toContain(LOCK_FILE);
  });

  it('gives up with LockBusy when the holder keeps it', async () => {
    let release!: () => void;
    const held = withApplyLock(state, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(withApplyLock(state, async () => 'never', { waitMs: 100 })).rejects.toBeInstanceOf(LockBusy);
    release();
    await held;
  });

  it('takes over a lock left by a process that died, or one far too old', async () => {
    await writeFile(path.join(state, LOCK_FILE), JSON.stringify({ token: 't', pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
    expect(await withApplyLock(state, async () => 'mine', { waitMs: 200 })).toBe('mine');
    await writeFile(path.join(state, LOCK_FILE), JSON.stringify({ token: 't', pid: process.pid, host: 'elsewhere', at: '2000-01-01T00:00:00Z' }));
    expect(await withApplyLock(state, async () => 'mine again', { waitMs: 200 })).toBe('mine again');
  });
});
