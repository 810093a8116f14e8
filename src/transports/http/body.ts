// Reads a request body with a byte cap. Past the cap it stops reading at once (the caller answers
// 413 and closes the connection), so a client cannot make the server buffer more than `limit`.
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; status: 400 | 413; reason: string };

/** Interactions are a few KiB; Discord's largest are far below this. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Refuses early on a Content-Length over the limit, then counts bytes as they arrive in case the
 * header lied or the body is chunked. Resolves once; never rejects.
 */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d{1,15}$/.test(declared)) return Promise.resolve({ ok: false, status: 400, reason: 'malformed Content-Length' });
    if (Number(declared) > limit) return Promise.resolve({ ok: false, status: 413, reason: 'body over the size limit' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish({ ok: false, status: 413, reason: 'body over the size limit' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, status: 400, reason: 'request body could not be read' });
    const onAborted = (): void => finish({ ok: false, status: 400, reason: 'request aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    // Left attached after settling: a reset arriving later must not become an uncaught 'error'.
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
