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

/** A client must have sent its request's headers this long after connecting (or after its previous request). */
export const HEADERS_TIMEOUT_MS = 8_000;
/** …and the whole request this long after. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A socket on which nothing at all happens for this long is closed. */
export const IDLE_SOCKET_TIMEOUT_MS = 10_000;

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
      // Bounds on a slow or idle client; Discord sends small requests quickly. Node checks the
      // header and request deadlines only every `connectionsCheckingInterval` (30 s by default),
      // so a client trickling header lines would keep its socket that long: checked every second,
      // a slow or silent client is dropped within HEADERS_TIMEOUT_MS (+1 s), one sending its body
      // slowly within REQUEST_TIMEOUT_MS (+1 s), an idle keep-alive connection after 5 s. A client
      // that connects and sends nothing at all has no request for those deadlines to time: the
      // socket's own inactivity timeout (below) drops it.
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
      maxHeaderSize: 16 * 1024,
    },
    handler.listener,
  );
  server.maxHeadersCount = 100;
  // With no 'timeout' listener, node destroys a socket idle this long.
  server.setTimeout(IDLE_SOCKET_TIMEOUT_MS);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // As node's own handler does: one short answer if the socket can still take it, then the
    // socket is destroyed, not ended. end() waits for the client to close its side, and a client
    // that never reads or closes would keep the socket open.
    if (socket.writable && !socket.destroyed) {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.write(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
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
