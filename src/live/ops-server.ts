// The operator's port (METRICS_PORT), the same for the gateway bot and the HTTP endpoint:
//   GET /livez    200 while the process runs: for container healthchecks and restarts.
//   GET /readyz   200 when ready to answer (catalog loaded and, for the gateway bot, connected),
//                 else 503 with what is missing: for load balancers and rollouts.
//   GET /metrics  Prometheus text format (metrics.ts).
// Bound to 127.0.0.1 unless METRICS_HOST says otherwise: metrics say what people ask, which is
// nobody's business outside the host. Plain node:http; it shares nothing with the interactions
// endpoint, so a slow scrape never delays an answer's socket, and vice versa.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { StartupError } from './startup.ts';

/** Each readiness check by name: true when it passes. */
export type ReadinessChecks = () => Readonly<Record<string, boolean>>;

export interface OpsServerOptions {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly metrics: Metrics;
  readonly ready: ReadinessChecks;
  readonly logger: Logger;
}

export interface RunningOpsServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_METRICS_HOST = '127.0.0.1';

export async function startOpsServer(options: OpsServerOptions): Promise<RunningOpsServer> {
  const { metrics, logger } = options;
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    switch (url.pathname) {
      case '/livez':
        json(200, { status: 'ok' });
        return;
      case '/readyz': {
        const checks = options.ready();
        const ok = Object.values(checks).every(Boolean);
        json(ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
        return;
      }
      case '/metrics':
        metrics.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
            res.end(text);
          },
          (error: unknown) => {
            logger.error('metrics collection failed', { error });
            if (!res.headersSent) res.writeHead(500);
            res.end();
          },
        );
        return;
      default:
        json(404, { error: 'not found', paths: ['/livez', '/readyz', '/metrics'] });
    }
  });
  const host = options.host ?? DEFAULT_METRICS_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('metrics and health listening', { url, paths: ['/livez', '/readyz', '/metrics'] });
  return {
    server,
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Health and metrics for one service: counted always, served on a port when one is configured. */
export interface Ops {
  readonly metrics: Metrics;
  /** Adds a readiness check: /readyz (and bot_ready) pass when every check does. */
  check(name: string, passes: () => boolean): void;
  /** Where /livez, /readyz and /metrics are served; undefined when METRICS_PORT is unset. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export interface OpenOpsOptions {
  /** METRICS_PORT; unset: nothing is served (0: any free port). */
  readonly port?: number | undefined;
  /** METRICS_HOST; default 127.0.0.1. */
  readonly host?: string | undefined;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

/**
 * Started before the catalog loads, so /livez answers (and /readyz says "not ready") while a
 * large catalog loads or the gateway connects. A port in use stops start-up with a StartupError.
 */
export async function openOps(options: OpenOpsOptions): Promise<Ops> {
  const metrics = options.metrics ?? createMetrics();
  const checks = new Map<string, () => boolean>();
  const ready = (): Record<string, boolean> => Object.fromEntries([...checks].map(([name, passes]) => [name, safely(passes)]));
  metrics.watchReady(() => Object.values(ready()).every(Boolean) && checks.size > 0);
  let server: RunningOpsServer | undefined;
  if (options.port !== undefined) {
    metrics.collectProcessMetrics();
    try {
      server = await startOpsServer({
        port: options.port,
        ...(options.host !== undefined ? { host: options.host } : {}),
        metrics,
        logger: options.logger,
        ready: () => (checks.size === 0 ? { starting: false } : ready()),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw new StartupError(`Cannot serve metrics on ${options.host ?? DEFAULT_METRICS_HOST}:${options.port} (${String(code)}); set METRICS_PORT to a free port, METRICS_HOST to an address of this machine, or unset METRICS_PORT.`);
      }
      throw error;
    }
  }
  return {
    metrics,
    check(name, passes) {
      checks.set(name, passes);
    },
    url: server?.url,
    close: async () => server?.close(),
  };
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
