// The endpoint through a real HTTP server on 127.0.0.1, with a stub dispatcher: everything about
// transport (signatures, limits, routing, deferral, rate limit) and nothing about answers. Deferred
// answers are PATCHed to the Discord stand-in, which records them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { startHttpServer, type RunningHttpServer } from '../../src/transports/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import { createRateLimiter } from '../../src/live/rate-limit.ts';
import { createRunner, type RunnerOptions } from '../../src/interactions/runner.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import type { Invocation } from '../../src/interactions/invocation.ts';
import { openApiSkipReason, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { send } from './client.ts';
import { autocompleteInteraction, commandInteraction, componentInteraction, createTestSigner, ids, pingInteraction } from './signing.ts';

const signer = createTestSigner();
const stranger = createTestSigner();
const contractSkip = openApiSkipReason();
if (contractSkip) console.warn(contractSkip);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The runner as the interaction service builds it, over the stub dispatcher. */
function stubRunner(options: Partial<RunnerOptions> = {}) {
  return createRunner({ logger: silentLogger, dispatch: async (inv) => ({ body: await stubRespond(inv) }), ...options });
}

async function stubRespond(inv: Invocation): Promise<APIInteractionResponse> {
  if (inv.type === 'modal') return { type: 4, data: { content: `modal ${inv.customId} ${JSON.stringify(inv.fields)}` } };
  if (inv.type === 'autocomplete') {
    if (inv.name === 'slow') await sleep(300);
    return { type: 8, data: { choices: [{ name: 'Coalition', value: 'coalition' }] } };
  }
  if (inv.type === 'component') {
    if (inv.customId === 'slow') await sleep(300);
    return { type: 7, data: { content: `page ${inv.values.join(',')}` } };
  }
  if (inv.name === 'boom') throw new Error('dispatcher bug');
  if (inv.name === 'slow' || inv.name === 'reload') await sleep(300);
  if (inv.name === 'slowboom') {
    await sleep(300);
    throw new Error('late bug');
  }
  const who = inv.caller.isModerator ? 'moderator' : 'member';
  return {
    type: 4,
    data: {
      content: `${inv.name} ${inv.subcommand ?? ''} ${JSON.stringify(inv.options)} for a ${who}`,
      ...(inv.name === 'reload' ? { flags: 64 } : {}),
      allowed_mentions: { parse: [] },
    },
  };
}

let endpoint: RunningHttpServer;
let standIn: DiscordStandIn;
const clock = Date.now();

/** The follow-up edits for one interaction, waiting for the first. */
async function editsOf(interaction: Record<string, unknown>, count = 1): Promise<any[]> {
  const token = interaction.token as string;
  await standIn.waitUntil(() => standIn.editsFor(token).length >= count, 5_000, `edit of ${token}`);
  return standIn.editsFor(token).map((r) => r.body);
}

beforeAll(async () => {
  standIn = await new DiscordStandIn({ token: 'unused-by-the-endpoint', applicationId: ids.APP_ID }).start();
  endpoint = await startHttpServer({
    publicKeyHex: signer.publicKeyHex,
    port: 0,
    host: '127.0.0.1',
    apiUrl: standIn.apiUrl,
    logger: silentLogger,
    runner: stubRunner({
      deferAfterMs: 100,
      deferUpfront: (inv) => (inv.type === 'command' && inv.name === 'reload' ? { ephemeral: true } : undefined),
    }),
    now: () => clock,
    health: () => ({ catalog: 'v1' }),
  });
});

afterAll(async () => {
  await endpoint?.close(1000);
  await standIn?.close();
});

function signed(interaction: unknown, timestamp?: string) {
  const body = JSON.stringify(interaction);
  return { body, headers: signer.headers(body, timestamp ?? String(Math.floor(clock / 1000))) };
}

function expectContract(body: unknown): void {
  if (contractSkip) return;
  expect(validateInteractionResponse(body)).toBeNull();
}

describe('signature checks', () => {
  it('answers a signed PING with PONG', async () => {
    const r = await send(endpoint.url, signed(pingInteraction()));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json()).toEqual({ type: 1 });
    expectContract(r.json());
  });

  it('accepts POST on / as well as /interactions', async () => {
    const r = await send(endpoint.url, { path: '/', ...signed(pingInteraction()) });
    expect(r.status).toBe(200);
  });

  it('401 without signature headers', async () => {
    const { body, headers } = signed(pingInteraction());
    expect((await send(endpoint.url, { body })).status).toBe(401);
    const { 'x-signature-ed25519': _s, ...noSig } = headers;
    expect((await send(endpoint.url, { body, headers: noSig })).status).toBe(401);
    const { 'x-signature-timestamp': _t, ...noTs } = headers;
    expect((await send(endpoint.url, { body, headers: noTs })).status).toBe(401);
  });

  it('401 for malformed signature headers', async () => {
    const { body, headers } = signed(pingInteraction());
    for (const bad of ['zz', headers['x-signature-ed25519']!.slice(2), `${headers['x-signature-ed25519']}00`, 'g'.repeat(128)]) {
      expect((await send(endpoint.url, { body, headers: { ...headers, 'x-signature-ed25519': bad } })).status).toBe(401);
    }
    for (const bad of ['soon', '-5', `${headers['x-signature-timestamp']}.0`]) {
      expect((await send(endpoint.url, { body, headers: { ...headers, 'x-signature-timestamp': bad } })).status).toBe(401);
    }
  });

  it('401 for a tampered body', async () => {
    const { body, headers } = signed(pingInteraction());
    const r = await send(endpoint.url, { body: body.replace('ping-token', 'pong-token'), headers });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ error: 'invalid request signature' });
  });

  it('401 for a signature by another key', async () => {
    const body = JSON.stringify(pingInteraction());
    const r = await send(endpoint.url, { body, headers: stranger.headers(body, String(Math.floor(clock / 1000))) });
    expect(r.status).toBe(401);
  });

  it('401 for a correctly signed but stale or future timestamp', async () => {
    const t = Math.floor(clock / 1000);
    expect((await send(endpoint.url, signed(pingInteraction(), String(t - 301)))).status).toBe(401);
    expect((await send(endpoint.url, signed(pingInteraction(), String(t + 301)))).status).toBe(401);
    expect((await send(endpoint.url, signed(pingInteraction(), String(t - 299)))).status).toBe(200);
  });

  it('refuses every forged request (random signatures, timestamps and bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[0-9a-f]{128}$/), fc.string({ maxLength: 140 })),
        fc.oneof(fc.constant(String(Math.floor(clock / 1000))), fc.string({ maxLength: 14 })),
        fc.oneof(fc.constant(JSON.stringify(pingInteraction())), fc.json({ maxDepth: 3 })),
        async (sig, ts, body) => {
          // Header values must be legal HTTP; fast-check strings may not be.
          const headers = { 'x-signature-ed25519': encodeURIComponent(sig), 'x-signature-timestamp': encodeURIComponent(ts) };
          const r = await send(endpoint.url, { body, headers });
          expect(r.status).toBe(401);
        },
      ),
      { numRuns: runs(150) },
    );
  });
});

describe('limits and malformed requests', () => {
  it('413 for a declared oversized body, without reading it', async () => {
    const big = Buffer.alloc(70 * 1024, 0x20);
    const headers = signer.headers(big, String(Math.floor(clock / 1000)));
    const r = await send(endpoint.url, { body: big, headers });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
  });

  it('413 for an oversized chunked body with no Content-Length', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(8 * 1024, 0x20));
    const headers = signer.headers(Buffer.concat(chunks), String(Math.floor(clock / 1000)));
    const r = await send(endpoint.url, { chunks, headers });
    expect(r.status).toBe(413);
  });

  it('a body at the limit is read (and judged on its signature)', async () => {
    const body = `${JSON.stringify(pingInteraction())}${' '.repeat(64 * 1024 - JSON.stringify(pingInteraction()).length)}`;
    expect(Buffer.byteLength(body)).toBe(64 * 1024);
    expect((await send(endpoint.url, signed(JSON.parse(body)))).status).toBe(200);
    const headers = signer.headers(body, String(Math.floor(clock / 1000)));
    expect((await send(endpoint.url, { body, headers })).status).toBe(200);
  });

  it('400 for signed bodies that are not JSON or not a usable interaction', async () => {
    const t = String(Math.floor(clock / 1000));
    for (const body of ['', '{', 'null', '[]', '{"type":1', '\u0000']) {
      const r = await send(endpoint.url, { body, headers: signer.headers(body, t) });
      expect(r.status, body).toBe(400);
    }
    for (const interaction of [{ type: 42 }, { ...commandInteraction('x'), type: 5 }, { ...commandInteraction('x'), member: 7 }]) {
      expect((await send(endpoint.url, signed(interaction))).status).toBe(400);
    }
  });

  it('405 for other methods, 404 for other paths, 200 on /healthz', async () => {
    const get = await send(endpoint.url, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(endpoint.url, { method: 'PUT', body: '{}' })).status).toBe(405);
    expect((await send(endpoint.url, { path: '/nope', ...signed(pingInteraction()) })).status).toBe(404);
    expect((await send(endpoint.url, { path: '/interactions/x' })).status).toBe(404);
    const health = await send(endpoint.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', catalog: 'v1' });
    expect((await send(endpoint.url, { method: 'POST', path: '/healthz' })).status).toBe(405);
  });

  it('a garbage request line gets 400 and the server carries on', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(endpoint.port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await send(endpoint.url, signed(pingInteraction()))).status).toBe(200);
  });
});

describe('dispatching', () => {
  it('passes commands to the dispatcher and returns its response', async () => {
    const r = await send(endpoint.url, signed(commandInteraction('casualties', { who: 'coalition' }, 'by', { permissions: '32' })));
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({
      type: 4,
      data: { content: 'casualties by {"who":"coalition"} for a moderator', allowed_mentions: { parse: [] } },
    });
    expectContract(r.json());
  });

  it('autocomplete and components', async () => {
    const a = await send(endpoint.url, signed(autocompleteInteraction('casualties', { who: 'co' }, 'who')));
    expect(a.json()).toEqual({ type: 8, data: { choices: [{ name: 'Coalition', value: 'coalition' }] } });
    expectContract(a.json());
    const c = await send(endpoint.url, signed(componentInteraction('pick', ['2'])));
    expect(c.json()).toEqual({ type: 7, data: { content: 'page 2', allowed_mentions: { parse: [] } } }); // mentions never parsed
    expectContract(c.json());
  });

  it('a dispatcher error becomes an ephemeral apology, not a 500 or a crash', async () => {
    const r = await send(endpoint.url, signed(commandInteraction('boom')));
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ type: 4, data: { flags: 64 } });
    expectContract(r.json());
  });

  it('slow work is deferred (type 5) and finished by PATCHing @original', async () => {
    const interaction = commandInteraction('slow', { q: 'x' });
    const r = await send(endpoint.url, signed(interaction));
    expect(r.json()).toEqual({ type: 5 });
    expectContract(r.json());
    const [patch] = await editsOf(interaction);
    expect(patch).toEqual({ content: 'slow  {"q":"x"} for a member', allowed_mentions: { parse: [] } });
    if (!contractSkip) expect(validateComponentSchema('IncomingWebhookUpdateRequestPartial', patch)).toBeNull();
  });

  it('known-slow work (a reload) is deferred at once, ephemeral when asked', async () => {
    const interaction = commandInteraction('reload', {}, undefined, { permissions: '32' });
    const started = Date.now();
    const r = await send(endpoint.url, signed(interaction));
    expect(Date.now() - started).toBeLessThan(250);
    expect(r.json()).toEqual({ type: 5, data: { flags: 64 } });
    expectContract(r.json());
    // Ephemerality was fixed by the deferral; the edit does not repeat the flag.
    expect(await editsOf(interaction)).toEqual([{ content: 'reload  {} for a moderator', allowed_mentions: { parse: [] } }]);
  });

  it('a slow component is a deferred update (type 6); a slow autocomplete gets no choices', async () => {
    const click = componentInteraction('slow', ['3']);
    const c = await send(endpoint.url, signed(click));
    expect(c.json()).toEqual({ type: 6 });
    expectContract(c.json());
    expect(await editsOf(click)).toEqual([{ content: 'page 3', allowed_mentions: { parse: [] } }]);
    const a = await send(endpoint.url, signed(autocompleteInteraction('slow', { who: 'x' }, 'who')));
    expect(a.json()).toEqual({ type: 8, data: { choices: [] } });
  });

  it('a deferred answer that fails is edited into an apology', async () => {
    const interaction = commandInteraction('slowboom');
    await send(endpoint.url, signed(interaction));
    const [edit] = await editsOf(interaction);
    expect(edit.content).toMatch(/went wrong/);
  });

  it('a follow-up refused with 429 is retried after retry_after; a 5xx once more', async () => {
    standIn.fail({ method: 'PATCH', path: /\/webhooks\//, status: 429, body: { message: 'rate limited', retry_after: 0.05, global: false } });
    standIn.fail({ method: 'PATCH', path: /\/webhooks\//, status: 502 });
    const interaction = commandInteraction('slow', { q: 'retry' });
    expect((await send(endpoint.url, signed(interaction))).json()).toEqual({ type: 5 });
    const edits = await editsOf(interaction, 3);
    expect(edits).toHaveLength(3);
    expect(edits[2]).toEqual(edits[0]);
  });
});

describe('graceful shutdown', () => {
  it('finishes deferred follow-ups before closing', async () => {
    const own = await startHttpServer({
      publicKeyHex: signer.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      apiUrl: standIn.apiUrl,
      logger: silentLogger,
      runner: stubRunner({ deferAfterMs: 50 }),
    });
    const interaction = commandInteraction('slow');
    const body = JSON.stringify(interaction);
    expect((await send(own.url, { body, headers: signer.headers(body) })).json()).toEqual({ type: 5 });
    expect(own.handler.pending).toBe(1);
    await own.close(5000);
    expect(standIn.editsFor(interaction.token as string)).toHaveLength(1);
    await expect(send(own.url, { body, headers: signer.headers(body) })).rejects.toThrow();
  });
});

describe('per-instance rate limit', () => {
  it('refuses a user over the limit with an ephemeral message, others unaffected', async () => {
    const own = await startHttpServer({
      publicKeyHex: signer.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      apiUrl: standIn.apiUrl,
      logger: silentLogger,
      runner: stubRunner({ limiter: createRateLimiter({ capacity: 2, windowMs: 60_000 }) }),
    });
    try {
      const ask = async (userId: string) => {
        const body = JSON.stringify(commandInteraction('casualties', {}, undefined, { userId }));
        return (await send(own.url, { body, headers: signer.headers(body) })).json();
      };
      expect((await ask('310000000000000001')).data.content).toMatch(/^casualties/);
      expect((await ask('310000000000000001')).data.content).toMatch(/^casualties/);
      const refused = await ask('310000000000000001');
      expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(refused.data.content).toMatch(/faster than I can answer/);
      expectContract(refused);
      expect((await ask('310000000000000002')).data.content).toMatch(/^casualties/);
    } finally {
      await own.close(1000);
    }
  });
});
