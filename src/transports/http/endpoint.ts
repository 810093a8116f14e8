// The HTTP interactions endpoint as one start-up function, so `npm run serve`, the tests and the
// benchmark run the same code: validate the configuration, load the fact files into the live store
// (and watch them), build the shared dispatcher with /facts, and listen.
import { createBotDispatcher, factsIsSlow, type FactsContext } from '../../commands/facts.ts';
import { HttpConfig, readConfig } from '../../config.ts';
import type { CatalogStore } from '../../live/catalog-store.ts';
import { openLiveCatalog, StartupError } from '../../live/startup.ts';
import { createRateLimiter } from '../../live/rate-limit.ts';
import { commandDefinitions } from '../../interactions/dispatch.ts';
import { decodeCustomId } from '../../interactions/custom-id.ts';
import type { Invocation } from '../../interactions/invocation.ts';
import { createLogger, type Logger } from '../../log.ts';
import type { Respond } from './handler.ts';
import { cacheResponses } from './response-cache.ts';
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
  logger?: Logger;
  /** The shared dispatcher (default: every command plus /facts); injectable for transport tests. */
  respond?: Respond<FactsContext>;
  /** Watch the data directory for edits (default true). */
  watch?: boolean;
  deferAfterMs?: number;
  /** Per-user limit on commands and components (default 5 per 10 s, as the gateway bot); autocomplete gets 4×. */
  rateLimit?: { capacity: number; windowMs: number };
  /** Milliseconds since the epoch, for signature timestamps. */
  now?: () => number;
  /** Remember the core commands' answers per catalog snapshot (default true). */
  cache?: boolean;
}

/** The core look-ups (not /facts, which reads the store and the caller) are pure. */
const PURE_COMMANDS: ReadonlySet<string> = new Set(commandDefinitions.map((d) => d.name));

export function isPureInvocation(invocation: Invocation): boolean {
  const command = invocation.type === 'component' ? decodeCustomId(invocation.customId)?.command : invocation.name;
  return command !== undefined && PURE_COMMANDS.has(command);
}

export interface RunningEndpoint {
  readonly http: RunningHttpServer;
  readonly store: CatalogStore;
  readonly config: HttpConfig;
  readonly logger: Logger;
  readonly url: string;
  /** Graceful: stop accepting, finish requests and deferred follow-ups (up to `graceMs`), close. */
  stop(graceMs?: number): Promise<void>;
}


export async function startEndpoint(options: StartEndpointOptions): Promise<RunningEndpoint> {
  const read = readConfig(HttpConfig, options.env);
  if (!read.ok) throw new StartupError(read.message);
  const config = read.config;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const dataDir = options.dataDir ?? config.DATA_DIR;

  const store = await openLiveCatalog({ dataDir, logger, what: 'the endpoint', ...(options.watch !== undefined ? { watch: options.watch } : {}) });

  const dispatch =
    options.respond ??
    createBotDispatcher({
      onError: (error, inv) => logger.error('command handler failed', { interaction: inv.type, what: inv.type === 'component' ? inv.customId : inv.name, error }),
    }).respond;
  const cache = (options.cache ?? true) ? cacheResponses(dispatch, { isPure: isPureInvocation }) : undefined;
  const limit = options.rateLimit ?? { capacity: 5, windowMs: 10_000 };

  let http: RunningHttpServer;
  try {
    http = await startHttpServer<FactsContext>({
      publicKeyHex: config.DISCORD_PUBLIC_KEY,
      port: options.port ?? config.PORT,
      ...(options.host !== undefined ? { host: options.host } : {}),
      apiUrl: config.DISCORD_API_URL,
      logger: logger.child({ component: 'http' }),
      moderatorRoleIds: config.MODERATOR_ROLE_IDS,
      getState: () => {
        const state = store.require();
        return { catalog: state.catalog, index: state.index, store };
      },
      respond: cache?.respond ?? dispatch,
      ...(cache ? { serialized: cache.serialized } : {}),
      limiter: createRateLimiter(limit),
      autocompleteLimiter: createRateLimiter({ capacity: limit.capacity * 4, windowMs: limit.windowMs }),
      deferUpfront: (inv) => (factsIsSlow(inv) ? { ephemeral: true } : undefined),
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      ...(options.now ? { now: options.now } : {}),
      health: () => ({ version: store.current()?.catalog.version ?? null }),
    });
  } catch (error) {
    store.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new StartupError(`Cannot listen on port ${options.port ?? config.PORT} (${String(code)}); set PORT to a free port.`);
    }
    throw error;
  }
  logger.info('listening', { url: http.url, port: http.port, version: store.current()?.catalog.version });

  let stopped: Promise<void> | undefined;
  return {
    http,
    store,
    config,
    logger,
    url: http.url,
    stop(graceMs = 10_000) {
      stopped ??= (async () => {
        logger.info('shutting down', { pending: http.handler.pending });
        store.close();
        await http.close(graceMs);
        logger.info('stopped');
      })();
      return stopped;
    },
  };
}
