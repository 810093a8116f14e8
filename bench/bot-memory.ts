// The whole bot's memory, not just the catalog's: `npm start`'s bundle (discord.js, the gateway
// connection, the watcher, the live store) run by plain node on a generated catalog, connected to
// the local Discord stand-in and answering, then its resident set read from /proc as a supervisor
// would see it. No gc() is forced: this is the figure the process really holds.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { nodeFlagsOf } from '../src/cli/build.ts';
import { DiscordStandIn, type StandInGuild } from '../test/standin/discord.ts';
import { autocomplete, command, opt } from '../test/standin/interactions.ts';

const TOKEN = `MTAwMDAwMDAwMDAwMDAwMDAy.Gbench.${'stand-in-token-not-a-secret-xxxxxxxxxxxxx'}`;
const APP_ID = '100000000000000002';
const GUILD: StandInGuild = { id: '200000000000000001', name: 'Bench server', channelId: '200000000000000002', roles: [] };

export interface BotMemory {
  /** Resident set of the bot process after it connected, answered and settled. */
  rssMb: number;
  /** From spawn to the gateway session (load + validate + index + connect). */
  readyMs: number;
  /** Interactions answered before the reading. */
  answered: number;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error('no VmRSS in /proc status');
  return Math.round((kb / 1024) * 10) / 10;
}

export async function measureBotMemory(bundle: string, dataDir: string, queries: readonly string[]): Promise<BotMemory | { skipped: string }> {
  if (os.platform() !== 'linux') return { skipped: 'reads /proc, Linux only' };
  const standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  const t0 = performance.now();
  // cwd is the data's parent, so no developer's .env configures the child.
  const child = spawn(process.execPath, [...nodeFlagsOf('start'), bundle], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await standIn.waitForSession(1, 0, 120_000).catch((e: unknown) => {
      throw new Error(`the bot did not connect: ${(e as Error).message}; stderr: ${stderr.slice(-500)}`);
    });
    const readyMs = performance.now() - t0;
    // Members typing and asking, so the answer paths have run before memory is read.
    let answered = 0;
    for (const [i, q] of queries.entries()) {
      const who = { userId: String(500000000000000000n + BigInt(i)), guild: { id: GUILD.id, channelId: GUILD.channelId } };
      const sent = i % 2 === 0 ? autocomplete(standIn, who, 'fact', [opt.str('query', q, true)]) : command(standIn, who, 'fact', [opt.str('query', q)]);
      await standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${sent.id}/${sent.token}/callback`, 10_000, `answer to ${q}`);
      answered += 1;
    }
    await new Promise((r) => setTimeout(r, 2_000));
    return { rssMb: await rssOf(child.pid!), readyMs: Math.round(readyMs), answered };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    child.kill('SIGKILL');
    await standIn.close();
  }
}
