// Server-side state for buttons and menus whose custom_id would pass Discord's 100 characters
// (a long query, a long pick). The id becomes `st:<key>`; the full id is kept here for a while, and
// a click after that says so instead of the button silently vanishing when it was made. Bounded in
// entries; in memory, so behind a load balancer only the instance that made it can answer it (a
// click elsewhere gets the same "expired" message).
import { randomBytes } from 'node:crypto';
import { STORED_PREFIX, type Stash } from '../render/custom-id.ts';

export interface ButtonState {
  readonly stash: Stash;
  /** The full custom_id a short one stands for, or undefined when unknown or expired. */
  get(key: string): string | undefined;
  readonly size: number;
  readonly ttlMs: number;
}

export interface ButtonStateOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export const DEFAULT_BUTTON_STATE_TTL_MS = 15 * 60_000;

export function createButtonState(options: ButtonStateOptions = {}): ButtonState {
  const ttlMs = options.ttlMs ?? DEFAULT_BUTTON_STATE_TTL_MS;
  const max = Math.max(1, options.maxEntries ?? 10_000);
  const now = options.now ?? Date.now;
  // Insertion order is expiry order (one TTL for all), so the oldest entry is always first.
  const entries = new Map<string, { id: string; expires: number }>();
  const sweep = (t: number): void => {
    for (const [k, e] of entries) {
      if (e.expires > t && entries.size <= max) break;
      entries.delete(k);
    }
  };
  return {
    ttlMs,
    stash(customId) {
      const t = now();
      const key = randomBytes(12).toString('base64url');
      entries.set(key, { id: customId, expires: t + ttlMs });
      sweep(t);
      return `${STORED_PREFIX}${key}`;
    },
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return e.id;
    },
    get size() {
      return entries.size;
    },
  };
}
