// The two README commands as a user runs them: deploy-commands against the stand-in (guild and
// global, idempotent, dry run), and `npm start`'s entry point, bundled as `npm run build` bundles
// it and run by plain node as `npm start` runs it, as a child process that connects, answers, and
// shuts down cleanly on SIGTERM; with bad configuration it prints one message.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { commandDefinitions as botCommandDefinitions } from '../helpers/bot.ts';
import { startBot, StartupError } from '../../src/transports/gateway/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { writeFile } from 'node:fs/promises';
import { deployCommands, toWire } from '../../src/transports/gateway/deploy.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { command } from '../standin/interactions.ts';
import { APP_ID, callbackOf, expectValidBody, FIXTURE_DATA, GUILD, member, newUser, TOKEN } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Its own output directory: test files run in parallel and another one bundles too.
const OUTDIR = 'dist/test-e2e-cli';
let startBundle: string;

let standIn: DiscordStandIn;
let dataDir: string;
beforeAll(async () => {
  [startBundle] = (await buildBundles({ start: 'src/cli/start.ts' }, OUTDIR)) as [string];
  standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-cli-'));
  await cp(FIXTURE_DATA, dataDir, { recursive: true });
});
afterAll(async () => {
  await standIn?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await rm(path.join(root, OUTDIR), { recursive: true, force: true });
});

const baseEnv = (): NodeJS.ProcessEnv => ({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl });

describe('deploy-commands', () => {
  it('registers every command to the guild with one bulk PUT, idempotently', async () => {
    const env = { ...baseEnv(), DISCORD_GUILD_ID: GUILD.id };
    const first = await deployCommands({ env });
    const second = await deployCommands({ env });
    const puts = standIn.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD.id}/commands`);
      expect(put.authorization).toBe(`Bot ${TOKEN}`);
      expect(put.body).toEqual(toWire(botCommandDefinitions));
      expectValidBody(put);
    }
    expect(first).toMatchObject({ dryRun: false, count: botCommandDefinitions.length });
    expect(second).toEqual(first);
    const names = standIn.commands.get(GUILD.id)!.map((c) => c.name).sort();
    expect(names).toEqual(['about', 'casualties', 'fact', 'facts', 'source', 'timeline']);
    const facts = puts[0]!.body.find((c: { name: string }) => c.name === 'facts');
    expect(facts.default_member_permissions).toBe(32); // Manage Server, as the published request schema types it
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    await deployCommands({ env: baseEnv() });
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/applications/${APP_ID}/commands` });
    expect(standIn.commands.get('global')).toHaveLength(botCommandDefinitions.length);
  });

  it('--dry-run prints the JSON and sends nothing, even without a token', async () => {
    const before = standIn.requests.length;
    let printed = '';
    const result = await deployCommands({ env: {}, dryRun: true, out: (t) => (printed += t) });
    expect(JSON.parse(printed)).toEqual(toWire(botCommandDefinitions));
    expect(result).toEqual({ dryRun: true, count: botCommandDefinitions.length });
    expect(standIn.requests.length).toBe(before);
  });

  it('a refused token gives a clear error without the token', async () => {
    const wrong = `${TOKEN.slice(0, -4)}nope`;
    const error = await deployCommands({ env: { ...baseEnv(), DISCORD_TOKEN: wrong } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/HTTP 401.*check DISCORD_TOKEN/);
    expect((error as Error).message).not.toContain(wrong);
  });
});

interface Run {
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  kill(signal: NodeJS.Signals): void;
}

function runStart(env: NodeJS.ProcessEnv): Run {
  // An empty cwd: no developer's .env can leak into the test.
  const child = spawn(process.execPath, [...nodeFlagsOf('start'), startBundle], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { exit, stderr: () => err, kill: (s) => child.kill(s) };
}

describe('start-up refusals', () => {
  it('a token Discord refuses stops start-up with a clear message, without the token', async () => {
    const wrong = `${TOKEN.slice(0, -4)}nope`;
    const error = await startBot({ env: { ...baseEnv(), DISCORD_TOKEN: wrong, DATA_DIR: dataDir }, logger: silentLogger, watch: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/token was refused.*DISCORD_TOKEN/);
    expect((error as Error).message).not.toContain(wrong);
  });

  it('fact files with errors stop start-up with each problem located', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'gateway-broken-'));
    try {
      await writeFile(path.join(broken, 'bad.yaml'), 'facts:\n  - id: x\n    metric: nonsense\n');
      const error = await startBot({ env: { ...baseEnv(), DATA_DIR: broken }, logger: silentLogger, watch: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(/have errors, so the bot cannot start:\n {2}\S*bad\.yaml:\d+:\d+/);
      expect(standIn.requests.filter((r) => r.path === '/gateway/bot' && r.authorization === `Bot ${TOKEN}`)).toHaveLength(0); // never connected
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

describe('npm start (src/cli/start.ts, bundled)', () => {
  it('with missing configuration prints one message naming each problem, and exits 1', async () => {
    const r = runStart({ DISCORD_APPLICATION_ID: 'not-an-id', LOG_LEVEL: 'loud' });
    expect((await r.exit).code).toBe(1);
    const out = r.stderr();
    expect(out).toMatch(/^Configuration problems; set these in \.env \(see \.env\.example\):/);
    expect(out).toContain('DISCORD_TOKEN is missing');
    expect(out).toContain('DISCORD_APPLICATION_ID is invalid');
    expect(out).toContain('LOG_LEVEL is invalid');
    expect(out.trim().split('\n')).toHaveLength(4);
  }, 20_000);

  it('connects, answers, and exits 0 on SIGTERM', async () => {
    const identifies = standIn.identifies;
    const r = runStart({ ...baseEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'info', MODERATOR_ROLE_IDS: '' });
    try {
      await standIn.waitForSession(identifies + 1, 0, 15_000);
      const body = await callbackOf(standIn, command(standIn, member(newUser()), 'about'), 10_000);
      expect(JSON.stringify(body)).toContain('About this bot');
    } finally {
      r.kill('SIGTERM');
    }
    const { code } = await r.exit;
    expect(code).toBe(0);
    const lines = r.stderr().trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['catalog loaded', 'connected', 'signal received; shutting down', 'stopped']));
    expect(r.stderr()).not.toContain(TOKEN);
  }, 30_000);

  it('exits 1 when the gateway closes for good (authentication failed), so a supervisor can restart it', async () => {
    const identifies = standIn.identifies;
    const r = runStart({ ...baseEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      await standIn.waitForSession(identifies + 1, 0, 15_000);
      standIn.closeGateway(4004, 'Authentication failed.');
      const { code } = await r.exit;
      expect(code).toBe(1);
      expect(r.stderr()).toContain('gateway connection lost for good; exiting');
    } finally {
      r.kill('SIGKILL');
    }
  }, 30_000);
});
