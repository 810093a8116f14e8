// The gateway bot sharded: the stand-in recommends 2 shards on GET /gateway/bot (asked through
// DISCORD_API_URL, as DISCORD_SHARDS=auto does), the bot opens both in its one process, each shard
// gets its own servers by Discord's formula, and an interaction in a server of either shard is
// answered. Both shards show on the one metrics port, and /readyz waits for both.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { startBot, StartupError, type RunningBot } from '../../src/transports/gateway/bot.ts';
import { DiscordStandIn, shardOf, type StandInGuild } from '../standin/discord.ts';
import { command } from '../standin/interactions.ts';
import { APP_ID, callbackOf, FIXTURE_DATA, GUILD, newUser, TOKEN } from './harness.ts';

/** A second server whose events Discord routes to the other of two shards. */
function otherShardGuild(): StandInGuild {
  for (let k = 1n; ; k++) {
    const id = (BigInt(GUILD.id) + k * (1n << 22n)).toString();
    if (shardOf(id, 2) !== shardOf(GUILD.id, 2)) return { id, name: 'Other server', channelId: (BigInt(id) + 1n).toString(), roles: [] };
  }
}

describe('two shards', () => {
  const other = otherShardGuild();
  let standIn: DiscordStandIn;
  let dataDir: string;
  let bot: RunningBot;

  beforeAll(async () => {
    standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD, other], shards: 2 }).start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sharding-'));
    await cp(FIXTURE_DATA, dataDir, { recursive: true });
    bot = await startBot({
      env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl, DATA_DIR: dataDir, METRICS_PORT: '0' },
      stateDir: path.join(dataDir, '.state'),
      logger: silentLogger,
      watch: false,
      readyTimeoutMs: 20_000,
    });
  }, 40_000);
  afterAll(async () => {
    await bot?.stop(2_000);
    await standIn?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the recommended two, each with its own servers', () => {
    expect(standIn.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    expect([...standIn.shardIdentifies.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(bot.client.ws.shards.size).toBe(2);
    expect(bot.client.guilds.cache.map((g) => g.id).sort()).toEqual([GUILD.id, other.id].sort());
    expect(bot.client.guilds.cache.get(other.id)?.shardId).toBe(shardOf(other.id, 2));
    expect(bot.client.guilds.cache.get(GUILD.id)?.shardId).toBe(shardOf(GUILD.id, 2));
  });

  it('answers in a server of each shard', async () => {
    for (const g of [GUILD, other]) {
      const body = await callbackOf(standIn, command(standIn, { userId: newUser(), guild: { id: g.id, channelId: g.channelId } }, 'about'), 10_000);
      expect(JSON.stringify(body)).toContain('About this bot');
    }
  });

  it('reports both shards on one metrics port, and is ready only with both', async () => {
    const metrics = await (await fetch(`${bot.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^bot_gateway_connected\{shard="0"\} 1$/m);
    expect(metrics).toMatch(/^bot_gateway_connected\{shard="1"\} 1$/m);
    expect(metrics).toMatch(/^bot_guilds 2$/m);
    expect((await fetch(`${bot.metricsUrl}/readyz`)).status).toBe(200);
  });

  it('DISCORD_SHARDS must be auto or a count', async () => {
    const error = await startBot({ env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_SHARDS: 'many' }, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('DISCORD_SHARDS is invalid');
  });
});
