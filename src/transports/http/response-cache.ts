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

export function cacheResponses<Ctx extends { readonly catalog: Catalog }>(respond: Respond<Ctx>, options: ResponseCacheOptions): Respond<Ctx> {
  const max = Math.max(1, options.maxEntries ?? 2_000);
  const bySnapshot = new WeakMap<Catalog, Map<string, APIInteractionResponse>>();
  return async (invocation, ctx) => {
    if (!options.isPure(invocation)) return respond(invocation, ctx);
    let cache = bySnapshot.get(ctx.catalog);
    if (!cache) {
      cache = new Map();
      bySnapshot.set(ctx.catalog, cache);
    }
    const key = cacheKey(invocation);
    const hit = cache.get(key);
    if (hit) return hit;
    const response = deepFreeze(await respond(invocation, ctx));
    cache.set(key, response);
    if (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return response;
  };
}

/** Everything the answer may depend on, and nothing about who asked. */
export function cacheKey(invocation: Invocation): string {
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
