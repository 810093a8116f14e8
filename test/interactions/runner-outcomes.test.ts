// How the runner tells the metrics each interaction ended (onFinished), under fake time: answered,
// deferred, rate_limited, failed, too_slow and undelivered, with the first response's latency and
// the whole answer's; and a listener that throws costs no answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InteractionResponseType, type APIInteractionResponse } from 'discord-api-types/v10';
import { createRunner, type Finished, type Wire } from '../../src/interactions/runner.ts';
import type { Invocation, Outgoing } from '../../src/interactions/invocation.ts';
import { createRateLimiter } from '../../src/live/rate-limit.ts';
import { silentLogger } from '../../src/log.ts';

const caller = { id: '1', isModerator: false };
const cmd: Invocation = { type: 'command', name: 'x', options: {}, caller };
const typing: Invocation = { type: 'autocomplete', name: 'x', options: {}, focused: 'q', caller };
const answer: Outgoing = { body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'hi' } } };
const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

function wire(fail: { callback?: boolean; edit?: boolean } = {}): Wire {
  return {
    callback: async (_r: APIInteractionResponse) => {
      await later(10, undefined);
      if (fail.callback) throw new Error('500');
    },
    editOriginal: async () => {
      if (fail.edit) throw new Error('404');
    },
    deleteOriginal: async () => undefined,
  };
}

function recorder() {
  const seen: Finished[] = [];
  return { seen, onFinished: (_inv: Invocation, f: Finished) => void seen.push(f) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runner outcomes', () => {
  it('answered: first response and whole answer timed from receipt', async () => {
    const r = recorder();
    const runner = createRunner({ logger: silentLogger, dispatch: () => later(100, answer), ...r });
    const done = runner.run(cmd, wire(), Date.now() - 50);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(r.seen).toEqual([{ outcome: 'answered', respondedMs: 160, totalMs: 160 }]);
  });

  it('deferred: the deferral is the first response, the edit ends it', async () => {
    const r = recorder();
    const runner = createRunner({ logger: silentLogger, deferAfterMs: 2000, dispatch: () => later(5000, answer), ...r });
    const done = runner.run(cmd, wire(), Date.now());
    await vi.advanceTimersByTimeAsync(6000);
    await done;
    expect(r.seen).toEqual([{ outcome: 'deferred', respondedMs: 2010, totalMs: 5000 }]);
  });

  it('rate_limited, failed, too_slow and undelivered', async () => {
    const r = recorder();
    const limiter = createRateLimiter({ capacity: 1, windowMs: 60_000 });
    const runner = createRunner({ logger: silentLogger, limiter, dispatch: () => later(10, answer), ...r });
    await Promise.all([runner.run(cmd, wire()), runner.run(cmd, wire()), vi.advanceTimersByTimeAsync(100)]);
    expect(r.seen.map((f) => f.outcome).sort()).toEqual(['answered', 'rate_limited']);

    const failing = recorder();
    const broken = createRunner({ logger: silentLogger, dispatch: () => Promise.reject(new Error('bug')), ...failing });
    await Promise.all([broken.run(cmd, wire()), vi.advanceTimersByTimeAsync(100)]);
    expect(failing.seen.map((f) => f.outcome)).toEqual(['failed']);

    const slow = recorder();
    const sluggish = createRunner({ logger: silentLogger, deferAfterMs: 2000, dispatch: () => later(9000, answer), ...slow });
    await Promise.all([sluggish.run(typing, wire()), vi.advanceTimersByTimeAsync(2100)]);
    expect(slow.seen.map((f) => f.outcome)).toEqual(['too_slow']);

    const lost = recorder();
    const refused = createRunner({ logger: silentLogger, dispatch: () => answer, ...lost });
    await Promise.all([refused.run(cmd, wire({ callback: true })), vi.advanceTimersByTimeAsync(100)]);
    expect(lost.seen).toEqual([{ outcome: 'undelivered', totalMs: 10 }]);

    const unedited = recorder();
    const late = createRunner({ logger: silentLogger, deferAfterMs: 0, dispatch: () => later(100, answer), ...unedited });
    await Promise.all([late.run(cmd, wire({ edit: true })), vi.advanceTimersByTimeAsync(200)]);
    expect(unedited.seen.map((f) => f.outcome)).toEqual(['undelivered']);
  });

  it('a listener that throws costs no answer', async () => {
    const sent: unknown[] = [];
    const runner = createRunner({
      logger: silentLogger,
      dispatch: () => answer,
      onFinished: () => {
        throw new Error('counting broke');
      },
    });
    await runner.run(cmd, { callback: async (b) => void sent.push(b), editOriginal: async () => undefined, deleteOriginal: async () => undefined });
    expect(sent).toHaveLength(1);
    expect(runner.pending).toBe(0);
  });
});
