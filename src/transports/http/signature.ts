// Discord signs every request it POSTs to an Interactions Endpoint with the application's Ed25519
// key: the signature covers X-Signature-Timestamp followed by the raw body. Discord tests the
// endpoint with forged signatures and removes it if any is accepted, so everything here refuses by
// default. The maths is node:crypto's; this file only parses headers and never compares bytes itself.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Discord's timestamps are Unix seconds; we accept this much clock difference either way. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;
const PUBLIC_KEY_HEX = /^[0-9a-fA-F]{64}$/;
/** Digits only; 1–12 of them is ample for Unix seconds and keeps Number() exact. */
const TIMESTAMP_DIGITS = /^\d{1,12}$/;

/** Builds the key once at start. Throws on anything but 64 hex characters (config validates first). */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!PUBLIC_KEY_HEX.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type SignatureHeaders = { ok: true; signature: Buffer; timestamp: string } | { ok: false; reason: string };

/**
 * Checks the two headers' shape only. A header sent twice arrives as an array (or joined by
 * Node); either way it is not one well-formed value and is refused.
 */
export function parseSignatureHeaders(signature: unknown, timestamp: unknown): SignatureHeaders {
  if (typeof signature !== 'string' || signature === '') return { ok: false, reason: 'missing X-Signature-Ed25519' };
  if (typeof timestamp !== 'string' || timestamp === '') return { ok: false, reason: 'missing X-Signature-Timestamp' };
  if (!SIGNATURE_HEX.test(signature)) return { ok: false, reason: 'malformed X-Signature-Ed25519' };
  if (!TIMESTAMP_DIGITS.test(timestamp)) return { ok: false, reason: 'malformed X-Signature-Timestamp' };
  return { ok: true, signature: Buffer.from(signature, 'hex'), timestamp };
}

/** True when the signed timestamp is within the allowed skew of `nowMs`. */
export function isFresh(timestamp: string, nowMs: number, skewSeconds = MAX_CLOCK_SKEW_SECONDS): boolean {
  const seconds = Number(timestamp);
  return Number.isSafeInteger(seconds) && Math.abs(nowMs / 1000 - seconds) <= skewSeconds;
}

/** Ed25519 verification of timestamp + body; never throws. */
export function verifySignature(key: KeyObject, signature: Buffer, timestamp: string, body: Buffer): boolean {
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, signature);
  } catch {
    return false;
  }
}
