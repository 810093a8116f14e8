// Answering one interaction, whichever transport it arrived by, within Discord's 3 seconds: rate limit,
// run the shared dispatcher, and either send its answer at once or, when it is slow (or known to
// be slow), send a deferral and edit the original response when the answer is ready. The wire
// calls are behind `Wire`, so this is the same code whether discord.js or a test sends them.
import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import type { Invocation, Outgoing, OutgoingFile } from './invocation.ts';
import { editBodyFromResponse, type EditOriginalBody } from './edit-original.ts';
import type { Outcome } from '../live/metrics.ts';
import type { RateDecision } from '../live/rate-limit.ts';
import type { Logger } from '../log.ts';

export type { Outcome };

/** The calls an interaction token allows us (no bot token needed for any). */
export interface Wire {
  /** POST /interactions/{id}/{token}/callback (multipart with payload_json when there are files) */
  callback(response: APIInteractionResponse, files?: readonly OutgoingFile[]): Promise<void>;
  /** PATCH /webhooks/{application_id}/{token}/messages/@original */
  editOriginal(body: EditOriginalBody, files?: readonly OutgoingFile[]): Promise<void>;
  /** DELETE /webhooks/{application_id}/{token}/messages/@original (for a button: the message it is on) */
  deleteOriginal(): Promise<void>;
}

export type Dispatch = (invocation: Invocation) => Promise<Outgoing> | Outgoing;

export interface RunnerOptions {
  dispatch: Dispatch;
  logger: Logger;
  /** Commands and components; autocomplete has its own, more generous, bucket. In memory, or shared through Redis (async). */
  limiter?: Limiter;
  autocompleteLimiter?: Limiter;
  /** Answer with a deferral when the dispatcher has not finished after this long (from receipt). */
  deferAfterMs?: number;
  /** Invocations known to be slow are deferred at once. */
  deferUpfront?: (invocation: Invocation) => { ephemeral: boolean } | undefined;
  /** Told how each interaction ended and how long it took (for the metrics); must not throw. */
  onFinished?: (invocation: Invocation, finished: Finished) => void;
}

export interface Limiter {
  take(key: string): RateDecision | Promise<RateDecision>;
}

export interface Finished {
  readonly outcome: Outcome;
  /** From receipt to Discord accepting the first response; absent when none was accepted. */
  readonly respondedMs?: number;
  /** From receipt to the end: the answer delivered, or given up. */
  readonly totalMs: number;
}

export interface Runner {
  run(invocation: Invocation, wire: Wire, receivedAt?: number): Promise<void>;
  /** Resolves when every interaction started so far has been answered (or has failed). */
  drain(): Promise<void>;
  readonly pending: number;
}

export const FAILED_MESSAGE = 'Sorry, something went wrong while answering. Please try again in a moment.';
export const DEFAULT_DEFER_AFTER_MS = 2_000;

export function rateLimitedMessage(retryAfterMs: number): string {
  const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking faster than I can answer. Please wait ${s} second${s === 1 ? '' : 's'} and try again.`;
}

export function createRunner(options: RunnerOptions): Runner {
  const { logger } = options;
  const deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const pending = new Set<Promise<void>>();

  async function run(invocation: Invocation, wire: Wire, receivedAt: number, timing: { respondedAt?: number }): Promise<Outcome> {
    const what = describe(invocation);
    const send = async (response: APIInteractionResponse, files?: readonly OutgoingFile[]): Promise<boolean> => {
      const ok = await sendFirst(wire, response, what, files);
      if (ok) timing.respondedAt ??= Date.now();
      return ok;
    };
    const limiter = invocation.type === 'autocomplete' ? options.autocompleteLimiter : options.limiter;
    const allowed = (await limiter?.take(invocation.caller.id)) ?? { ok: true as const };
    if (!allowed.ok) {
      logger.info('rate limited', { ...what, user: invocation.caller.id, retryAfterMs: allowed.retryAfterMs });
      const refusal: APIInteractionResponse =
        invocation.type === 'autocomplete'
          ? { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }
          : ephemeral(rateLimitedMessage(allowed.retryAfterMs));
      return (await send(refusal)) ? 'rate_limited' : 'undelivered';
    }

    const upfront = invocation.type === 'autocomplete' ? undefined : options.deferUpfront?.(invocation);
    const work = Promise.resolve().then(() => options.dispatch(invocation));
    const budget = Math.max(0, deferAfterMs - (Date.now() - receivedAt));
    const outcome = upfront ? ({ done: false } as const) : await settleWithin(work, budget);

    if (outcome.done) {
      if (outcome.ok) {
        if (!(await send(safe(outcome.value.body), outcome.value.files))) return 'undelivered';
        const removal = outcome.value.deleteOriginal;
        return removal && !(await removeOriginal(wire, removal.fallback, what)) ? 'undelivered' : 'answered';
      }
      logger.error('dispatcher failed', { ...what, error: outcome.error });
      return (await send(failureResponse(invocation))) ? 'failed' : 'undelivered';
    }
    if (invocation.type === 'autocomplete') {
      // Autocomplete cannot be deferred; no suggestions beats "loading options failed".
      logger.warn('autocomplete too slow; answered with no choices', what);
      void work.catch(() => undefined);
      return (await send({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } })) ? 'too_slow' : 'undelivered';
    }
    logger.debug('deferring', { ...what, upfront: upfront !== undefined });
    const deferred = await send(deferral(invocation, upfront?.ephemeral ?? false));
    if (!deferred) {
      void work.catch(() => undefined);
      return 'undelivered';
    }
    let failed = false;
    const out = await work.catch((error: unknown): Outgoing => {
      logger.error('dispatcher failed after deferral', { ...what, error });
      failed = true;
      return { body: failureResponse(invocation) };
    });
    if (out.deleteOriginal) return (await removeOriginal(wire, out.deleteOriginal.fallback, what)) ? 'deferred' : 'undelivered';
    try {
      await wire.editOriginal(editBodyFromResponse(safe(out.body)), out.files);
    } catch (error) {
      logger.error('could not finish a deferred answer', { ...what, error });
      return 'undelivered';
    }
    return failed ? 'failed' : 'deferred';
  }

  /**
   * Deletes the message a button is on, once its deferred update is accepted. When Discord will not
   * (a 404: someone deleted it first; a 403; the token expired), the message is edited to the
   * removed notice instead, so it is emptied either way. False when neither call went through.
   */
  async function removeOriginal(wire: Wire, fallback: APIInteractionResponse, what: Record<string, unknown>): Promise<boolean> {
    try {
      await wire.deleteOriginal();
      logger.info('deleted a message', what);
      return true;
    } catch (error) {
      logger.warn('could not delete the message; editing it to the removed notice instead', { ...what, error });
    }
    try {
      await wire.editOriginal(editBodyFromResponse(safe(fallback)));
      return true;
    } catch (error) {
      logger.error('could neither delete nor edit the message', { ...what, error });
      return false;
    }
  }

  /** Sends an initial response; a REST failure is logged, never thrown. */
  async function sendFirst(wire: Wire, response: APIInteractionResponse, what: Record<string, unknown>, files?: readonly OutgoingFile[]): Promise<boolean> {
    try {
      await (files && files.length > 0 ? wire.callback(response, files) : wire.callback(response));
      return true;
    } catch (error) {
      logger.error('interaction callback failed', { ...what, type: response.type, error });
      return false;
    }
  }

  function finished(invocation: Invocation, outcome: Outcome, receivedAt: number, timing: { respondedAt?: number }): void {
    if (!options.onFinished) return;
    const done = Date.now();
    try {
      options.onFinished(invocation, { outcome, totalMs: done - receivedAt, ...(timing.respondedAt !== undefined ? { respondedMs: timing.respondedAt - receivedAt } : {}) });
    } catch (error) {
      logger.warn('counting an interaction failed', { error });
    }
  }

  return {
    run(invocation, wire, receivedAt = Date.now()) {
      const timing: { respondedAt?: number } = {};
      const p = run(invocation, wire, receivedAt, timing).then(
        (outcome) => finished(invocation, outcome, receivedAt, timing),
        (error: unknown) => {
          logger.error('interaction handler crashed', { ...describe(invocation), error });
          finished(invocation, 'failed', receivedAt, timing);
        },
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
      return p;
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    get pending() {
      return pending.size;
    },
  };
}

/** Mentions are never parsed, whatever the dispatcher's answer says or forgets to say. */
export function safe(response: APIInteractionResponse): APIInteractionResponse {
  if (
    (response.type === InteractionResponseType.ChannelMessageWithSource || response.type === InteractionResponseType.UpdateMessage) &&
    response.data !== undefined
  ) {
    return { ...response, data: { ...response.data, allowed_mentions: { parse: [] } } } as APIInteractionResponse;
  }
  return response;
}

function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

function failureResponse(invocation: Invocation): APIInteractionResponse {
  if (invocation.type === 'autocomplete') return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
  return ephemeral(FAILED_MESSAGE);
}

function deferral(invocation: Invocation, ephemeralReply: boolean): APIInteractionResponse {
  if (invocation.type === 'component') return { type: InteractionResponseType.DeferredMessageUpdate };
  // A modal submit may come from a slash command, where there is no message to update.
  return ephemeralReply
    ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }
    : { type: InteractionResponseType.DeferredChannelMessageWithSource };
}

function describe(invocation: Invocation): Record<string, unknown> {
  if (invocation.type === 'component' || invocation.type === 'modal') return { interaction: invocation.type, customId: invocation.customId };
  return { interaction: invocation.type, command: invocation.name, ...(invocation.subcommand ? { subcommand: invocation.subcommand } : {}) };
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
