// What people could not find: questions the data could not answer (only suggestions came back) and
// questions answered around a gap ("No figure about Mosul in the data"), to guide curation. Kept
// in STATE_DIR/misses.json per UTC day: the question in normal form, the command, how often, and
// how many different people asked, counted without keeping who: each asker is a salted hash, the
// salt is the day's own and is deleted when the day is over (then only the count stays), so no id
// or name is ever written and yesterday's hashes cannot be tied back to anyone.
//
// Bounded: the last KEEP_DAYS days, at most MAX_QUESTIONS_PER_DAY questions a day (the rest only
// counted), questions cut at MAX_TEXT characters. Written at most every FLUSH_MS and on close, as
// the server settings are (a temporary file renamed over the old one); each write reads the file
// first and adds this process's new records under a lock file, so instances sharing STATE_DIR
// (behind a load balancer) add up rather than overwrite each other. A file that is not a misses
// file is set aside (renamed .corrupt-<time>) and counting starts again: it is a curation aid,
// never a reason not to start.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { normalise } from '../catalog/normalise.ts';
import { silentLogger, type Logger } from '../log.ts';

export const MISSES_FILE = 'misses.json';
export const KEEP_DAYS = 8;
export const MAX_QUESTIONS_PER_DAY = 1_000;
export const MAX_ASKERS_PER_QUESTION = 1_000;
export const MAX_TEXT = 100;
export const FLUSH_MS = 5_000;
const LOCK_FILE = 'misses.lock';
const STALE_LOCK_MS = 10_000;

/** Nothing found (suggestions only), or an answer that said the data lacks part of the question. */
export type MissKind = 'unanswered' | 'no_figure';

export interface Miss {
  /** The question as typed: the command's text options. */
  readonly text: string;
  readonly command: string;
  readonly kind: MissKind;
  /** Used only to count distinct askers (hashed with the day's salt); never stored. */
  readonly askerId: string;
  readonly at?: Date;
}

export interface TopMiss {
  readonly text: string;
  readonly command: string;
  readonly kind: MissKind;
  readonly count: number;
  /** Distinct askers, summed over days (one person asking on two days counts twice). */
  readonly askers: number;
  /** The last day it was asked, YYYY-MM-DD (UTC). */
  readonly lastDay: string;
}

export interface MissLog {
  readonly file: string;
  record(miss: Miss): void;
  /** The most asked over the last `days` days (default 7), most askers first, then most asked. */
  top(options?: { days?: number; limit?: number; now?: Date }): Promise<{ readonly misses: readonly TopMiss[]; readonly total: number; readonly overflow: number }>;
  /** Writes what is recorded so far. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

const Question = z.object({
  text: z.string(),
  command: z.string(),
  kind: z.enum(['unanswered', 'no_figure']),
  count: z.number().int().nonnegative(),
  /** Hashes while the day's salt exists, a count after. */
  askers: z.union([z.array(z.string()), z.number().int().nonnegative()]),
});
const Day = z.object({
  salt: z.string().optional(),
  overflow: z.number().int().nonnegative().default(0),
  questions: z.record(z.string(), Question),
});
const MissesFile = z.object({ version: z.literal(1), days: z.record(z.string(), Day) });
type MissesFile = z.infer<typeof MissesFile>;
type DayEntry = z.infer<typeof Day>;

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/** The normal form questions are counted by: "Coalition  KILLED?" and "coalition killed" meet. */
export function normaliseQuestion(text: string): string {
  return normalise(text).slice(0, MAX_TEXT).trim();
}

export interface MissLogOptions {
  readonly logger?: Logger;
  readonly flushMs?: number;
  readonly now?: () => Date;
}

export function openMissLog(stateDir: string, options: MissLogOptions = {}): MissLog {
  const dir = path.resolve(stateDir);
  const file = path.join(dir, MISSES_FILE);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const flushMs = options.flushMs ?? FLUSH_MS;
  let pending: Miss[] = [];
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let counter = 0;
  let warned = false;

  async function read(): Promise<MissesFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, days: {} };
      throw error;
    }
    let parsed: ReturnType<typeof MissesFile.safeParse> | undefined;
    try {
      parsed = MissesFile.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) return parsed.data;
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    logger.warn('the unanswered-questions file was not readable; set aside, counting starts again', { file, aside });
    return { version: 1, days: {} };
  }

  /** Adds `records` to `data`, ends past days (salt deleted, hashes counted) and drops old ones. */
  function merge(data: MissesFile, records: readonly Miss[], today: string): MissesFile {
    const days: Record<string, DayEntry> = { ...data.days };
    for (const r of records) {
      const day = dayOf(r.at ?? now());
      if (day !== today && !days[day]?.salt) continue; // a day already closed takes nothing more
      const entry: DayEntry = days[day] ?? { salt: randomBytes(16).toString('hex'), overflow: 0, questions: {} };
      days[day] = entry;
      const text = normaliseQuestion(r.text);
      if (text === '') continue;
      const key = `${r.command} ${r.kind} ${text}`;
      let q = entry.questions[key];
      if (!q) {
        if (Object.keys(entry.questions).length >= MAX_QUESTIONS_PER_DAY) {
          entry.overflow += 1;
          continue;
        }
        q = { text, command: r.command, kind: r.kind, count: 0, askers: [] };
        entry.questions[key] = q;
      }
      q.count += 1;
      if (Array.isArray(q.askers) && entry.salt) {
        const hash = createHmac('sha256', entry.salt).update(r.askerId).digest('hex').slice(0, 16);
        if (!q.askers.includes(hash) && q.askers.length < MAX_ASKERS_PER_QUESTION) q.askers.push(hash);
      }
    }
    const oldest = dayOf(new Date(Date.parse(`${today}T00:00:00Z`) - (KEEP_DAYS - 1) * 86_400_000));
    for (const [day, entry] of Object.entries(days)) {
      if (day < oldest) {
        delete days[day];
        continue;
      }
      if (day < today && entry.salt !== undefined) {
        // The day is over: keep how many asked, forget the salt that could tie a hash to someone.
        const closed: DayEntry = { overflow: entry.overflow, questions: {} };
        for (const [k, q] of Object.entries(entry.questions)) closed.questions[k] = { ...q, askers: Array.isArray(q.askers) ? q.askers.length : q.askers };
        days[day] = closed;
      }
    }
    return { version: 1, days };
  }

  async function write(next: MissesFile): Promise<void> {
    counter += 1;
    const tmp = path.join(dir, `.${MISSES_FILE}.${process.pid}.${counter}.tmp`);
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(next)}\n`, 'utf8');
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async function withLock<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(dir, { recursive: true });
    const lock = path.join(dir, LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        await (await open(lock, 'wx', 0o600)).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS || attempt > 100) await rm(lock, { force: true });
        else await new Promise((r) => setTimeout(r, 20));
      }
    }
    try {
      return await work();
    } finally {
      await rm(lock, { force: true }).catch(() => undefined);
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const run = async (): Promise<void> => {
      const records = pending;
      pending = [];
      try {
        await withLock(async () => write(merge(await read(), records, dayOf(now()))));
        warned = false;
      } catch (error) {
        // Kept for the next try; a full disk must not grow memory without bound either.
        pending = [...records, ...pending].slice(-MAX_QUESTIONS_PER_DAY);
        if (!warned) logger.warn('could not save the unanswered questions; will retry', { file, error });
        warned = true;
      }
    };
    const done = queue.then(run, run);
    queue = done.catch(() => undefined);
    return done;
  }

  return {
    file,
    record(miss) {
      if (pending.length >= MAX_QUESTIONS_PER_DAY) return;
      pending.push({ ...miss, at: miss.at ?? now() });
      if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    async top(opts = {}) {
      await flush();
      const at = opts.now ?? now();
      const data = merge(await read(), [], dayOf(at));
      const since = dayOf(new Date(at.getTime() - ((opts.days ?? 7) - 1) * 86_400_000));
      const byKey = new Map<string, { text: string; command: string; kind: MissKind; count: number; askers: number; lastDay: string }>();
      let overflow = 0;
      for (const [day, entry] of Object.entries(data.days)) {
        if (day < since) continue;
        overflow += entry.overflow;
        for (const [key, q] of Object.entries(entry.questions)) {
          const askers = Array.isArray(q.askers) ? q.askers.length : q.askers;
          const sum = byKey.get(key) ?? { text: q.text, command: q.command, kind: q.kind, count: 0, askers: 0, lastDay: day };
          sum.count += q.count;
          sum.askers += askers;
          if (day > sum.lastDay) sum.lastDay = day;
          byKey.set(key, sum);
        }
      }
      const all = [...byKey.values()].sort((a, b) => b.askers - a.askers || b.count - a.count || a.text.localeCompare(b.text));
      return { misses: all.slice(0, opts.limit ?? 10), total: all.length, overflow };
    },
    flush,
    async close() {
      await flush();
    },
  };
}

/** The most asked, one line each, as `npm run misses` and `/facts misses` both print them. */
export function formatTopMisses(top: { readonly misses: readonly TopMiss[]; readonly total: number; readonly overflow: number }, days: number, limit: number): string[] {
  const span = days === 1 ? 'day' : `${days} days`;
  if (top.total === 0) return [`No unanswered questions in the last ${span}.`];
  const lines = [`Asked in the last ${span} that the data could not answer (${Math.min(limit, top.total)} of ${top.total}):`];
  for (const m of top.misses) {
    const who = `${m.askers} ${m.askers === 1 ? 'person' : 'people'}, ${m.count}×`;
    lines.push(`  ${who.padEnd(18)} /${m.command} “${m.text}”${m.kind === 'no_figure' ? ' (answered in part: no figure for part of it)' : ''}  last ${m.lastDay}`);
  }
  if (top.overflow > 0) lines.push(`… and ${top.overflow} more questions past the daily limit, counted only.`);
  return lines;
}
