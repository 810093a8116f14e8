// Finishing a deferred answer: PATCH /webhooks/{application_id}/{token}/messages/@original, and
// Delete: DELETE on the same route (with a button's token, the message the button is on). The
// interaction token is the only credential these need (no bot token), valid for 15 minutes.
import type { EditOriginalBody } from '../../interactions/edit-original.ts';
import type { OutgoingFile } from '../../interactions/invocation.ts';
import type { Logger } from '../../log.ts';

export interface FollowUpApi {
  /** With files, the body goes as multipart/form-data: the JSON in payload_json, each file as files[n]. */
  editOriginal(applicationId: string, token: string, body: EditOriginalBody, files?: readonly OutgoingFile[]): Promise<void>;
  /** Throws when Discord does not delete it (a 404 once it is gone: not retried). */
  deleteOriginal(applicationId: string, token: string): Promise<void>;
}

/** Discord's multipart shape: payload_json names each file in `attachments` by its index. */
export function multipartBody(body: EditOriginalBody, files: readonly OutgoingFile[]): FormData {
  const form = new FormData();
  const attachments = files.map((f, i) => ({ id: String(i), filename: f.name, ...(f.description ? { description: f.description } : {}) }));
  form.append('payload_json', JSON.stringify({ ...body, attachments }));
  files.forEach((f, i) => form.append(`files[${i}]`, new Blob([f.data], { type: f.contentType ?? 'application/octet-stream' }), f.name));
  return form;
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
  const userAgent = 'DiscordBot (contested-figures-bot, 0.1.0)';
  const original = (applicationId: string, token: string) => `${base}/webhooks/${encodeURIComponent(applicationId)}/${encodeURIComponent(token)}/messages/@original`;

  /** One request to @original, retried on 429 and 5xx; `what` names it in the error. */
  async function call(url: string, init: () => RequestInit, what: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let wait = 250 * attempt;
      try {
        const res = await fetch(url, { ...init(), signal: AbortSignal.timeout(timeoutMs) });
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
        throw new Error(`${what} the original response failed (HTTP ${status || 'no response'})`);
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  return {
    editOriginal(applicationId, token, body, files) {
      const multipart = files !== undefined && files.length > 0;
      return call(
        original(applicationId, token),
        () => ({
          method: 'PATCH',
          // fetch sets the multipart boundary itself when the body is FormData.
          headers: multipart ? { 'user-agent': userAgent } : { 'content-type': 'application/json', 'user-agent': userAgent } as Record<string, string>,
          body: multipart ? multipartBody(body, files) : JSON.stringify(body),
        }),
        'editing',
      );
    },
    deleteOriginal(applicationId, token) {
      return call(original(applicationId, token), () => ({ method: 'DELETE', headers: { 'user-agent': userAgent } }), 'deleting');
    },
  };
}
