// Finishing a deferred answer: PATCH /webhooks/{application_id}/{token}/messages/@original. The
// interaction token is the only credential this needs (no bot token), valid for 15 minutes.
import type { EditOriginalBody } from '../../interactions/edit-original.ts';
import type { Logger } from '../../log.ts';

export interface FollowUpApi {
  editOriginal(applicationId: string, token: string, body: EditOriginalBody): Promise<void>;
}

export interface RestFollowUpOptions {
  /** DISCORD_API_URL without the version, e.g. https://discord.com/api. */
  apiUrl: string;
  logger: Logger;
  timeoutMs?: number;
  /** Attempts in all, counting the first; 429 and 5xx are retried. */
  attempts?: number;
  /** Longest wait honoured from a 429's retry_after. */
  maxRetryAfterMs?: number;
}

export function createRestFollowUps(options: RestFollowUpOptions): FollowUpApi {
  const base = `${options.apiUrl.replace(/\/+$/, '')}/v10`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  return {
    async editOriginal(applicationId, token, body) {
      const url = `${base}/webhooks/${encodeURIComponent(applicationId)}/${encodeURIComponent(token)}/messages/@original`;
      for (let attempt = 1; ; attempt++) {
        let status: number;
        let wait = 250 * attempt;
        try {
          const res = await fetch(url, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', 'user-agent': 'DiscordBot (contested-figures-bot, 0.1.0)' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = res.status;
          if (res.ok) {
            await res.body?.cancel();
            return;
          }
          if (status === 429) {
            const payload = (await res.json().catch(() => ({}))) as { retry_after?: unknown };
            if (typeof payload.retry_after === 'number') wait = Math.ceil(payload.retry_after * 1000);
          } else {
            await res.body?.cancel();
          }
        } catch (err) {
          status = 0;
          options.logger.warn('follow-up request failed', { attempt, error: err });
        }
        const retryable = status === 0 || status === 429 || status >= 500;
        if (!retryable || attempt >= attempts || wait > maxRetryAfterMs) {
          throw new Error(`editing the original response failed (HTTP ${status || 'no response'})`);
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    },
  };
}
