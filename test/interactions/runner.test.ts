// The runner's own timers under fake time: an answer within the budget goes out at once, a slow one
// is deferred when the budget runs out and finished by an edit, an upfront-slow one is deferred at
// once, and a slow autocomplete gets no choices rather than a late answer. Transports are covered
// end to end elsewhere; here no socket or real clock is involved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import { createRunner, type Wire } from '../../src/interactions/runner.ts';
import type { Invocation, Outgoing, OutgoingFile } from '../../src/interactions/invocation.ts';
import { silentLogger } from '../../src/log.ts';

const caller = { id: '1', isModerator: false };
const cmd = (name: string): Invocation => ({ type: 'command', name, options: {}, caller });
const answer = (content: string): Outgoing => ({ body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content } } });

function recordingWire() {
  const calls: { what: 'callback' | 'edit' | 'delete'; body: unknown; files?: readonly OutgoingFile[] }[] = [];
  const wire: Wire = {
    callback: async (response: APIInteractionResponse, files?: readonly OutgoingFile[]) => void calls.push({ what: 'callback', body: response, ...(files ? { files } : {}) }),
    editOriginal: async (body, files) => void calls.push({ what: 'edit', body, ...(files ? { files } : {}) }),
    deleteOriginal: async () => void calls.push({ what: 'delete', body: undefined }),
  };
  return { calls, wire };
}

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runner deadlines', () => {
  it('sends a quick answer at once, with mentions switched off', async () => {
    const { calls, wire } = recordingWire();
    const runner = createRunner({ logger: silentLogger, deferAfterMs: 2000, dispatch: () => later(1500, answer('quick')) });
    const done = runner.run(cmd('x'), wire, Date.now());
    await vi.advanceTimersByTimeAsync(1500);
    await done;
    expect(calls).toEqual([{ what: 'callback', body: { type: 4, data: { content: 'quick', allowed_mentions: { parse: [] } } } }]);
  });

  it('defers when the budget runs out, counting from receipt, then edits the original', async () => {
    const { calls, wire } = recordingWire();
    const runner = createRunner({ logger: silentLogger, deferAfterMs: 2000, dispatch: () => later(5000, answer('slow')) });
    // Received 500 ms ago: 1500 ms of budget are left.
    const done = runner.run(cmd('x'), wire, Date.now() - 500);
    await vi.advanceTimersByTimeAsync(1499);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([{ what: 'callback', body: { type: InteractionResponseType.DeferredChannelMessageWithSource } }]);
    await vi.advanceTimersByTimeAsync(3500);
    await done;
    expect(calls[1]).toEqual({ what: 'edit', body: { content: 'slow', allowed_mentions: { parse: [] } } });
  });

  it('defers at once what the commands call slow, ephemerally, and carries files to the edit', async () => {
    const { calls, wire } = recordingWire();
    const file = { name: 'a.csv', data: new Uint8Array([65]) };
    const runner = createRunner({
      logger: silentLogger,
      deferUpfront: (inv) => (inv.type === 'command' && inv.name === 'reload' ? { ephemeral: true } : undefined),
      dispatch: () => later(10, { ...answer('reloaded'), files: [file] }),
    });
    const done = runner.run(cmd('reload'), wire);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]).toEqual({ what: 'callback', body: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } } });
    await vi.advanceTimersByTimeAsync(10);
    await done;
    expect(calls[1]).toMatchObject({ what: 'edit', files: [file] });
  });

  it('answers a slow autocomplete with no choices instead of waiting', async () => {
    const { calls, wire } = recordingWire();
    const runner = createRunner({ logger: silentLogger, deferAfterMs: 100, dispatch: () => later(1000, { body: { type: 8, data: { choices: [{ name: 'late', value: 'late' }] } } as APIInteractionResponse }) });
    const done = runner.run({ type: 'autocomplete', name: 'x', options: {}, focused: 'q', caller }, wire);
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(calls).toEqual([{ what: 'callback', body: { type: 8, data: { choices: [] } } }]);
  });
});
