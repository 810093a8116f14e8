// The Interactions Endpoint as a plain node:http listener: route, verify, parse, dispatch, reply.
// It keeps no state between requests beyond what getState() returns (the current catalog), so any
// number of instances can sit behind a load balancer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import {
  InteractionResponseType,
  MessageFlags,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import type { Invocation } from '../../interactions/invocation.ts';
import { readBody, DEFAULT_BODY_LIMIT } from './body.ts';
import { editBodyFromResponse, type FollowUpApi } from './followup.ts';
import { parseInteraction } from './interaction.ts';
import type { Logger } from './logger.ts';
import { isFresh, parseSignatureHeaders, verifySignature } from './signature.ts';

export type Respond<Ctx> = (invocation: Invocation, ctx: Ctx) => Promise<APIInteractionResponse> | APIInteractionResponse;

export interface InteractionsHandlerOptions<Ctx> {
  publicKey: KeyObject;
  /** The current immutable state (catalog, index); read once per request. */
  getState: () => Ctx;
  /** The dispatcher every transport shares. */
  respond: Respond<Ctx>;
  api: FollowUpApi;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for timestamp tests. */
  now?: () => number;
  moderatorRoleIds?: Iterable<string>;
  bodyLimit?: number;
  /**
   * Discord waits 3 s for the first response. Work still running after this long is answered with
   * a deferral and finished by a follow-up edit.
   */
  deferAfterMs?: number;
  /** Invocations known to be slow (a reload) are deferred at once, with the visibility given. */
  deferUpfront?: (invocation: Invocation) => { ephemeral: boolean } | undefined;
  /** Extra fields for GET /healthz (catalog version, fact count). */
  health?: () => Record<string, unknown>;
}

export interface InteractionsHandler {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves when every follow-up started so far has finished (for graceful shutdown). */
  drain(): Promise<void>;
  /** Follow-ups still running. */
  readonly pendingFollowUps: number;
}

export const INTERACTIONS_PATHS: ReadonlySet<string> = new Set(['/', '/interactions']);
export const HEALTH_PATH = '/healthz';
const DEFAULT_DEFER_AFTER_MS = 2_000;

const FAILED_MESSAGE = 'Sorry, something went wrong while answering. Please try again in a moment.';

export function createInteractionsHandler<Ctx>(options: InteractionsHandlerOptions<Ctx>): InteractionsHandler {
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const moderatorRoleIds = new Set(options.moderatorRoleIds ?? []);
  const { logger } = options;
  const pending = new Set<Promise<void>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === HEALTH_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return reply(res, 200, { status: 'ok', ...options.health?.() });
    }
    if (!INTERACTIONS_PATHS.has(path)) return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed' }, { allow: 'POST' });

    // Cheap refusals first: a forged request costs no body read and no crypto.
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

    const { invocation, followUp } = parsed;
    const ctx = options.getState();
    const upfront = invocation.type === 'autocomplete' ? undefined : options.deferUpfront?.(invocation);
    const work = Promise.resolve().then(() => options.respond(invocation, ctx));
    const outcome = upfront ? ({ done: false } as const) : await settleWithin(work, deferAfterMs);

    if (outcome.done) {
      if (outcome.ok) return reply(res, 200, outcome.value);
      logger.error('dispatcher failed', describe(invocation, outcome.error));
      return reply(res, 200, failureResponse(invocation));
    }

    if (invocation.type === 'autocomplete') {
      // Autocomplete cannot be deferred; an empty list is better than "interaction failed".
      logger.warn('autocomplete too slow; answered with no choices', describe(invocation));
      void work.catch(() => undefined);
      return reply(res, 200, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
    }
    reply(res, 200, deferral(invocation, upfront?.ephemeral ?? false));
    track(
      work
        .catch((err: unknown) => {
          logger.error('dispatcher failed after deferral', describe(invocation, err));
          return failureResponse(invocation);
        })
        .then((response) => options.api.editOriginal(followUp.applicationId, followUp.token, editBodyFromResponse(response)))
        .catch((err: unknown) => logger.error('could not finish a deferred answer', describe(invocation, err))),
    );
  }

  function track(p: Promise<void>): void {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  function unauthorized(res: ServerResponse, reason: string): void {
    logger.debug('refused an unsigned or forged request', { reason });
    reply(res, 401, { error: 'invalid request signature' });
  }

  return {
    listener(req, res) {
      handle(req, res).catch((err: unknown) => {
        logger.error('request handler crashed', { error: String(err) });
        if (!res.headersSent) reply(res, 500, { error: 'internal error' }, { connection: 'close' });
        else res.destroy();
      });
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    get pendingFollowUps() {
      return pending.size;
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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

type Settled<T> = { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown } | { done: false };

function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ done: false }), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve({ done: true, ok: true, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ done: true, ok: false, error });
      },
    );
  });
}

function deferral(invocation: Invocation, ephemeral: boolean): APIInteractionResponse {
  if (invocation.type === 'component') return { type: InteractionResponseType.DeferredMessageUpdate };
  return ephemeral
    ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }
    : { type: InteractionResponseType.DeferredChannelMessageWithSource };
}

function failureResponse(invocation: Invocation): APIInteractionResponse {
  if (invocation.type === 'autocomplete') {
    return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
  }
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: FAILED_MESSAGE, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

function describe(invocation: Invocation, error?: unknown): Record<string, unknown> {
  const what = invocation.type === 'component' ? invocation.customId : invocation.name;
  return { interaction: invocation.type, what, ...(error === undefined ? {} : { error: String(error) }) };
}
