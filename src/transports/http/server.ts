// A node:http server around the interactions handler, with bounded timeouts and a graceful close:
// stop accepting, let in-flight requests and deferred follow-ups finish, then drop what is left.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInteractionsHandler, type InteractionsHandler, type InteractionsHandlerOptions } from './handler.ts';
import { createRestFollowUps, type FollowUpApi } from './followup.ts';
import type { Logger } from '../../log.ts';
import { publicKeyFromHex } from './signature.ts';

export interface HttpServerOptions extends Omit<InteractionsHandlerOptions, 'publicKey' | 'api'> {
  /** DISCORD_PUBLIC_KEY: 64 hex characters. */
  publicKeyHex: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Defaults to all interfaces; tests pass 127.0.0.1. */
  host?: string;
  /** DISCORD_API_URL, for follow-ups; ignored when `api` is given. */
  apiUrl: string;
  api?: FollowUpApi;
  logger: Logger;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly handler: InteractionsHandler;
  readonly port: number;
  /** http://host:port, with 127.0.0.1 for an all-interfaces listen. */
  readonly url: string;
  /** Graceful: waits up to `graceMs` for requests and follow-ups, then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const publicKey = publicKeyFromHex(options.publicKeyHex);
  const api = options.api ?? createRestFollowUps({ apiUrl: options.apiUrl, logger: options.logger });
  const handler = createInteractionsHandler({ ...options, publicKey, api });
  const server = createServer(
    {
      // Bounds on a slow or idle client; Discord sends small requests quickly.
      requestTimeout: 10_000,
      headersTimeout: 5_000,
      keepAliveTimeout: 5_000,
      maxHeaderSize: 16 * 1024,
    },
    handler.listener,
  );
  server.maxHeadersCount = 100;
  server.on('clientError', (err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
    options.logger.debug('client error', { error: err });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    server,
    handler,
    port: address.port,
    url,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = new Promise<'timeout'>((resolve) => setTimeout(resolve, graceMs, 'timeout').unref());
        const finished = await Promise.race([Promise.all([closed, handler.drain()]).then(() => 'done' as const), deadline]);
        if (finished === 'timeout') {
          options.logger.warn('shutdown grace period over; closing remaining connections', { pending: handler.pending });
          server.closeAllConnections();
          await closed;
        }
      })();
      return closing;
    },
  };
}
