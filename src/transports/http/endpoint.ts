// The HTTP interactions endpoint as one start-up function, so `npm run serve`, the tests and the
// benchmark run the same code: validate the configuration, start the interaction service the
// gateway bot starts too (live catalog, dispatcher, rate limits, runner), and listen.
import { commands as allCommands } from '../../commands/index.ts';
import { HttpConfig, readConfig } from '../../config.ts';
import type { Command } from '../../interactions/command.ts';
import { DEFAULT_RATE_LIMIT, startInteractionService, type Respond } from '../../interactions/service.ts';
import type { CatalogStore } from '../../live/catalog-store.ts';
import { openFactsDesk } from '../../live/facts-desk.ts';
import { openMissLog } from '../../live/misses.ts';
import { openSharedLimits } from '../../live/shared-rate-limit.ts';
import { StartupError } from '../../live/startup.ts';
import { createLogger, type Logger } from '../../log.ts';
import { startHttpServer, type RunningHttpServer } from './server.ts';

export interface StartEndpointOptions {
  /** Usually process.env after dotenv; validated here with HttpConfig. */
  env: NodeJS.ProcessEnv;
  /** Overrides PORT (tests pass 0). */
  port?: number;
  /** Defaults to every interface; tests pass 127.0.0.1. */
  host?: string;
  /** Overrides DATA_DIR. */
  dataDir?: string;
  /** Overrides STATE_DIR (pending changes and the trail of /facts upload, add and revert). */
  stateDir?: string;
  logger?: Logger;
  /** The commands to serve (default: src/commands/index.ts). */
  commands?: readonly Command[];
  /** Replaces the dispatcher's answers; for transport tests. */
  respond?: Respond;
  /** Watch the data directory for edits (default true). */
  watch?: boolean;
  deferAfterMs?: number;
  /** Per-user limit on commands and components (default 5 per 10 s, as the gateway bot); autocomplete gets 4×. */
  rateLimit?: { capacity: number; windowMs: number };
  /** Milliseconds since the epoch, for signature timestamps. */
  now?: () => number;
  /** Draw /timeline's chart in a worker thread (default true); false answers with the table alone. */
  charts?: boolean;
}

export interface RunningEndpoint {
  readonly http: RunningHttpServer;
  readonly store: CatalogStore;
  readonly config: HttpConfig;
  readonly logger: Logger;
  readonly url: string;
  /** Where /livez, /readyz and /metrics are served (METRICS_PORT), if anywhere. */
  readonly metricsUrl: string | undefined;
  /** Graceful: stop accepting, finish requests and deferred follow-ups (up to `graceMs`), close. */
  stop(graceMs?: number): Promise<void>;
}


export async function startEndpoint(options: StartEndpointOptions): Promise<RunningEndpoint> {
  const read = readConfig(HttpConfig, options.env);
  if (!read.ok) throw new StartupError(read.message);
  const config = read.config;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const dataDir = options.dataDir ?? config.DATA_DIR;
  // Changes from Discord: kept in STATE_DIR, which every instance behind a load balancer must share.
  const desk = await openFactsDesk({
    dataDir,
    stateDir: options.stateDir ?? config.STATE_DIR,
    dataGit: config.DATA_GIT === 'on',
    apiUrl: config.DISCORD_API_URL,
    logger: logger.child({ component: 'facts-desk' }),
  });

  // Questions the data could not answer, for /facts misses; instances sharing STATE_DIR add up.
  const misses = openMissLog(options.stateDir ?? config.STATE_DIR, { logger: logger.child({ component: 'misses' }) });
  // With REDIS_URL, every instance counts each user against one limit; without, its own.
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const shared = config.REDIS_URL ? openSharedLimits({ url: config.REDIS_URL, ...limit, logger: logger.child({ component: 'rate-limit' }) }) : undefined;
  const service = await startInteractionService({
    commands: options.commands ?? allCommands,
    dataDir,
    logger,
    desk,
    what: 'the endpoint',
    ...(options.watch !== undefined ? { watch: options.watch } : {}),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.respond !== undefined ? { respond: options.respond } : {}),
    ...(options.charts !== undefined ? { charts: options.charts } : {}),
    ops: { port: config.METRICS_PORT, host: config.METRICS_HOST },
    misses,
    ...(shared ? { limits: shared } : {}),
  }).catch(async (error: unknown) => {
    await shared?.close();
    throw error;
  });
  const { store, runner, ops } = service;
  // Ready while listening; not once shutdown begins, so a load balancer stops sending first.
  let serving = false;
  ops.check('listening', () => serving);

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      publicKeyHex: config.DISCORD_PUBLIC_KEY,
      port: options.port ?? config.PORT,
      ...(options.host !== undefined ? { host: options.host } : {}),
      apiUrl: config.DISCORD_API_URL,
      logger: logger.child({ component: 'http' }),
      moderatorRoleIds: config.MODERATOR_ROLE_IDS,
      runner,
      ...(options.now ? { now: options.now } : {}),
      health: () => ({ version: store.current()?.catalog.version ?? null }),
    });
  } catch (error) {
    store.close();
    await ops.close();
    await misses.close();
    await shared?.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new StartupError(`Cannot listen on port ${options.port ?? config.PORT} (${String(code)}); set PORT to a free port.`);
    }
    throw error;
  }
  serving = true;
  logger.info('listening', { url: http.url, port: http.port, version: store.current()?.catalog.version });

  let stopped: Promise<void> | undefined;
  return {
    http,
    store,
    config,
    logger,
    url: http.url,
    metricsUrl: ops.url,
    stop(graceMs = 10_000) {
      stopped ??= (async () => {
        serving = false;
        logger.info('shutting down', { pending: http.handler.pending });
        store.close();
        await http.close(graceMs);
        await ops.close();
        await misses.close();
        await shared?.close();
        logger.info('stopped');
      })();
      return stopped;
    },
  };
}
