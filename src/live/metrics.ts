// What the running bot counts, in Prometheus' format (prom-client), the same in both modes: every
// interaction by command, kind and outcome with its latency, autocomplete calls, questions the data
// could not answer, catalog reloads and rejected edits, and (for the gateway bot) the connection.
// One registry per service, never prom-client's global one, so tests can run several bots in a
// process. Served by ops-server.ts on METRICS_PORT; nothing here knows about HTTP.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CatalogStore, ReloadOutcome } from './catalog-store.ts';

/** How one interaction ended, as the runner saw it. */
export type Outcome =
  /** The answer was the first response. */
  | 'answered'
  /** A deferral, then the answer as an edit of it. */
  | 'deferred'
  /** Refused by the per-user limit. */
  | 'rate_limited'
  /** The handler failed; the user got an apology. */
  | 'failed'
  /** Autocomplete not ready in time; answered with no choices. */
  | 'too_slow'
  /** Nothing (or not everything) reached Discord: the callback or the edit failed. */
  | 'undelivered';

/** Slash command, autocomplete, button or menu, modal. */
export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export interface GatewayShard {
  readonly id: number;
  /** discord.js' Status: 0 = Ready, 5 = Disconnected, … */
  readonly status: number;
  /** Heartbeat round trip in milliseconds; negative before the first heartbeat. */
  readonly pingMs: number;
}

export interface GatewayView {
  readonly shards: readonly GatewayShard[];
  readonly guilds: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** One interaction finished. `command` must be a bounded name (the caller maps unknown ones to "other"). */
  interaction(kind: InteractionKind, command: string, outcome: Outcome, timing: { respondedMs?: number; totalMs: number }): void;
  /** An answer that found nothing (kind not_found) to a question asked through `command`. */
  unanswered(command: string): void;
  /** A catalog load attempt's result (start-up, watcher, /facts reload). */
  catalogLoad(outcome: ReloadOutcome): void;
  /** Reads the catalog's size and state at each scrape. */
  watchCatalog(store: CatalogStore): void;
  /** Reads the gateway connection at each scrape (the gateway bot only). */
  watchGateway(view: () => GatewayView | undefined): void;
  /** Ready as /readyz says it, exported too so dashboards need not probe. */
  watchReady(ready: () => boolean): void;
  /** Adds the process's own metrics (memory, CPU, event-loop delay), when they are served. */
  collectProcessMetrics(): void;
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** Seconds; Discord wants the first response within 3. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10, 15];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const commands = new Counter({
    name: 'bot_commands_total',
    help: 'Slash commands by name and outcome (answered, deferred, rate_limited, failed, undelivered).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const components = new Counter({
    name: 'bot_components_total',
    help: 'Buttons, select menus and modal submits, by the command they belong to, kind and outcome.',
    labelNames: ['command', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const autocomplete = new Counter({
    name: 'bot_autocomplete_total',
    help: 'Autocomplete calls by command and outcome (answered, too_slow, rate_limited, failed, undelivered).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const responded = new Histogram({
    name: 'bot_response_seconds',
    help: "From receiving an interaction to Discord accepting its first response (an answer or a deferral); Discord's limit is 3 s.",
    labelNames: ['kind', 'command'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const answered = new Histogram({
    name: 'bot_answer_seconds',
    help: 'From receiving an interaction to its whole answer delivered (for a deferred answer, the edit).',
    labelNames: ['kind', 'command'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const unanswered = new Counter({
    name: 'bot_unanswered_questions_total',
    help: 'Answers that found nothing in the data (suggestions only), by command: what people ask that the data lacks.',
    labelNames: ['command'] as const,
    registers: [registry],
  });
  const loads = new Counter({
    name: 'bot_catalog_reloads_total',
    help: 'Catalog loads by result: loaded (a new version is served), unchanged, rejected (an edit with errors; the last good data keeps serving).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['loaded', 'unchanged', 'rejected']) loads.labels(result).inc(0);

  return {
    registry,
    contentType: registry.contentType,
    interaction(kind, command, outcome, timing) {
      if (kind === 'command') commands.labels(command, outcome).inc();
      else if (kind === 'autocomplete') autocomplete.labels(command, outcome).inc();
      else components.labels(command, kind, outcome).inc();
      if (timing.respondedMs !== undefined) responded.labels(kind, command).observe(timing.respondedMs / 1000);
      if (outcome !== 'undelivered' && outcome !== 'rate_limited') answered.labels(kind, command).observe(timing.totalMs / 1000);
    },
    unanswered(command) {
      unanswered.labels(command).inc();
    },
    catalogLoad(outcome) {
      loads.labels(!outcome.ok ? 'rejected' : outcome.changed ? 'loaded' : 'unchanged').inc();
    },
    watchCatalog(store) {
      new Gauge({
        name: 'bot_catalog_facts',
        help: 'Facts in the catalog being served.',
        registers: [registry],
        collect() {
          this.set(store.status().counts?.facts ?? 0);
        },
      });
      new Gauge({
        name: 'bot_catalog_loaded_timestamp_seconds',
        help: 'When the catalog being served was loaded (Unix time).',
        registers: [registry],
        collect() {
          const at = store.status().loadedAt;
          this.set(at ? at.getTime() / 1000 : 0);
        },
      });
      new Gauge({
        name: 'bot_catalog_last_edit_rejected',
        help: '1 while the latest load of the fact files failed (the last good data is serving; /facts status says why), else 0.',
        registers: [registry],
        collect() {
          this.set(store.status().lastError ? 1 : 0);
        },
      });
    },
    watchGateway(view) {
      new Gauge({
        name: 'bot_gateway_connected',
        help: '1 per shard whose gateway connection is ready, else 0.',
        labelNames: ['shard'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const s of view()?.shards ?? []) this.labels(String(s.id)).set(s.status === 0 ? 1 : 0);
        },
      });
      new Gauge({
        name: 'bot_gateway_status',
        help: "Each shard's discord.js status: 0 ready, 1 connecting, 2 reconnecting, 3 idle, 4 nearly, 5 disconnected, 6 waiting for guilds, 7 identifying, 8 resuming.",
        labelNames: ['shard'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const s of view()?.shards ?? []) this.labels(String(s.id)).set(s.status);
        },
      });
      new Gauge({
        name: 'bot_gateway_ping_seconds',
        help: "Each shard's last heartbeat round trip.",
        labelNames: ['shard'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const s of view()?.shards ?? []) if (s.pingMs >= 0) this.labels(String(s.id)).set(s.pingMs / 1000);
        },
      });
      new Gauge({
        name: 'bot_guilds',
        help: 'Servers the bot is in.',
        registers: [registry],
        collect() {
          this.set(view()?.guilds ?? 0);
        },
      });
    },
    watchReady(ready) {
      new Gauge({
        name: 'bot_ready',
        help: '1 when ready to answer (catalog loaded and, for the gateway bot, connected), as /readyz says.',
        registers: [registry],
        collect() {
          this.set(ready() ? 1 : 0);
        },
      });
    },
    collectProcessMetrics() {
      collectDefaultMetrics({ register: registry });
    },
    metrics: () => registry.metrics(),
  };
}
