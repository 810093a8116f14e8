// The metrics port on its own: /livez always, /readyz 503 until every check passes (naming each),
// /metrics in Prometheus' text format, other paths 404 and other methods 405; unset, nothing listens.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { openOps, type Ops } from '../../src/live/ops-server.ts';

let ops: Ops | undefined;
afterEach(async () => {
  await ops?.close();
  ops = undefined;
});

describe('openOps', () => {
  it('serves nothing without a port, but still counts', async () => {
    ops = await openOps({ logger: silentLogger });
    expect(ops.url).toBeUndefined();
    ops.metrics.unanswered('fact');
    expect(await ops.metrics.metrics()).toMatch(/^bot_unanswered_questions_total\{command="fact"\} 1$/m);
  });

  it('answers /livez at once and /readyz only when every check passes', async () => {
    ops = await openOps({ port: 0, logger: silentLogger });
    expect(ops.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${ops.url}/livez`)).status).toBe(200);
    // No check yet: still starting.
    expect((await fetch(`${ops.url}/readyz`)).status).toBe(503);
    let connected = false;
    ops.check('catalog', () => true);
    ops.check('gateway', () => connected);
    const waiting = await fetch(`${ops.url}/readyz`);
    expect(waiting.status).toBe(503);
    expect(await waiting.json()).toEqual({ status: 'not ready', checks: { catalog: true, gateway: false } });
    connected = true;
    expect((await fetch(`${ops.url}/readyz`)).status).toBe(200);
    ops.check('broken', () => {
      throw new Error('no');
    });
    expect(await (await fetch(`${ops.url}/readyz`)).json()).toMatchObject({ checks: { broken: false } });
  });

  it('serves /metrics as Prometheus text, and refuses other paths and methods', async () => {
    ops = await openOps({ port: 0, logger: silentLogger });
    ops.metrics.interaction('command', 'about', 'answered', { respondedMs: 12, totalMs: 12 });
    const r = await fetch(`${ops.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    expect(text).toMatch(/^bot_commands_total\{command="about",outcome="answered"\} 1$/m);
    expect(text).toMatch(/^bot_response_seconds_bucket\{le="0\.025",kind="command",command="about"\} 1$/m);
    expect(text).toMatch(/^bot_catalog_reloads_total\{result="rejected"\} 0$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect((await fetch(`${ops.url}/other`)).status).toBe(404);
    expect((await fetch(`${ops.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
