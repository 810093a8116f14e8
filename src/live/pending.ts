// Changes a moderator has previewed but not yet applied, one JSON file each under
// STATE_DIR/pending/, named by a random id that the Apply and Cancel buttons carry. Kept on disk
// (not in memory) so any instance sharing STATE_DIR, or the bot after a restart, can apply it; the
// loader never reads STATE_DIR. A change lives 15 minutes: after that its buttons say it expired.
// Expired records are kept a day, so a late click is told "expired" rather than "unknown", then
// swept.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const PENDING_DIR = 'pending';
export const PENDING_TTL_MS = 15 * 60_000;
const KEEP_EXPIRED_MS = 24 * 60 * 60_000;
const ID = /^[A-Za-z0-9_-]{22}$/;

export const PendingChange = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(ID),
  kind: z.enum(['upload', 'add', 'revert']),
  /** The confined name inside DATA_DIR (see data-files.ts). */
  file: z.string().min(1).max(200),
  /** The target's content hash when previewed (`absent` for a new file): Apply requires it still. */
  baseHash: z.string().min(1).max(80),
  /** The new content; null deletes the file (reverting a change that created it). */
  content: z.string().max(2 * 1024 * 1024).nullable(),
  /** What the preview listed, one line each, for the trail and the mod log. */
  summary: z.array(z.string().max(300)).max(200),
  createdBy: z.strictObject({ id: z.string().max(25), name: z.string().max(100).optional() }),
  guildId: z.string().max(25).optional(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** For a revert: the trail id of the change it undoes. */
  revertOf: z.string().max(40).optional(),
});
export type PendingChange = z.infer<typeof PendingChange>;

export type NewPending = Omit<PendingChange, 'version' | 'id' | 'createdAt' | 'expiresAt'>;

export type PendingLookup =
  | { readonly status: 'ok'; readonly change: PendingChange }
  | { readonly status: 'expired'; readonly change: PendingChange }
  | { readonly status: 'unknown' };

export interface PendingStore {
  readonly ttlMs: number;
  save(change: NewPending): Promise<PendingChange>;
  get(id: string): Promise<PendingLookup>;
  /** Forgets a change (applied or cancelled). True when it was there. */
  remove(id: string): Promise<boolean>;
  /** Deletes records that expired more than a day ago. */
  sweep(): Promise<void>;
}

export interface PendingOptions {
  readonly stateDir: string;
  readonly ttlMs?: number;
  /** Milliseconds since the epoch (fake timers move Date.now too). */
  readonly now?: () => number;
}

export function isPendingId(id: string): boolean {
  return ID.test(id);
}

export function createPendingStore(options: PendingOptions): PendingStore {
  const dir = path.join(path.resolve(options.stateDir), PENDING_DIR);
  const ttlMs = options.ttlMs ?? PENDING_TTL_MS;
  const now = options.now ?? Date.now;
  const fileOf = (id: string): string => path.join(dir, `${id}.json`);

  async function read(id: string): Promise<PendingChange | undefined> {
    let text: string;
    try {
      text = await readFile(fileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = PendingChange.safeParse(JSON.parse(text));
    // A record that is not ours (hand-edited, another version) is never applied.
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  }

  const store: PendingStore = {
    ttlMs,
    async save(input) {
      const t = now();
      const change = PendingChange.parse({
        ...input,
        version: 1,
        id: randomBytes(16).toString('base64url'),
        createdAt: new Date(t).toISOString(),
        expiresAt: new Date(t + ttlMs).toISOString(),
      });
      await mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${change.id}.tmp`);
      try {
        const handle = await open(tmp, 'wx', 0o600);
        try {
          await handle.writeFile(`${JSON.stringify(change)}\n`, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, fileOf(change.id));
      } catch (error) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw error;
      }
      void store.sweep().catch(() => undefined);
      return change;
    },
    async get(id) {
      if (!isPendingId(id)) return { status: 'unknown' };
      const change = await read(id);
      if (!change) return { status: 'unknown' };
      return Date.parse(change.expiresAt) <= now() ? { status: 'expired', change } : { status: 'ok', change };
    },
    async remove(id) {
      if (!isPendingId(id)) return false;
      try {
        await rm(fileOf(id));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async sweep() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      const t = now();
      for (const name of names) {
        const id = name.replace(/\.json$/, '');
        if (!isPendingId(id) || name !== `${id}.json`) continue;
        const change = await read(id).catch(() => undefined);
        if (change && Date.parse(change.expiresAt) + KEEP_EXPIRED_MS < t) await rm(fileOf(id), { force: true });
      }
    },
  };
  return store;
}
