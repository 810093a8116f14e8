// The Interactions Endpoint as a plain node:http listener: route, verify, parse, then hand the
// Invocation to the same runner the gateway uses (rate limit, dispatcher, deferral, follow-up).
// It keeps no state between requests beyond what getState() returns (the current catalog), so any
// number of instances can sit behind a load balancer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { InteractionResponseType, type APIInteractionResponse } from 'discord-api-types/v10';
import { editBodyFromResponse } from '../../interactions/edit-original.ts';
import { parseInteraction } from '../../interactions/parse.ts';
import type { Runner, Wire } from '../../interactions/runner.ts';
import type { Logger } from '../../log.ts';
import { readBody, DEFAULT_BODY_LIMIT } from './body.ts';
import type { FollowUpApi } from './followup.ts';
import { isFresh, parseSignatureHeaders, verifySignature } from './signature.ts';

export interface InteractionsHandlerOptions {
  publicKey: KeyObject;
  /** The runner every transport shares: rate limits, dispatcher, deferral (interactions/service.ts). */
  runner: Runner;
  /** Finishes deferred answers and deletes answers (PATCH and DELETE @original at DISCORD_API_URL). */
  api: FollowUpApi;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for timestamp tests. */
  now?: () => number;
  moderatorRoleIds?: Iterable<string>;
  bodyLimit?: number;
  /** Extra fields for GET /healthz (catalog version). */
  health?: () => Record<string, unknown>;
}

export interface InteractionsHandler {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves when every interaction started so far is answered and followed up (graceful shutdown). */
  drain(): Promise<void>;
  /** Interactions not yet finished, deferred follow-ups included. */
  readonly pending: number;
}

export const INTERACTIONS_PATHS: ReadonlySet<string> = new Set(['/', '/interactions']);
export const HEALTH_PATH = '/healthz';

export function createInteractionsHandler(options: InteractionsHandlerOptions): InteractionsHandler {
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const moderatorRoleIds = new Set(options.moderatorRoleIds ?? []);
  const { logger, api, runner } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const path = pathOf(req.url);
    if (path === HEALTH_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return reply(res, 200, { status: 'ok', ...options.health?.() });
    }
    if (!INTERACTIONS_PATHS.has(path)) return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed' }, { allow: 'POST' });

    // Cheap refusals first: a request without a well-formed, fresh signature costs no body read.
    const headers = parseSignatureHeaders(req.headers['x-signature-ed25519'], req.headers['x-signature-timestamp']);
    if (!headers.ok) return unauthorized(res, headers.reason);
    if (!isFresh(headers.timestamp, now())) return unauthorized(res, 'timestamp too far from now');

    const read = await readBody(req, bodyLimit);
    if (!read.ok) return reply(res, read.status, { error: read.reason }, { connection: 'close' });
    if (!verifySignature(options.publicKey, headers.signature, headers.timestamp, read.body)) {
      return unauthorized(res, 'invalid request signature');
    }

    let json: unknown;
    try {
      json = JSON.parse(read.body.toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'body is not JSON' });
    }
    const parsed = parseInteraction(json, moderatorRoleIds);
    if (parsed.kind === 'invalid') {
      logger.warn('refused a signed but unusable interaction', { reason: parsed.reason });
      return reply(res, 400, { error: parsed.reason });
    }
    if (parsed.kind === 'ping') return reply(res, 200, { type: InteractionResponseType.Pong });

    const { invocation } = parsed;
    const { applicationId, token } = parsed.reply;
    const wire: Wire = {
      // The first response is the HTTP response itself; Discord reads it from this request. Files
      // cannot ride on it, so an answer with files is deferred and finished by a multipart edit.
      callback: async (response, files) => {
        if (!files || files.length === 0) return reply(res, 200, response);
        reply(res, 200, deferralFor(invocation.type, response));
        await api.editOriginal(applicationId, token, editBodyFromResponse(response), files);
      },
      editOriginal: (body, files) => api.editOriginal(applicationId, token, body, files),
      deleteOriginal: () => api.deleteOriginal(applicationId, token),
    };
    await runner.run(invocation, wire, receivedAt);
    // The runner always answers; this only guards against a future change that forgets to.
    if (!res.headersSent) reply(res, 500, { error: 'no response' });
  }

  function unauthorized(res: ServerResponse, reason: string): void {
    logger.debug('refused an unsigned or forged request', { reason });
    reply(res, 401, { error: 'invalid request signature' });
  }

  return {
    listener(req, res) {
      handle(req, res).catch((error: unknown) => {
        logger.error('request handler crashed', { error });
        if (!res.headersSent) reply(res, 500, { error: 'internal error' }, { connection: 'close' });
        else res.destroy();
      });
    },
    drain: () => runner.drain(),
    get pending() {
      return runner.pending;
    },
  };
}

/** The deferral matching an answer: an update for a button's message edit, else a new message. */
function deferralFor(type: string, response: APIInteractionResponse): APIInteractionResponse {
  if (response.type === InteractionResponseType.UpdateMessage || (type === 'component' && response.type !== InteractionResponseType.ChannelMessageWithSource)) {
    return { type: InteractionResponseType.DeferredMessageUpdate };
  }
  const flags = response.type === InteractionResponseType.ChannelMessageWithSource ? response.data?.flags : undefined;
  return { type: InteractionResponseType.DeferredChannelMessageWithSource, ...(flags ? { data: { flags } } : {}) };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
