// The unanswered-questions log: counted by normal form and command, distinct askers per day by a
// salted hash (never an id), the salt gone once the day is over, bounded in days and questions,
// surviving a restart, adding up across two processes sharing STATE_DIR, and a broken file set
// aside rather than fatal.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEEP_DAYS, MAX_QUESTIONS_PER_DAY, MISSES_FILE, normaliseQuestion, openMissLog } from '../../src/live/misses.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'misses-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const USER_A = '123456789012345678';
const USER_B = '223456789012345678';
const day = (d: string, h = 12) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00Z`);

describe('the miss log', () => {
  it('counts a question by its normal form, with distinct askers, and writes no id', async () => {
    let now = day('2026-03-01');
    const log = openMissLog(dir, { now: () => now });
    log.record({ text: 'Civilian deaths in  LIBYA?', command: 'fact', kind: 'unanswered', askerId: USER_A });
    log.record({ text: 'civilian deaths in libya', command: 'fact', kind: 'unanswered', askerId: USER_A });
    log.record({ text: 'civilian deaths in Libya!', command: 'fact', kind: 'unanswered', askerId: USER_B });
    log.record({ text: 'zzz', command: 'source', kind: 'unanswered', askerId: USER_B });
    const { misses, total } = await log.top();
    expect(total).toBe(2);
    expect(misses[0]).toEqual({ text: 'civilian deaths in libya', command: 'fact', kind: 'unanswered', count: 3, askers: 2, lastDay: '2026-03-01' });
    const text = await readFile(path.join(dir, MISSES_FILE), 'utf8');
    expect(text).not.toContain(USER_A);
    expect(text).not.toContain(USER_B);
    expect(text).not.toMatch(/Civilian|LIBYA/);
    now = day('2026-03-01', 13);
    await log.close();
  });

  it('forgets the salt and the hashes once the day is over, keeping the counts', async () => {
    let now = day('2026-03-01');
    const log = openMissLog(dir, { now: () => now });
    log.record({ text: 'mosul', command: 'fact', kind: 'no_figure', askerId: USER_A });
    await log.flush();
    const first = JSON.parse(await readFile(path.join(dir, MISSES_FILE), 'utf8'));
    expect(first.days['2026-03-01'].salt).toMatch(/^[0-9a-f]{32}$/);
    now = day('2026-03-02');
    log.record({ text: 'mosul', command: 'fact', kind: 'no_figure', askerId: USER_A });
    await log.flush();
    const next = JSON.parse(await readFile(path.join(dir, MISSES_FILE), 'utf8'));
    expect(next.days['2026-03-01'].salt).toBeUndefined();
    expect(Object.values(next.days['2026-03-01'].questions)).toEqual([{ text: 'mosul', command: 'fact', kind: 'no_figure', count: 1, askers: 1 }]);
    // A new day, a new salt: the same person's hash differs from day to day.
    expect(next.days['2026-03-02'].salt).not.toBe(first.days['2026-03-01'].salt);
    expect((await log.top()).misses[0]).toMatchObject({ count: 2, askers: 2, lastDay: '2026-03-02' });
    await log.close();
  });

  it('keeps the last days only, and the last 7 for the list', async () => {
    let now = day('2026-03-01');
    const log = openMissLog(dir, { now: () => now });
    for (let i = 0; i < 12; i++) {
      now = new Date(day('2026-03-01').getTime() + i * 86_400_000);
      log.record({ text: `question ${i}`, command: 'fact', kind: 'unanswered', askerId: USER_A });
      await log.flush();
    }
    const file = JSON.parse(await readFile(path.join(dir, MISSES_FILE), 'utf8'));
    expect(Object.keys(file.days)).toHaveLength(KEEP_DAYS);
    const { misses, total } = await log.top({ limit: 100 });
    expect(total).toBe(7);
    expect(misses.map((m) => m.text)).not.toContain('question 4');
    await log.close();
  });

  it('bounds the questions a day, counting the rest', async () => {
    const log = openMissLog(dir, { now: () => day('2026-03-01') });
    for (let i = 0; i < MAX_QUESTIONS_PER_DAY + 5; i++) log.record({ text: `q${i}`, command: 'fact', kind: 'unanswered', askerId: USER_A });
    await log.flush();
    log.record({ text: 'one more', command: 'fact', kind: 'unanswered', askerId: USER_A });
    const top = await log.top();
    expect(top.total).toBe(MAX_QUESTIONS_PER_DAY);
    expect(top.overflow).toBeGreaterThan(0);
    await log.close();
  });

  it('survives a restart and adds up across two processes sharing the folder', async () => {
    const now = () => day('2026-03-01');
    const a = openMissLog(dir, { now });
    const b = openMissLog(dir, { now });
    a.record({ text: 'libya', command: 'fact', kind: 'unanswered', askerId: USER_A });
    b.record({ text: 'libya', command: 'fact', kind: 'unanswered', askerId: USER_B });
    b.record({ text: 'libya', command: 'fact', kind: 'unanswered', askerId: USER_A });
    await Promise.all([a.close(), b.close()]);
    const again = openMissLog(dir, { now });
    expect((await again.top()).misses).toEqual([{ text: 'libya', command: 'fact', kind: 'unanswered', count: 3, askers: 2, lastDay: '2026-03-01' }]);
    await again.close();
    expect((await readdir(dir)).sort()).toEqual([MISSES_FILE]);
  });

  it('sets a broken file aside and starts again', async () => {
    await writeFile(path.join(dir, MISSES_FILE), '{"version": 1, "days": [');
    const log = openMissLog(dir, { now: () => day('2026-03-01') });
    log.record({ text: 'libya', command: 'fact', kind: 'unanswered', askerId: USER_A });
    expect((await log.top()).total).toBe(1);
    expect((await readdir(dir)).some((f) => f.startsWith(`${MISSES_FILE}.corrupt-`))).toBe(true);
    await log.close();
  });

  it('normalises as the search does, and cuts long questions', () => {
    expect(normaliseQuestion('  How many civilians — CJTF-OIR?! ')).toBe('how many civilians cjtf oir');
    expect(normaliseQuestion('x'.repeat(300))).toHaveLength(100);
  });
});
