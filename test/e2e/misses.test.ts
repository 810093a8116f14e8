// What people could not find, end to end: the gateway bot on the shipped data, against the Discord
// stand-in, asked questions the data cannot answer (and one it answers only in part, "No figure
// about Mosul…"), by different people. After a restart the counts are in STATE_DIR/misses.json,
// with no user id in it, and `npm run misses` (its code) lists them most askers first.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { misses } from '../../src/cli/misses.ts';
import { MISSES_FILE, openMissLog } from '../../src/live/misses.ts';
import { silentLogger } from '../../src/log.ts';
import { startBot, type RunningBot } from '../../src/transports/gateway/bot.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { command, opt } from '../standin/interactions.ts';
import { APP_ID, callbackOf, GUILD, member, newUser, TOKEN } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let standIn: DiscordStandIn;
let stateDir: string;
let bot: RunningBot | undefined;

beforeAll(async () => {
  standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  stateDir = await mkdtemp(path.join(tmpdir(), 'misses-e2e-'));
});
afterAll(async () => {
  await bot?.stop(2_000);
  await standIn?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const start = () =>
  startBot({
    env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl, DATA_DIR: path.join(root, 'data') },
    stateDir,
    logger: silentLogger,
    watch: false,
    readyTimeoutMs: 15_000,
  });

describe('unanswered questions', () => {
  it('are counted per question and asker, survive a restart, and list most asked first', async () => {
    bot = await start();
    const [alice, bob, carol] = [newUser(), newUser(), newUser()];
    const ask = async (user: string, name: string, options: ReturnType<typeof opt.str>[]) => callbackOf(standIn, command(standIn, member(user), name, options), 10_000);
    await ask(alice, 'fact', [opt.str('query', 'civilian deaths in Libya')]);
    await ask(bob, 'fact', [opt.str('query', 'CIVILIAN deaths in libya?')]);
    await ask(bob, 'fact', [opt.str('query', 'civilian deaths in libya')]);
    const partial = await ask(carol, 'fact', [opt.str('query', 'civilians killed in mosul')]);
    expect(JSON.stringify(partial)).toContain('No figure about Mosul');
    await ask(carol, 'casualties', [opt.str('subject', 'coalition')]); // answered: not a miss
    await ask(alice, 'source', [opt.str('name', 'zzzzqqqq')]);
    await bot.stop(2_000);
    bot = undefined;

    const file = await readFile(path.join(stateDir, MISSES_FILE), 'utf8');
    for (const id of [alice, bob, carol]) expect(file).not.toContain(id);

    bot = await start(); // a restart: the counts are still there, and new ones add to them
    await ask(carol, 'fact', [opt.str('query', 'civilian deaths in libya')]);
    await bot.stop(2_000);
    bot = undefined;

    const top = await openMissLog(stateDir).top();
    expect(top.misses).toEqual([
      expect.objectContaining({ text: 'civilian deaths in libya', command: 'fact', kind: 'unanswered', count: 4, askers: 3 }),
      expect.objectContaining({ text: 'civilians killed in mosul', command: 'fact', kind: 'no_figure', count: 1, askers: 1 }),
      expect.objectContaining({ text: 'zzzzqqqq', command: 'source', kind: 'unanswered', count: 1, askers: 1 }),
    ]);
    const printed = await misses([], stateDir);
    expect(printed.code).toBe(0);
    expect(printed.output.split('\n').slice(0, 2)).toEqual([
      'Asked in the last 7 days that the data could not answer (3 of 3):',
      expect.stringMatching(/^ {2}3 people, 4× +\/fact “civilian deaths in libya” {2}last \d{4}-\d\d-\d\d$/),
    ]);
    expect((await misses(['--days', 'nine'], stateDir)).code).toBe(2);
  }, 60_000);
});
