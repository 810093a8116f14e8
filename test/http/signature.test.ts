import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import { isFresh, parseSignatureHeaders, publicKeyFromHex, verifySignature } from '../../src/transports/http/signature.ts';
import { readBody } from '../../src/transports/http/body.ts';
import { createTestSigner } from './signing.ts';

const signer = createTestSigner();
const other = createTestSigner();
const key = publicKeyFromHex(signer.publicKeyHex);
const NOW = 1_760_000_000_000;
const nowSeconds = String(NOW / 1000);

function check(body: Buffer, headers: Record<string, string>, k = key, now = NOW): boolean {
  const parsed = parseSignatureHeaders(headers['x-signature-ed25519'], headers['x-signature-timestamp']);
  return parsed.ok && isFresh(parsed.timestamp, now) && verifySignature(k, parsed.signature, parsed.timestamp, body);
}

describe('signature headers and verification', () => {
  it('accepts exactly what was signed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const body = Buffer.from(bytes);
        expect(check(body, signer.headers(body, nowSeconds))).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });

  it('refuses any change to the body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        const body = Buffer.from(bytes);
        const headers = signer.headers(body, nowSeconds);
        const tampered = Buffer.from(body);
        const i = at % tampered.length;
        tampered[i] = (tampered[i] ?? 0) ^ xor;
        expect(check(tampered, headers)).toBe(false);
        expect(check(Buffer.concat([body, Buffer.from(' ')]), headers)).toBe(false);
      }),
      { numRuns: runs(200) },
    );
  });

  it('refuses any change to the signature or the signed timestamp', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), fc.nat({ max: 127 }), fc.integer({ min: 1, max: 60 }), (text, at, delta) => {
        const body = Buffer.from(text);
        const headers = signer.headers(body, nowSeconds);
        const sig = headers['x-signature-ed25519']!;
        const flipped = sig.slice(0, at) + (sig[at] === '0' ? '1' : '0') + sig.slice(at + 1);
        expect(check(body, { ...headers, 'x-signature-ed25519': flipped })).toBe(false);
        // Same signature presented with another (still fresh) timestamp.
        expect(check(body, { ...headers, 'x-signature-timestamp': String(NOW / 1000 + delta) })).toBe(false);
      }),
      { numRuns: runs(200) },
    );
  });

  it('refuses a signature made with another key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const body = Buffer.from(text);
        expect(check(body, other.headers(body, nowSeconds))).toBe(false);
      }),
      { numRuns: runs(100) },
    );
  });

  it('refuses signature headers that are not exactly 128 hex characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const parsed = parseSignatureHeaders(s, nowSeconds);
        expect(parsed.ok).toBe(/^[0-9a-fA-F]{128}$/.test(s));
      }),
      { numRuns: runs(500) },
    );
    for (const bad of [undefined, ['a'.repeat(128)], 'a'.repeat(127), 'a'.repeat(129), 'g'.repeat(128), ` ${'a'.repeat(127)}`]) {
      expect(parseSignatureHeaders(bad, nowSeconds).ok).toBe(false);
    }
  });

  it('refuses timestamps that are not plain digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (t) => {
        expect(parseSignatureHeaders('a'.repeat(128), t).ok).toBe(/^\d{1,12}$/.test(t));
      }),
      { numRuns: runs(500) },
    );
    for (const bad of ['', '-1', '1e9', '0x10', '1760000000.5', ' 1760000000', '１７６']) {
      expect(parseSignatureHeaders('a'.repeat(128), bad).ok).toBe(false);
    }
  });

  it('accepts timestamps within five minutes either way, and nothing further', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (offset) => {
        expect(isFresh(String(NOW / 1000 + offset), NOW)).toBe(Math.abs(offset) <= 300);
      }),
      { numRuns: runs(500) },
    );
  });

  it('rejects a malformed public key at start', () => {
    expect(() => publicKeyFromHex('00')).toThrow(/64 hexadecimal/);
    expect(() => publicKeyFromHex('z'.repeat(64))).toThrow(/64 hexadecimal/);
  });
});

function fakeRequest(chunks: Buffer[], contentLength?: string): IncomingMessage {
  const stream = Readable.from(chunks, { objectMode: false }) as unknown as IncomingMessage;
  (stream as { headers: Record<string, string> }).headers = contentLength === undefined ? {} : { 'content-length': contentLength };
  return stream;
}

describe('body limit', () => {
  it('returns bodies up to the limit whole, and refuses anything longer with 413', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4096 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 12 }),
        fc.boolean(),
        async (limit, sizes, declare) => {
          const chunks = sizes.map((n, i) => Buffer.alloc(n, i % 256));
          const total = sizes.reduce((a, b) => a + b, 0);
          const result = await readBody(fakeRequest(chunks, declare ? String(total) : undefined), limit);
          if (total <= limit) {
            expect(result).toEqual({ ok: true, body: Buffer.concat(chunks) });
          } else {
            expect(result).toMatchObject({ ok: false, status: 413 });
          }
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    let pulled = false;
    const req = new Readable({
      read() {
        pulled = true;
        this.push(null);
      },
    }) as unknown as IncomingMessage;
    (req as { headers: Record<string, string> }).headers = { 'content-length': '100000' };
    expect(await readBody(req, 65536)).toMatchObject({ ok: false, status: 413 });
    expect(pulled).toBe(false);
  });

  it('refuses a malformed Content-Length with 400', async () => {
    for (const bad of ['-1', 'abc', '1e3', '']) {
      expect(await readBody(fakeRequest([], bad), 100)).toMatchObject({ ok: false, status: 400 });
    }
  });
});
