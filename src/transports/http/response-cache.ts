// Answers to the core look-up commands are pure functions of the catalog snapshot and the
// invocation (CoreCommand's contract in src/commands/types.ts: synchronous and pure, no caller, no
// clock), so an instance can remember them per snapshot. The cache hangs off the immutable Catalog
// object in a WeakMap: a reload swaps the snapshot and the old answers go with it, and nothing is
// shared between instances, so the endpoint stays stateless beyond the catalog.
import type { APIInteractionResponse } from 'discord-api-types/v10';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Invocation } from '../../interactions/invocation.ts';
import type { Respond } from './handler.ts';

export interface ResponseCacheOptions {
  /** True only for invocations whose answer depends on nothing but the snapshot and the invocation. */
  isPure(invocation: Invocation): boolean;
  /** Answers kept per snapshot; the oldest are dropped first. */
  maxEntries?: number;
}

export interface ResponseCache<Ctx> {
  /** The dispatcher, answering pure invocations from memory after the first time. */
  readonly respond: Respond<Ctx>;
  /**
   * The JSON text of `response` when it is (a shallow copy of) the remembered answer to
   * `invocation`, so a hit is not serialised again; undefined otherwise. The runner copies answers
   * (it pins allowed_mentions), so this checks field by field that the copy holds the very same
   * values, and anything else (a refusal, an apology, an answer from a newer snapshot) misses.
   */
  serialized(invocation: Invocation, response: APIInteractionResponse): string | undefined;
}

interface Entry {
  readonly response: APIInteractionResponse;
  readonly json: string;
}

export function cacheResponses<Ctx extends { readonly catalog: Catalog }>(respond: Respond<Ctx>, options: ResponseCacheOptions): ResponseCache<Ctx> {
  const max = Math.max(1, options.maxEntries ?? 2_000);
  const bySnapshot = new WeakMap<Catalog, Map<string, Entry>>();
  let latest: Map<string, Entry> | undefined;
  return {
    async respond(invocation, ctx) {
      if (!options.isPure(invocation)) return respond(invocation, ctx);
      let cache = bySnapshot.get(ctx.catalog);
      if (!cache) {
        cache = new Map();
        bySnapshot.set(ctx.catalog, cache);
      }
      latest = cache;
      const key = cacheKey(invocation);
      const hit = cache.get(key);
      if (hit) return hit.response;
      const response = deepFreeze(await respond(invocation, ctx));
      cache.set(key, { response, json: JSON.stringify(response) });
      if (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return response;
    },
    serialized(invocation, response) {
      if (!latest || !options.isPure(invocation)) return undefined;
      const entry = latest.get(cacheKey(invocation));
      return entry && sameJson(entry.response, response) ? entry.json : undefined;
    },
  };
}

/**
 * True when `copy` serialises exactly as `original`: the same keys in the same order holding the
 * same values (by identity), one level into `data`. allowed_mentions may be a fresh object equal
 * to { parse: [] } on both sides, which is what the runner pins.
 */
function sameJson(original: APIInteractionResponse, copy: APIInteractionResponse): boolean {
  if (original === copy) return true;
  if (!sameFields(original as object, copy as object, 'data')) return false;
  const a = (original as { data?: object }).data;
  const b = (copy as { data?: object }).data;
  return a === b || (a !== undefined && b !== undefined && sameFields(a, b, 'allowed_mentions'));
}

function sameFields(a: object, b: object, nested: string): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i]) return false;
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (va === vb || k === nested) continue;
    return false;
  }
  if (nested === 'allowed_mentions') {
    const ma = (a as Record<string, unknown>).allowed_mentions;
    const mb = (b as Record<string, unknown>).allowed_mentions;
    return ma === mb || (isNoMentions(ma) && isNoMentions(mb));
  }
  return true;
}

function isNoMentions(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const keys = Object.keys(v);
  const parse = (v as { parse?: unknown }).parse;
  return keys.length === 1 && keys[0] === 'parse' && Array.isArray(parse) && parse.length === 0;
}

const keys = new WeakMap<Invocation, string>();

/** Everything the answer may depend on, and nothing about who asked. Computed once per invocation. */
export function cacheKey(invocation: Invocation): string {
  let key = keys.get(invocation);
  if (key === undefined) {
    key = computeKey(invocation);
    keys.set(invocation, key);
  }
  return key;
}

function computeKey(invocation: Invocation): string {
  switch (invocation.type) {
    case 'command':
      return JSON.stringify(['c', invocation.name, invocation.subcommand ?? null, Object.entries(invocation.options)]);
    case 'autocomplete':
      return JSON.stringify(['a', invocation.name, invocation.subcommand ?? null, invocation.focused, Object.entries(invocation.options)]);
    case 'component':
      return JSON.stringify(['m', invocation.customId, invocation.values]);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
