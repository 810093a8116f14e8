// What both long-running transports start with, in one place: the live catalog (loaded, watched),
// the dispatcher over the commands the composition root passes, the per-user rate limits, the
// deferral policy the commands declare, and the runner that answers within Discord's 3 seconds.
// The gateway bot and the HTTP endpoint differ only in how interactions arrive and leave.
import type { CatalogStore } from '../live/catalog-store.ts';
import { createRateLimiter } from '../live/rate-limit.ts';
import type { FactsDesk } from '../live/facts-desk.ts';
import { openOps, type Ops } from '../live/ops-server.ts';
import type { ServerSettings } from '../live/server-settings.ts';
import { openLiveCatalog } from '../live/startup.ts';
import type { Logger } from '../log.ts';
import { createButtonState, type ButtonState } from './button-state.ts';
import type { Command } from './command.ts';
import { createDispatcher, type Dispatcher, type Snapshot } from './dispatch.ts';
import type { Invocation, Outgoing } from './invocation.ts';
import { createRunner, type Limiter, type Runner } from './runner.ts';
import { commandLabel, isUnanswered, missOf, observeReplies, questionOf } from './instrument.ts';
import type { MissLog } from '../live/misses.ts';
import { createChartWorker } from '../render/chart/off-thread.ts';

export type Respond = (invocation: Invocation, snapshot: Snapshot) => Promise<Outgoing> | Outgoing;

export interface ServiceOptions {
  readonly commands: readonly Command[];
  readonly dataDir: string;
  readonly logger: Logger;
  /** Who is starting, for start-up errors: "the bot", "the endpoint". */
  readonly what: string;
  /** Watch the data directory for edits (default true). */
  readonly watch?: boolean;
  readonly debounceMs?: number;
  /** Defer when the answer is not ready after this long (default 2000 ms). */
  readonly deferAfterMs?: number;
  /** Per-user limit on commands and components (default 5 per 10 s); autocomplete gets 4× that. */
  readonly rateLimit?: { readonly capacity: number; readonly windowMs: number };
  readonly buttonState?: ButtonState;
  /** Per-server settings, handed to every command (the gateway bot has them; the endpoint does not). */
  readonly settings?: ServerSettings;
  /** Changes to the fact files from Discord (/facts upload, add, revert…), handed to every command. */
  readonly desk?: FactsDesk;
  /** Replaces the dispatcher's answers: transport tests inject slow or failing ones. */
  readonly respond?: Respond;
  /** Limits shared beyond this process (the endpoint's, through Redis); default: in memory, per `rateLimit`. */
  readonly limits?: { readonly commands: Limiter; readonly autocomplete: Limiter };
  /** Where questions the data could not answer are counted (STATE_DIR/misses.json), for /facts misses. */
  readonly misses?: MissLog;
  /** Draw /timeline's chart in a worker thread (default true); false answers with the table alone. */
  readonly charts?: boolean;
  /** METRICS_PORT and METRICS_HOST: /livez, /readyz and /metrics, served only with a port. */
  readonly ops?: { readonly port?: number | undefined; readonly host?: string | undefined };
}

export interface InteractionService {
  readonly store: CatalogStore;
  readonly dispatcher: Dispatcher;
  readonly runner: Runner;
  /** Metrics, readiness checks (the transport adds its own) and their server; close it on stop. */
  readonly ops: Ops;
}

export const DEFAULT_RATE_LIMIT = { capacity: 5, windowMs: 10_000 } as const;

/** Loads the fact files (they must be valid to start: a StartupError says why not) and wires the rest. */
export async function startInteractionService(options: ServiceOptions): Promise<InteractionService> {
  const { logger } = options;
  // Health and metrics first: /livez answers while the catalog loads.
  const ops = await openOps({ ...options.ops, logger: logger.child({ component: 'ops' }) });
  const { metrics } = ops;
  let store: CatalogStore;
  try {
    store = await openLiveCatalog({
      dataDir: options.dataDir,
      logger,
      what: options.what,
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      onLoad: (outcome) => metrics.catalogLoad(outcome),
    });
  } catch (error) {
    await ops.close();
    throw error;
  }
  metrics.watchCatalog(store);
  ops.check('catalog', () => store.current() !== undefined);
  const known = new Set(options.commands.map((c) => c.definition.name));
  const commands = observeReplies(options.commands, (name, reply, inv) => {
    if (isUnanswered(reply)) metrics.unanswered(name);
    const kind = options.misses ? missOf(reply) : undefined;
    const text = kind ? questionOf(inv) : undefined;
    if (kind && text !== undefined) options.misses?.record({ text, command: name, kind, askerId: inv.caller.id });
  });
  const charts = options.charts === false ? undefined : createChartWorker();
  const chartLog = logger.child({ component: 'charts' });
  const dispatcher = createDispatcher(commands, {
    buttonState: options.buttonState ?? createButtonState(),
    ...(charts ? { chart: { draw: (data) => charts.render(data), onFailed: (error) => chartLog.warn('chart left out; answered with the table alone', { error }) } } : {}),
    onError: (error, inv) =>
      logger.error('command handler failed', { interaction: inv.type, what: inv.type === 'component' || inv.type === 'modal' ? inv.customId : inv.name, error }),
  });
  const respond = options.respond ?? dispatcher.respond;
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const runner = createRunner({
    logger: logger.child({ component: 'interactions' }),
    limiter: options.limits?.commands ?? createRateLimiter(limit),
    autocompleteLimiter: options.limits?.autocomplete ?? createRateLimiter({ capacity: limit.capacity * 4, windowMs: limit.windowMs }),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    deferUpfront: (inv) => dispatcher.slow(inv),
    onFinished: (inv, f) => metrics.interaction(inv.type, commandLabel(inv, known), f.outcome, f),
    // One snapshot per interaction: a reload during the answer cannot mix two catalogs.
    dispatch: (inv) => {
      const state = store.require();
      return respond(inv, {
        catalog: state.catalog,
        index: state.index,
        store,
        ...(options.settings ? { settings: options.settings } : {}),
        ...(options.desk ? { desk: options.desk } : {}),
        ...(options.misses ? { misses: options.misses } : {}),
      });
    },
  });
  return { store, dispatcher, runner, ops };
}
