import { describe, expect, it } from 'vitest';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { createCatalog } from '../../src/catalog/catalog.ts';
import type { Invocation } from '../../src/interactions/invocation.ts';
import { isPureInvocation } from '../../src/transports/http/endpoint.ts';
import { cacheKey, cacheResponses } from '../../src/transports/http/response-cache.ts';
import { respond } from '../../src/interactions/dispatch.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { safe } from '../../src/interactions/runner.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';

const catalogA = createCatalog({ entities: [], sources: [], facts: [] });
const catalogB = createCatalog({ entities: [], sources: [], facts: [], version: 'b' });
const caller = (id: string, isModerator = false) => ({ id, isModerator });
const ask = (name: string, options: Record<string, string>, who = caller('1')): Invocation => ({ type: 'command', name, options, caller: who });

function counting() {
  let calls = 0;
  const respond = async (inv: Invocation, ctx: { catalog: typeof catalogA }): Promise<APIInteractionResponse> => {
    calls += 1;
    return { type: 4, data: { content: `${ctx.catalog.version} ${inv.type === 'component' ? inv.customId : inv.name} #${calls}` } };
  };
  return { respond, calls: () => calls };
}

describe('per-snapshot response cache', () => {
  it('answers a repeated pure question from memory, whoever asks', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation }).respond;
    const first = await cached(ask('casualties', { subject: 'coalition' }), { catalog: catalogA });
    const again = await cached(ask('casualties', { subject: 'coalition' }, caller('2', true)), { catalog: catalogA });
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(c.calls()).toBe(1);
    await cached(ask('casualties', { subject: 'airwars' }), { catalog: catalogA });
    expect(c.calls()).toBe(2);
  });

  it('a new snapshot (a reload) starts empty', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation }).respond;
    const a = await cached(ask('timeline', { subject: 'x' }), { catalog: catalogA });
    const b = await cached(ask('timeline', { subject: 'x' }), { catalog: catalogB });
    expect(a).not.toEqual(b);
    expect(c.calls()).toBe(2);
  });

  it('never caches /facts (it reads the store and the caller) or unknown commands', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation }).respond;
    for (let i = 0; i < 3; i++) await cached(ask('facts', {}, caller('1', true)), { catalog: catalogA });
    for (let i = 0; i < 2; i++) await cached(ask('nosuch', {}), { catalog: catalogA });
    expect(c.calls()).toBe(5);
    expect(isPureInvocation({ type: 'component', customId: 'run:timeline:subject=x', values: [], caller: caller('1') })).toBe(true);
    expect(isPureInvocation({ type: 'component', customId: 'garbage', values: [], caller: caller('1') })).toBe(false);
  });

  it('keeps at most maxEntries per snapshot, dropping the oldest', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: () => true, maxEntries: 2 }).respond;
    for (const q of ['a', 'b', 'c', 'c', 'b', 'a']) await cached(ask('fact', { query: q }), { catalog: catalogA });
    expect(c.calls()).toBe(4); // a, b, c, then a again (dropped when c arrived)
  });

  it('keys on everything but the caller', () => {
    const k = (inv: Invocation) => cacheKey(inv);
    expect(k(ask('fact', { query: 'x' }, caller('1')))).toBe(k(ask('fact', { query: 'x' }, caller('2', true))));
    expect(k(ask('fact', { query: 'x' }))).not.toBe(k(ask('fact', { query: 'y' })));
    expect(k(ask('fact', { query: 'x' }))).not.toBe(k({ type: 'autocomplete', name: 'fact', options: { query: 'x' }, focused: 'query', caller: caller('1') }));
    expect(k({ type: 'component', customId: 'pick:a:b:', values: ['1'], caller: caller('1') })).not.toBe(
      k({ type: 'component', customId: 'pick:a:b:', values: ['2'], caller: caller('1') }),
    );
  });

  it('gives the remembered JSON only for a same-valued copy of the remembered answer', async () => {
    const c = counting();
    const cache = cacheResponses(c.respond, { isPure: isPureInvocation });
    const inv = ask('casualties', { subject: 'coalition' });
    const answer = await cache.respond(inv, { catalog: catalogA });
    const json = JSON.stringify(answer);
    expect(cache.serialized(inv, answer)).toBe(json);
    // The runner's copy: allowed_mentions pinned to a fresh { parse: [] }.
    const pinned = (r: any) => ({ ...r, data: { ...r.data, allowed_mentions: { parse: [] } } });
    expect(cache.serialized(inv, pinned(answer))).toBeUndefined(); // the original had no allowed_mentions: the text differs
    const safeAnswer = await cacheResponses(async () => ({ type: 4, data: { content: 'x', allowed_mentions: { parse: [] } } }), { isPure: () => true }).respond(inv, { catalog: catalogA });
    const cache2 = cacheResponses(async () => safeAnswer, { isPure: () => true });
    await cache2.respond(inv, { catalog: catalogA });
    expect(cache2.serialized(inv, pinned(safeAnswer))).toBe(JSON.stringify(pinned(safeAnswer)));
    // Anything else misses: a refusal, another question, a different value, a non-pure command.
    expect(cache2.serialized(inv, { type: 4, data: { content: 'slow down', flags: 64 } })).toBeUndefined();
    expect(cache2.serialized(inv, { ...pinned(safeAnswer), data: { ...pinned(safeAnswer).data, content: 'y' } })).toBeUndefined();
    expect(cache2.serialized(ask('casualties', { subject: 'other' }), pinned(safeAnswer))).toBeUndefined();
    expect(cache.serialized(ask('facts', {}), answer)).toBeUndefined();
  });

  it('real answers, as the runner copies them, are served as the very JSON they would serialise to', async () => {
    const catalog = fixtureCatalog();
    const ctx = { catalog, index: buildSearchIndex(catalog) };
    const cache = cacheResponses(respond, { isPure: isPureInvocation });
    const questions: Invocation[] = [
      ask('casualties', { subject: 'coalition' }),
      ask('timeline', { subject: 'airwars' }),
      ask('source', { name: 'kuna' }),
      ask('about', {}),
      ask('casualties', { subject: 'nothing like it' }),
      { type: 'autocomplete', name: 'casualties', options: { subject: 'co' }, focused: 'subject', caller: caller('1') },
    ];
    for (const inv of questions) {
      const copy = safe(await cache.respond(inv, ctx));
      const json = cache.serialized(inv, copy);
      expect(json, JSON.stringify(inv)).toBeDefined();
      expect(json).toBe(JSON.stringify(copy));
    }
  });
});
