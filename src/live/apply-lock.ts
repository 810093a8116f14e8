// One Apply at a time, across processes: a lock file in STATE_DIR created exclusively (O_EXCL), so
// of two bots (or a bot and a restarted one) sharing the data folder only one writes at once. The
// file names its holder (pid, host, time); a holder that died, or held it far longer than any
// apply takes, is taken over, so a crash never leaves moderators locked out.
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'apply.lock';
/** No apply holds the lock this long; older locks are stale. */
export const STALE_LOCK_MS = 120_000;

export class LockBusy extends Error {
  override readonly name = 'LockBusy';
}

export interface LockOptions {
  /** How long to keep trying before giving up (default 10 s). */
  readonly waitMs?: number;
  readonly now?: () => number;
}

/** Runs `work` holding the lock; throws LockBusy when another holder keeps it past `waitMs`. */
export async function withApplyLock<T>(stateDir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const file = path.join(path.resolve(stateDir), LOCK_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = now() + (options.waitMs ?? 10_000);
  const token = `${process.pid}@${hostname()}@${now()}@${Math.random().toString(36).slice(2)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify({ token, pid: process.pid, host: hostname(), at: new Date(now()).toISOString() })}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(file, now)) {
        await rm(file, { force: true });
        continue;
      }
      if (now() >= deadline) throw new LockBusy('another change is being applied');
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** Math.min(attempt, 4), 500)));
    }
  }
  try {
    return await work();
  } finally {
    // Only our own lock is removed (a takeover by someone else after a very long stall stays).
    const held = await readFile(file, 'utf8').catch(() => '');
    if (held.includes(token)) await rm(file, { force: true });
  }
}

async function isStale(file: string, now: () => number): Promise<boolean> {
  let info: { pid?: unknown; host?: unknown; at?: unknown };
  try {
    info = JSON.parse(await readFile(file, 'utf8')) as typeof info;
  } catch (error) {
    // Vanished: free now, try again. Unreadable: a holder writing it this instant, or one that
    // crashed between creating and writing it (then its age tells).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    const st = await stat(file).catch(() => undefined);
    return st === undefined || now() - st.mtimeMs > 5_000;
  }
  const at = typeof info.at === 'string' ? Date.parse(info.at) : NaN;
  if (!Number.isFinite(at) || now() - at > STALE_LOCK_MS) return true;
  if (info.host === hostname() && typeof info.pid === 'number' && info.pid !== process.pid) {
    try {
      process.kill(info.pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return false;
}
