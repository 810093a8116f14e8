// The whole bot's memory, not just the catalog's: `npm start`'s bundle (discord.js, the gateway
// connection, the watcher, the live store) run by plain node on a generated catalog, connected to
// the local Discord stand-in and answering, then its resident set read from /proc as a supervisor
// would see it. No gc() is forced. Right after start-up the process still holds the loader's
// garbage; V8's memory reducer collects it once the process has been quiet for a while (about
// 30 s here), so the run reads VmRSS every second for 90 s of idling and reports the peak, the
// reading 2 s after the last answer, and the reading at the end: what the bot holds from then on.
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
  /** Resident set after 90 s of idling that followed the answers: the steady state. */
  rssMb: number;
  /** Resident set 2 s after the last answer, loader garbage still held. */
  rssAfterAnswersMb: number;
  /** Highest reading from connecting to the end of the idle time. */
  peakRssMb: number;
  /** Seconds into the idle time when the reading first came within 5% of the final one. */
  settledAfterS: number;
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

const IDLE_S = 90;

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
    const connected = await rssOf(child.pid!);
    // Members typing and asking, so the answer paths have run before memory is read.
    let answered = 0;
    for (const [i, q] of queries.entries()) {
      const who = { userId: String(500000000000000000n + BigInt(i)), guild: { id: GUILD.id, channelId: GUILD.channelId } };
      const sent = i % 2 === 0 ? autocomplete(standIn, who, 'fact', [opt.str('query', q, true)]) : command(standIn, who, 'fact', [opt.str('query', q)]);
      await standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${sent.id}/${sent.token}/callback`, 10_000, `answer to ${q}`);
      answered += 1;
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const afterAnswers = await rssOf(child.pid!);
    const idle: number[] = [];
    for (let s = 0; s < IDLE_S; s++) {
      await new Promise((r) => setTimeout(r, 1_000));
      idle.push(await rssOf(child.pid!));
    }
    const final = idle.at(-1)!;
    return {
      rssMb: final,
      rssAfterAnswersMb: afterAnswers,
      peakRssMb: Math.max(connected, afterAnswers, ...idle),
      settledAfterS: idle.findIndex((x) => x <= final * 1.05) + 1,
      readyMs: Math.round(readyMs),
      answered,
    };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    child.kill('SIGKILL');
    await standIn.close();
  }
}
