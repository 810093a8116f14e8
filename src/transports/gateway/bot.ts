// The bot in chat: a discord.js client on the gateway (Guilds, GuildMessages and DirectMessages
// intents; never the privileged Message Content), serving every command, autocomplete, button and
// select menu through the shared dispatcher, and answering questions that @mention it (mentions.ts).
// Start-up is one exported function so `npm start` and the end-to-end tests run the same code.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Options, Routes, Status } from 'discord.js';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { commands as allCommands, FREE_TEXT_COMMAND } from '../../commands/index.ts';
import { GatewayConfig, readConfig } from '../../config.ts';
import type { Command } from '../../interactions/command.ts';
import type { OutgoingFile } from '../../interactions/invocation.ts';
import type { Dispatcher } from '../../interactions/dispatch.ts';
import { parseInteraction } from '../../interactions/parse.ts';
import type { Runner, Wire } from '../../interactions/runner.ts';
import { startInteractionService, type Respond } from '../../interactions/service.ts';
import type { CatalogStore } from '../../live/catalog-store.ts';
import { openFactsDesk } from '../../live/facts-desk.ts';
import { createModLog, observeStore, type ModLog } from '../../live/mod-log.ts';
import { openMissLog } from '../../live/misses.ts';
import { createRateLimiter } from '../../live/rate-limit.ts';
import { openServerSettings, SettingsError, type ServerSettings } from '../../live/server-settings.ts';
import { StartupError } from '../../live/startup.ts';
import { createLogger, type Logger } from '../../log.ts';
import { createMentionResponder, DEFAULT_MENTION_COOLDOWN, type MentionResponder } from './mentions.ts';

export type { Respond };

export interface StartBotOptions {
  /** Usually process.env after dotenv; validated here with GatewayConfig. */
  env: NodeJS.ProcessEnv;
  /** Overrides DATA_DIR. */
  dataDir?: string;
  /** Overrides STATE_DIR. */
  stateDir?: string;
  /** Defaults to JSON lines on stderr at LOG_LEVEL, with the token redacted. */
  logger?: Logger;
  /** The commands to serve (default: src/commands/index.ts). */
  commands?: readonly Command[];
  /** Replaces the dispatcher's answers; for transport tests. */
  respond?: Respond;
  /** Watch the data directory for edits (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** Defer when the answer is not ready after this long (default 2000 ms). */
  deferAfterMs?: number;
  /** Per-user limit on commands and components (default 5 per 10 s); autocomplete gets 4× that. */
  rateLimit?: { capacity: number; windowMs: number };
  /** Per-user limit on answers to @mentions (default one per 10 s); over it, no reply. */
  mentionCooldown?: { capacity: number; windowMs: number };
  /** How long to wait for the gateway's READY and the guilds (default 30 s). */
  readyTimeoutMs?: number;
  /** Draw /timeline's chart in a worker thread (default true); false answers with the table alone. */
  charts?: boolean;
}

export interface RunningBot {
  readonly client: Client<true>;
  readonly store: CatalogStore;
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly settings: ServerSettings;
  /** Interactions still being answered. */
  readonly pending: number;
  /** Where /livez, /readyz and /metrics are served (METRICS_PORT), if anywhere. */
  readonly metricsUrl: string | undefined;
  /** Graceful: stop taking interactions, finish those in flight (up to `graceMs`), disconnect. */
  stop(graceMs?: number): Promise<void>;
}

export { StartupError };

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const read = readConfig(GatewayConfig, options.env);
  if (!read.ok) throw new StartupError(read.message);
  const config = read.config;
  const token = config.DISCORD_TOKEN;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  const dataDir = options.dataDir ?? config.DATA_DIR;
  const stateDir = options.stateDir ?? config.STATE_DIR;
  let settings: ServerSettings;
  try {
    settings = await openServerSettings(stateDir, logger.child({ component: 'settings' }));
  } catch (error) {
    throw error instanceof SettingsError ? new StartupError(error.message) : error;
  }

  // The mod log posts with the bot token once connected; the client is made below.
  const modLogChannel = config.MOD_LOG_CHANNEL_ID;
  const modLog: ModLog | undefined = modLogChannel
    ? createModLog((body) => client.rest.post(Routes.channelMessages(modLogChannel), { body }), logger.child({ component: 'mod-log' }))
    : undefined;
  const desk = await openFactsDesk({
    dataDir,
    stateDir,
    dataGit: config.DATA_GIT === 'on',
    apiUrl: config.DISCORD_API_URL,
    logger: logger.child({ component: 'facts-desk' }),
    ...(modLog ? { modLog } : {}),
  });

  // Questions the data could not answer, for /facts misses: counted without user ids.
  const misses = openMissLog(stateDir, { logger: logger.child({ component: 'misses' }) });
  const { store, runner, dispatcher, ops } = await startInteractionService({
    commands: options.commands ?? allCommands,
    dataDir,
    logger,
    settings,
    desk,
    what: 'the bot',
    ...(options.watch !== undefined ? { watch: options.watch } : {}),
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.respond !== undefined ? { respond: options.respond } : {}),
    ...(options.charts !== undefined ? { charts: options.charts } : {}),
    ops: { port: config.METRICS_PORT, host: config.METRICS_HOST },
    misses,
  });
  const moderatorRoleIds = new Set(config.MODERATOR_ROLE_IDS);

  const client = new Client({
    // GuildMessages and DirectMessages bring MESSAGE_CREATE; without Message Content, Discord
    // fills in the content only where the bot is mentioned (and in DMs), which is all it reads.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    allowedMentions: { parse: [] },
    rest: { api: config.DISCORD_API_URL, timeout: 10_000 },
    // Every shard in this process (discord.js' internal sharding), counted through the REST above,
    // so "auto" asks DISCORD_API_URL; one metrics port then reports them all.
    ...(config.DISCORD_SHARDS === 'auto' ? { shards: 'auto' as const } : { shardCount: config.DISCORD_SHARDS }),
    // Messages are read raw and never looked up again: keep none of them in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
  let stopping = false;
  attachLogging(client, logger.child({ component: 'gateway' }), () => stopping);
  ops.check('gateway', () => !stopping && client.ws.shards.size > 0 && client.ws.shards.every((s) => s.status === Status.Ready));
  ops.metrics.watchGateway(() => ({
    shards: client.ws.shards.map((s) => ({ id: s.id, status: s.status, pingMs: s.ping })),
    guilds: client.guilds.cache.size,
  }));
  const mentions = mentionResponder(client, { dispatcher, store, settings, logger, cooldown: options.mentionCooldown ?? DEFAULT_MENTION_COOLDOWN });

  // The raw INTERACTION_CREATE payload is the very JSON the HTTP endpoint receives, so both
  // transports read it with the same parser; discord.js's own Interaction objects go unused.
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
    if (packet.t === GatewayDispatchEvents.MessageCreate) {
      if (!stopping) mentions?.handle(packet.d);
      return;
    }
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    const receivedAt = Date.now();
    if (stopping) return;
    const parsed = parseInteraction(packet.d, moderatorRoleIds);
    if (parsed.kind !== 'invocation') {
      logger.warn('ignored an interaction this bot cannot read', { reason: parsed.kind === 'invalid' ? parsed.reason : parsed.kind });
      return;
    }
    void runner.run(parsed.invocation, wireFor(client, parsed.reply), receivedAt);
  });

  const ready = once(client, Events.ClientReady);
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.login(token).then(() => ready),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new StartupError(`no READY from the gateway within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    store.close();
    await client.destroy().catch(() => undefined);
    await ops.close();
    await misses.close();
    if (error instanceof StartupError) throw error;
    // discord.js says "An invalid token was provided." for a 401; never echo the request.
    throw new StartupError(`Could not connect to Discord: ${describeLoginError(error)}`);
  } finally {
    if (timer) clearTimeout(timer);
  }
  const ready_ = client as Client<true>;
  logger.info('connected', { user: ready_.user.tag, guilds: ready_.guilds.cache.size, shards: ready_.ws.shards.size, version: store.current()?.catalog.version });
  const stopObserving = modLog ? observeStore(store, modLog) : undefined;

  let stopped: Promise<void> | undefined;
  return {
    client: ready_,
    store,
    config,
    logger,
    settings,
    get pending() {
      return runner.pending + (mentions?.pending ?? 0);
    },
    metricsUrl: ops.url,
    stop(graceMs = 5_000) {
      stopped ??= (async () => {
        stopping = true;
        stopObserving?.();
        store.close();
        logger.info('shutting down', { pending: runner.pending, mentions: mentions?.pending ?? 0 });
        const deadline = new Promise<'timeout'>((r) => setTimeout(r, graceMs, 'timeout').unref());
        const drained = Promise.all([runner.drain(), mentions?.drain()])
          .then(() => modLog?.flush())
          .then(() => 'done' as const);
        if ((await Promise.race([drained, deadline])) === 'timeout') {
          logger.warn('shutdown grace period over; dropping unanswered interactions', { pending: runner.pending, mentions: mentions?.pending ?? 0 });
        }
        await client.destroy();
        await ops.close();
        await misses.close();
        logger.info('stopped');
      })();
      return stopped;
    },
  };
}

/** Mentions are answered by the free-text command; a bot serving other commands ignores them. */
function mentionResponder(
  client: Client,
  deps: { dispatcher: Dispatcher; store: CatalogStore; settings: ServerSettings; logger: Logger; cooldown: { capacity: number; windowMs: number } },
): MentionResponder | undefined {
  const option = deps.dispatcher.commands.find((c) => c.definition.name === FREE_TEXT_COMMAND)?.definition.options?.[0]?.name;
  if (option === undefined) return undefined;
  const { store } = deps;
  return createMentionResponder({
    dispatcher: deps.dispatcher,
    command: FREE_TEXT_COMMAND,
    option,
    snapshot: () => {
      const state = store.require();
      return { catalog: state.catalog, index: state.index, store, settings: deps.settings };
    },
    settings: deps.settings,
    cooldown: createRateLimiter(deps.cooldown),
    botId: () => client.user?.id,
    send: (channelId, body) => client.rest.post(Routes.channelMessages(channelId), { body }),
    logger: deps.logger.child({ component: 'mentions' }),
  });
}

/**
 * The dispatcher's response goes out as is, the same body the HTTP endpoint returns: POST to the
 * callback route, for a deferred answer PATCH @original, and for Delete DELETE @original (with a
 * button's token, the message the button is on); with files, discord.js sends
 * multipart/form-data with the JSON in payload_json. Both authenticate with the interaction token
 * in the URL, not the bot token.
 */
function wireFor(client: Client, reply: { id: string; applicationId: string; token: string }): Wire {
  const files = (list: readonly OutgoingFile[] | undefined) =>
    list?.map((f) => ({ name: f.name, data: Buffer.from(f.data), ...(f.contentType ? { contentType: f.contentType } : {}) }));
  return {
    async callback(response, attached) {
      const f = files(attached);
      await client.rest.post(Routes.interactionCallback(reply.id, reply.token), { body: response, auth: false, ...(f ? { files: f } : {}) });
    },
    async editOriginal(body, attached) {
      const f = files(attached);
      await client.rest.patch(Routes.webhookMessage(reply.applicationId, reply.token), { body, auth: false, ...(f ? { files: f } : {}) });
    },
    async deleteOriginal() {
      await client.rest.delete(Routes.webhookMessage(reply.applicationId, reply.token), { auth: false });
    },
  };
}

function attachLogging(client: Client, logger: Logger, stopping: () => boolean): void {
  client.on(Events.Error, (error) => logger.error('client error', { error }));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.Debug, (message) => logger.debug(message));
  client.on(Events.ShardError, (error, shardId) => logger.error('gateway connection error', { shardId, error }));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn('gateway disconnected; not reconnecting', { shardId, code: event.code }));
  client.on(Events.ShardReconnecting, (shardId) => (stopping() ? logger.debug : logger.warn)('gateway reconnecting', { shardId }));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info('gateway resumed', { shardId, replayed }));
  client.on(Events.ShardReady, (shardId) => logger.info('gateway ready', { shardId }));
  client.rest.on('rateLimited', (info) => logger.warn('REST rate limited', { route: info.route, retryAfter: info.retryAfter, global: info.global }));
}

function describeLoginError(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  if (status === 401 || (error as { code?: unknown }).code === 'TokenInvalid') {
    return 'the token was refused (check DISCORD_TOKEN: Developer Portal → your application → Bot → Reset Token)';
  }
  return error instanceof Error ? error.message : String(error);
}
