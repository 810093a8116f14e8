import { describe, expect, it } from 'vitest';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { createCatalog } from '../../src/catalog/catalog.ts';
import type { Invocation } from '../../src/interactions/invocation.ts';
import { isPureInvocation } from '../../src/transports/http/endpoint.ts';
import { cacheKey, cacheResponses } from '../../src/transports/http/response-cache.ts';

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
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation });
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
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation });
    const a = await cached(ask('timeline', { subject: 'x' }), { catalog: catalogA });
    const b = await cached(ask('timeline', { subject: 'x' }), { catalog: catalogB });
    expect(a).not.toEqual(b);
    expect(c.calls()).toBe(2);
  });

  it('never caches /facts (it reads the store and the caller) or unknown commands', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: isPureInvocation });
    for (let i = 0; i < 3; i++) await cached(ask('facts', {}, caller('1', true)), { catalog: catalogA });
    for (let i = 0; i < 2; i++) await cached(ask('nosuch', {}), { catalog: catalogA });
    expect(c.calls()).toBe(5);
    expect(isPureInvocation({ type: 'component', customId: 'run:timeline:subject=x', values: [], caller: caller('1') })).toBe(true);
    expect(isPureInvocation({ type: 'component', customId: 'garbage', values: [], caller: caller('1') })).toBe(false);
  });

  it('keeps at most maxEntries per snapshot, dropping the oldest', async () => {
    const c = counting();
    const cached = cacheResponses(c.respond, { isPure: () => true, maxEntries: 2 });
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
});
