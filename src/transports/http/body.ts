// Reads a request body with a byte cap. Past the cap it stops reading at once (the caller answers
// 413 and closes the connection), so a client cannot make the server buffer more than `limit`.
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; status: 400 | 413; reason: string };

/** Interactions are a few KiB; Discord's largest are far below this. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const TOO_LARGE: BodyResult = { ok: false, status: 413, reason: 'body over the size limit' };
const UNREADABLE: BodyResult = { ok: false, status: 400, reason: 'request body could not be read' };

/**
 * Refuses early on a Content-Length over the limit, then counts bytes as they arrive in case the
 * header lied or the body is chunked. Resolves once; never rejects. (On the hot path: the
 * listeners are inline arrows, and later events after settling are ignored, not unsubscribed.)
 */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d{1,15}$/.test(declared)) return Promise.resolve({ ok: false, status: 400, reason: 'malformed Content-Length' });
    if (Number(declared) > limit) return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      req.pause();
      resolve(TOO_LARGE);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    });
    // Stays attached after settling: a reset arriving later must not become an uncaught 'error'.
    req.on('error', () => {
      if (settled) return;
      settled = true;
      resolve(UNREADABLE);
    });
    req.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(UNREADABLE);
    });
  });
}
