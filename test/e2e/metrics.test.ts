// Health and metrics on METRICS_PORT, in both modes: the gateway bot against the Discord stand-in
// and the HTTP endpoint with signed requests. /livez answers, /readyz says what it waits for, and
// the counters in /metrics move as interactions, unanswered questions and edits come in.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { startBot, StartupError, type RunningBot } from '../../src/transports/gateway/bot.ts';
import { startEndpoint, type RunningEndpoint } from '../../src/transports/http/endpoint.ts';
import { send } from '../http/client.ts';
import { autocompleteInteraction, commandInteraction, createTestSigner } from '../http/signing.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { autocomplete, command, component, opt } from '../standin/interactions.ts';
import { APP_ID, callbackOf, FIXTURE_DATA, GUILD, member, newUser, TOKEN } from './harness.ts';

async function get(url: string): Promise<{ status: number; text: string; type: string | null }> {
  const r = await fetch(url);
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') };
}

/** One sample's value from Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the gateway bot with METRICS_PORT', () => {
  let standIn: DiscordStandIn;
  let dataDir: string;
  let bot: RunningBot;
  let base: string;

  beforeAll(async () => {
    standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'metrics-e2e-'));
    await cp(FIXTURE_DATA, dataDir, { recursive: true });
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl, DATA_DIR: dataDir, METRICS_PORT: '0' };
    bot = await startBot({ env, logger: silentLogger, debounceMs: 100, readyTimeoutMs: 15_000, stateDir: path.join(dataDir, '.state') });
    base = bot.metricsUrl!;
  });
  afterAll(async () => {
    await bot?.stop(2_000);
    await standIn?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('/livez and /readyz answer: catalog loaded and gateway connected', async () => {
    expect(await get(`${base}/livez`)).toMatchObject({ status: 200 });
    const ready = await get(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { catalog: true, gateway: true } });
    const metrics = (await get(`${base}/metrics`)).text;
    expect(sample(metrics, 'bot_ready')).toBe(1);
    expect(sample(metrics, 'bot_gateway_connected', { shard: '0' })).toBe(1);
    expect(sample(metrics, 'bot_gateway_status', { shard: '0' })).toBe(0);
    expect(sample(metrics, 'bot_guilds')).toBe(1);
    expect(sample(metrics, 'bot_catalog_facts')).toBe(2);
    expect(sample(metrics, 'bot_catalog_reloads_total', { result: 'loaded' })).toBe(1);
    expect(sample(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await get(`${base}/nope`)).status).toBe(404);
  });

  it('counts commands by name and outcome, with latency, autocomplete, buttons and unanswered questions', async () => {
    const user = newUser();
    const answer = await callbackOf(standIn, command(standIn, member(user), 'casualties', [opt.str('subject', 'coalition')]));
    await callbackOf(standIn, command(standIn, member(newUser()), 'fact', [opt.str('query', 'zzzzqqqq')]));
    await callbackOf(standIn, autocomplete(standIn, member(newUser()), 'source', [opt.str('name', 'kun', true)]));
    const cite = answer.data.components.flatMap((row: any) => row.components).find((b: any) => String(b.custom_id).startsWith('cite:'));
    await callbackOf(standIn, component(standIn, member(user), cite.custom_id, undefined, answer.data.components));

    // A response reaches Discord a moment before the runner counts it: wait for all four.
    let text = '';
    await waitFor(async () => {
      text = (await get(`${base}/metrics`)).text;
      return (
        sample(text, 'bot_components_total', { command: 'casualties', kind: 'component', outcome: 'answered' }) === 1 &&
        sample(text, 'bot_commands_total', { command: 'casualties', outcome: 'answered' }) === 1 &&
        sample(text, 'bot_commands_total', { command: 'fact', outcome: 'answered' }) === 1 &&
        sample(text, 'bot_autocomplete_total', { command: 'source', outcome: 'answered' }) === 1
      );
    }, 'the interactions to be counted');
    expect(sample(text, 'bot_commands_total', { command: 'casualties', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'bot_commands_total', { command: 'fact', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'bot_autocomplete_total', { command: 'source', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'bot_unanswered_questions_total', { command: 'fact' })).toBe(1);
    expect(sample(text, 'bot_unanswered_questions_total', { command: 'casualties' })).toBeUndefined();
    expect(sample(text, 'bot_response_seconds_count', { kind: 'command', command: 'casualties' })).toBe(1);
    expect(sample(text, 'bot_response_seconds_bucket', { kind: 'command', command: 'casualties', le: '3' })).toBe(1);
    expect(sample(text, 'bot_answer_seconds_count', { kind: 'autocomplete', command: 'source' })).toBe(1);
  });

  it('counts the per-user limit as rate_limited', async () => {
    const user = newUser();
    for (let i = 0; i < 6; i++) await callbackOf(standIn, command(standIn, member(user), 'about'));
    let text = '';
    await waitFor(async () => {
      text = (await get(`${base}/metrics`)).text;
      return sample(text, 'bot_commands_total', { command: 'about', outcome: 'rate_limited' }) === 1 && sample(text, 'bot_commands_total', { command: 'about', outcome: 'answered' }) === 5;
    }, 'the six to be counted');
    expect(sample(text, 'bot_commands_total', { command: 'about', outcome: 'answered' })).toBe(5);
    expect(sample(text, 'bot_commands_total', { command: 'about', outcome: 'rate_limited' })).toBe(1);
  });

  it('counts a rejected edit and the fix that follows it', async () => {
    const file = path.join(dataDir, 'facts.yaml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('qualifier: at_least', 'qualifier: roughly'));
    await waitFor(async () => sample((await get(`${base}/metrics`)).text, 'bot_catalog_reloads_total', { result: 'rejected' }) === 1, 'the rejection');
    expect(sample((await get(`${base}/metrics`)).text, 'bot_catalog_last_edit_rejected')).toBe(1);
    // Still ready: the last good catalog keeps serving.
    expect((await get(`${base}/readyz`)).status).toBe(200);
    await writeFile(file, good.replace('A UK-based monitor of civilian harm from air strikes.', 'A UK-based monitor of civilian harm.'));
    await waitFor(async () => sample((await get(`${base}/metrics`)).text, 'bot_catalog_reloads_total', { result: 'loaded' }) === 2, 'the fix');
    expect(sample((await get(`${base}/metrics`)).text, 'bot_catalog_last_edit_rejected')).toBe(0);
  });

  it('a port already in use stops start-up with a message naming METRICS_PORT', async () => {
    const port = new URL(base).port;
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standIn.apiUrl, DATA_DIR: dataDir, METRICS_PORT: port };
    const error = await startBot({ env, logger: silentLogger, watch: false, stateDir: path.join(dataDir, '.state2') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/Cannot serve metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\); set METRICS_PORT/);
  });

  it('an invalid METRICS_PORT is a configuration problem', async () => {
    const error = await startBot({ env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, METRICS_PORT: 'ninety' }, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('METRICS_PORT is invalid');
  });
});

describe('the HTTP endpoint with METRICS_PORT', () => {
  let endpoint: RunningEndpoint;
  let stateDir: string;
  const signer = createTestSigner();

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'metrics-http-'));
    endpoint = await startEndpoint({
      env: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, DATA_DIR: FIXTURE_DATA, METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' },
      port: 0,
      host: '127.0.0.1',
      stateDir,
      watch: false,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await endpoint?.stop(2_000);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('/readyz waits for the catalog and the listening endpoint, and the counters move', async () => {
    const base = endpoint.metricsUrl!;
    const ready = await get(`${base}/readyz`);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { catalog: true, listening: true } });

    for (const i of [
      commandInteraction('about', {}, undefined, { userId: newUser() }),
      commandInteraction('fact', { query: 'zzzzqqqq' }, undefined, { userId: newUser() }),
      autocompleteInteraction('casualties', { subject: 'coal' }, 'subject', undefined, { userId: newUser() }),
    ]) {
      const body = JSON.stringify(i);
      expect((await send(endpoint.url, { body, headers: signer.headers(body) })).status).toBe(200);
    }

    let text = '';
    await waitFor(async () => {
      text = (await get(`${base}/metrics`)).text;
      return (
        sample(text, 'bot_autocomplete_total', { command: 'casualties', outcome: 'answered' }) === 1 &&
        sample(text, 'bot_commands_total', { command: 'about', outcome: 'answered' }) === 1 &&
        sample(text, 'bot_unanswered_questions_total', { command: 'fact' }) === 1
      );
    }, 'the three to be counted');
    expect(sample(text, 'bot_commands_total', { command: 'about', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'bot_unanswered_questions_total', { command: 'fact' })).toBe(1);
    expect(sample(text, 'bot_gateway_connected')).toBeUndefined();
    expect(sample(text, 'bot_ready')).toBe(1);
  });
});
