// The trail: who changed which fact file from Discord, when, what the change was, the content
// hashes before and after, and the content it replaced, so any change can be reviewed and undone.
// One JSON object per line in STATE_DIR/trail.jsonl, only ever appended to (under the apply lock,
// so two processes never interleave a line). A line cut short by a crash is skipped when read,
// and counted, never fatal.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const TRAIL_FILE = 'trail.jsonl';
const ID = /^[0-9a-f]{10}$/;

export const TrailRecord = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(ID),
  at: z.iso.datetime(),
  user: z.strictObject({ id: z.string().max(25), name: z.string().max(100).optional() }),
  guildId: z.string().max(25).optional(),
  action: z.enum(['upload', 'add', 'revert']),
  /** The confined name inside DATA_DIR. */
  file: z.string().min(1).max(200),
  summary: z.array(z.string().max(300)).max(200),
  /** Content hashes (sha256 hex, or `absent`) before and after. */
  before: z.string().min(1).max(80),
  after: z.string().min(1).max(80),
  /** What the file held before; null when the change created it. */
  previous: z.string().nullable(),
  /** For a revert: the change it undid. */
  revertOf: z.string().regex(ID).optional(),
  /** The catalog version served after the change, when the reload succeeded. */
  dataVersion: z.string().max(40).optional(),
});
export type TrailRecord = z.infer<typeof TrailRecord>;
export type NewTrailRecord = Omit<TrailRecord, 'version' | 'id' | 'at'>;

export interface TrailRead {
  /** Oldest first. */
  readonly records: readonly TrailRecord[];
  /** Lines that could not be read (a crash mid-append, a hand edit). */
  readonly skipped: number;
}

export interface Trail {
  readonly file: string;
  append(record: NewTrailRecord): Promise<TrailRecord>;
  read(): Promise<TrailRead>;
  /** Newest first. */
  recent(limit: number): Promise<TrailRecord[]>;
  find(id: string): Promise<TrailRecord | undefined>;
}

export function isTrailId(id: string): boolean {
  return ID.test(id);
}

export function createTrail(options: { readonly stateDir: string; readonly now?: () => number }): Trail {
  const file = path.join(path.resolve(options.stateDir), TRAIL_FILE);
  const now = options.now ?? Date.now;

  async function read(): Promise<TrailRead> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    return parseTrail(text);
  }

  return {
    file,
    async append(input) {
      const record = TrailRecord.parse({ ...input, version: 1, id: randomBytes(5).toString('hex'), at: new Date(now()).toISOString() });
      await mkdir(path.dirname(file), { recursive: true });
      // O_APPEND: each line lands at the end whatever else appended; the apply lock keeps writers apart.
      const handle = await open(file, 'a+', 0o644);
      try {
        // A line cut short by a crash is ended first, so it cannot swallow this record.
        const { size } = await handle.stat();
        const last = Buffer.alloc(1);
        if (size > 0) await handle.read(last, 0, 1, size - 1);
        const lead = size > 0 && last[0] !== 0x0a ? '\n' : '';
        await handle.writeFile(`${lead}${JSON.stringify(record)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      return record;
    },
    read,
    async recent(limit) {
      return [...(await read()).records].reverse().slice(0, limit);
    },
    async find(id) {
      if (!isTrailId(id)) return undefined;
      return (await read()).records.find((r) => r.id === id);
    },
  };
}

/** Reads the trail's lines; a line that is not a record (cut short, edited) is counted, not fatal. */
export function parseTrail(text: string): TrailRead {
  const records: TrailRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = TrailRecord.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { records, skipped };
}

export type RevertCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'later-change'; readonly blocking: TrailRecord }
  | { readonly ok: false; readonly reason: 'edited-elsewhere'; readonly latest?: TrailRecord };

/**
 * Whether `change` can be reverted now that the file hashes to `currentHash`: only when the file
 * still holds exactly what that change left. Otherwise, the later change in the way (the newest
 * one on that file that left it as it is now), or word that it was edited outside the bot.
 */
export function checkRevert(records: readonly TrailRecord[], change: TrailRecord, currentHash: string): RevertCheck {
  if (currentHash === change.after) return { ok: true };
  const from = records.findIndex((r) => r.id === change.id);
  const later = records.slice(from + 1).filter((r) => r.file === change.file);
  const blocking = [...later].reverse().find((r) => r.after === currentHash);
  if (blocking) return { ok: false, reason: 'later-change', blocking };
  const latest = later.at(-1);
  return latest ? { ok: false, reason: 'edited-elsewhere', latest } : { ok: false, reason: 'edited-elsewhere' };
}
