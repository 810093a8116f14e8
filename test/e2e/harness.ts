// Shared set-up for the gateway end-to-end tests: a stand-in Discord, a temp copy of the fixture
// data, the bot started through startBot() (the code `npm start` runs), and a logger whose lines
// the tests read. Also the contract checks every recorded body goes through.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createLogger, type Logger } from '../../src/log.ts';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/transports/gateway/bot.ts';
import { openApiSkipReason, validateBodilessRequest, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { DiscordStandIn, type RecordedRequest, type StandInGuild } from '../standin/discord.ts';
import type { Sent, Who } from '../standin/interactions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURE_DATA = path.resolve(here, '../fixtures/gateway-data');

// A syntactically plausible token that is obviously not real; the logs must never contain it.
export const TOKEN = `MTAwMDAwMDAwMDAwMDAwMDAy.Gstand.${'in-test-token-not-a-secret-xxxxxxxxxxxx'}`;
export const APP_ID = '100000000000000002';
export const GUILD: StandInGuild = {
  id: '200000000000000001',
  name: 'Test server',
  channelId: '200000000000000002',
  roles: [
    { id: '200000000000000003', name: 'fact-checkers', permissions: '0' },
    { id: '200000000000000004', name: 'regulars', permissions: '0' },
  ],
};
export const MOD_ROLE = '200000000000000003';
export const OTHER_ROLE = '200000000000000004';

export const contractSkip = openApiSkipReason();

let userCounter = 0;
/** A fresh user per test, so the per-user rate limit never couples two tests. */
export function newUser(): string {
  userCounter += 1;
  return (500000000000000000n + BigInt(process.pid % 1000) * 1000n + BigInt(userCounter)).toString();
}

export function member(userId: string, extra: { permissions?: string; roles?: string[] } = {}): Who {
  return { userId, guild: { id: GUILD.id, channelId: GUILD.channelId, ...extra } };
}

export function dm(userId: string): Who {
  return { userId };
}

export interface Harness {
  standIn: DiscordStandIn;
  bot: RunningBot;
  dataDir: string;
  logs: string[];
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Parsed log records whose msg matches. */
  logged(msg: string | RegExp): Array<Record<string, any>>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<StartBotOptions> = {}): Promise<Harness> {
  const standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-e2e-'));
  await cp(FIXTURE_DATA, dataDir, { recursive: true });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TOKEN] });
  const env: NodeJS.ProcessEnv = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: standIn.apiUrl,
    MODERATOR_ROLE_IDS: MOD_ROLE,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
  };
  let bot: RunningBot;
  try {
    bot = await startBot({ env, logger, debounceMs: 100, readyTimeoutMs: 15_000, ...overrides });
  } catch (error) {
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    standIn,
    bot,
    dataDir,
    logs,
    logger,
    env,
    logged(msg) {
      return logs.map((l) => JSON.parse(l) as Record<string, any>).filter((r) => (typeof msg === 'string' ? r.msg === msg : msg.test(String(r.msg))));
    },
    async close() {
      await bot.stop(2_000);
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The first callback for an interaction, checked against Discord's OpenAPI description. */
export async function callbackOf(standIn: DiscordStandIn, sent: Sent, timeoutMs = 5_000): Promise<any> {
  const r = await standIn.waitForRequest((q) => q.method === 'POST' && q.path === `/interactions/${sent.id}/${sent.token}/callback`, timeoutMs, `callback for ${sent.id}`);
  expectValidBody(r);
  return r.body;
}

/** The @original edit that finishes a deferred answer. */
export async function editOf(standIn: DiscordStandIn, sent: Sent, timeoutMs = 5_000): Promise<any> {
  const r = await standIn.waitForRequest(
    (q) => q.method === 'PATCH' && q.path === `/webhooks/${APP_ID}/${sent.token}/messages/@original`,
    timeoutMs,
    `@original edit for ${sent.id}`,
  );
  expectValidBody(r);
  return r.body;
}

/** Validates a recorded callback, edit or command PUT body; a no-op when the spec is absent. */
export function expectValidBody(r: RecordedRequest): void {
  if (contractSkip) return;
  let errors: string[] | null = null;
  if (r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)) errors = validateInteractionResponse(r.body);
  else if (r.method === 'PATCH' && /\/messages\/@original$/.test(r.path)) errors = validateComponentSchema('IncomingWebhookUpdateRequestPartial', r.body);
  else if (r.method === 'DELETE') errors = validateBodilessRequest(r.method, r.path, r.body);
  else if (r.method === 'PUT' && /\/commands$/.test(r.path)) {
    expect(Array.isArray(r.body)).toBe(true);
    errors = (r.body as unknown[]).flatMap((c) => validateComponentSchema('ApplicationCommandUpdateRequest', c) ?? []);
    if (errors.length === 0) errors = null;
  }
  expect(errors, `${r.method} ${r.path} body: ${JSON.stringify(r.body).slice(0, 500)}`).toBeNull();
}

/** Every body the bot sent to the stand-in, checked. Returns how many were checked. */
export function expectAllBodiesValid(standIn: DiscordStandIn): number {
  const checked = standIn.requests.filter((r) => r.method !== 'GET');
  for (const r of checked) expectValidBody(r);
  return checked.length;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
