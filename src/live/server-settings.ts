// Per-server settings moderators change from Discord (today one: whether the bot answers
// questions that @mention it), kept in one JSON file in the state directory. The directory is the
// only place the bot writes; the file name is fixed (server ids are keys inside it, never paths),
// and every write goes to a temporary file in the same directory that is then renamed over the
// old one, so a crash leaves the old settings or the new ones, never half of either.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log.ts';

export const SETTINGS_FILE = 'servers.json';

const SNOWFLAKE = /^\d{17,20}$/;

const ServerEntry = z.object({ mentions: z.boolean().optional() }).strict();
const SettingsFile = z
  .object({
    version: z.literal(1),
    servers: z.record(z.string().regex(SNOWFLAKE, 'server ids are 17–20 digits'), ServerEntry),
  })
  .strict();
type SettingsFile = z.infer<typeof SettingsFile>;

export interface ServerSettings {
  /** Where the settings live (the state directory). */
  readonly dir: string;
  /** Whether the bot answers @mentions in this server: on unless a moderator switched it off. */
  mentionsOn(guildId: string): boolean;
  /**
   * Saves the switch, then applies it. Rejects (leaving the setting as it was) when the file
   * cannot be written. Writes are queued, so two changes never interleave.
   */
  setMentions(guildId: string, on: boolean): Promise<void>;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/**
 * Reads `<stateDir>/servers.json` (a missing file or directory means every default). A file that
 * is not valid settings is refused with a SettingsError naming it, rather than silently replaced:
 * falling back to the defaults would turn back on what moderators switched off. Nothing is
 * created until the first change.
 */
export async function openServerSettings(stateDir: string, logger?: Logger): Promise<ServerSettings> {
  const dir = path.resolve(stateDir);
  const file = path.join(dir, SETTINGS_FILE);
  let data: SettingsFile = { version: 1, servers: {} };
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SettingsError(`Cannot read ${file}: ${(error as Error).message}`);
    }
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SettingsError(`${file} is not valid JSON (${(error as Error).message}); fix it or delete it to start from the defaults`);
    }
    const parsed = SettingsFile.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
      throw new SettingsError(`${file} is not a settings file${where}: ${first?.message ?? 'invalid'}; fix it or delete it to start from the defaults`);
    }
    data = parsed.data;
  }

  let queue: Promise<unknown> = Promise.resolve();
  let counter = 0;

  async function write(next: SettingsFile): Promise<void> {
    await mkdir(dir, { recursive: true });
    counter += 1;
    const tmp = path.join(dir, `.${SETTINGS_FILE}.${process.pid}.${counter}.tmp`);
    try {
      const handle = await open(tmp, 'w', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(next, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  return {
    dir,
    mentionsOn(guildId) {
      return Object.hasOwn(data.servers, guildId) ? data.servers[guildId]!.mentions !== false : true;
    },
    setMentions(guildId, on) {
      if (!SNOWFLAKE.test(guildId)) return Promise.reject(new SettingsError('not a server id'));
      const run = async (): Promise<void> => {
        const servers = { ...data.servers };
        // The default needs no entry: a server switched back on leaves the file.
        if (on) delete servers[guildId];
        else servers[guildId] = { ...servers[guildId], mentions: false };
        const next: SettingsFile = { version: 1, servers };
        try {
          await write(next);
        } catch (error) {
          logger?.error('could not save the server settings; nothing changed', { file, error });
          throw error;
        }
        data = next;
      };
      const done = queue.then(run, run);
      queue = done.catch(() => undefined);
      return done;
    },
  };
}
