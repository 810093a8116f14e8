// Delete on a public answer (issue 16, item 3), from the dispatcher's decision to the calls the
// runner makes on the wire: an allowed click is acknowledged with a deferred update and then the
// message is deleted with DELETE @original (the button's token); when that call fails the message
// is edited to the removed notice instead, and logged; a refused click is a private message and
// nothing is deleted or edited. The transports' own calls are tested end to end
// (test/e2e/exports-visibility.test.ts, test/http/exports.test.ts).
import { describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.ts';
import { createDispatcher } from '../../src/interactions/dispatch.ts';
import type { EditOriginalBody } from '../../src/interactions/edit-original.ts';
import type { Caller, Invocation, Outgoing } from '../../src/interactions/invocation.ts';
import { createRunner, type Finished, type Wire } from '../../src/interactions/runner.ts';
import { createLogger } from '../../src/log.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';

const catalog = fixtureCatalog();
const snapshot = { catalog, index: buildSearchIndex(catalog) };
const dispatcher = createDispatcher(commands);

type Call = { what: 'callback'; body: APIInteractionResponse } | { what: 'edit'; body: EditOriginalBody } | { what: 'delete' };

function wire(fail: { delete?: boolean; edit?: boolean } = {}): { calls: Call[]; wire: Wire } {
  const calls: Call[] = [];
  return {
    calls,
    wire: {
      callback: async (body) => void calls.push({ what: 'callback', body }),
      editOriginal: async (body) => {
        calls.push({ what: 'edit', body });
        if (fail.edit) throw new Error('HTTP 404');
      },
      deleteOriginal: async () => {
        calls.push({ what: 'delete' });
        if (fail.delete) throw new Error('HTTP 404');
      },
    },
  };
}

/** Runs one interaction through the real dispatcher and a runner; returns the log lines and outcome. */
async function run(inv: Invocation, w: Wire, dispatch?: (i: Invocation) => Promise<Outgoing>, deferAfterMs?: number) {
  const lines: string[] = [];
  const finished: Finished[] = [];
  const runner = createRunner({
    logger: createLogger({ level: 'debug', write: (l) => void lines.push(l) }),
    dispatch: dispatch ?? ((i) => dispatcher.respond(i, snapshot)),
    onFinished: (_i, f) => void finished.push(f),
    ...(deferAfterMs === undefined ? {} : { deferAfterMs }),
  });
  await runner.run(inv, w);
  return { logs: lines.map((l) => JSON.parse(l) as { level: string; msg: string }), outcome: finished[0]?.outcome };
}

const asker = '42';
/** A click on Delete; `askedBy` null: a message with no interaction behind it (an @mention's reply). */
const click = (caller: Caller, askedBy: string | null = asker): Invocation => ({
  type: 'component',
  customId: 'remove:casualties:',
  values: [],
  caller,
  message: { id: '900', ...(askedBy !== null ? { interaction: { id: '901', type: 2, userId: askedBy } } : {}) },
});

describe('Delete: what the dispatcher decides', () => {
  it('the asker and a moderator get a deferred update and a delete; anyone else a private refusal', async () => {
    for (const caller of [{ id: asker, isModerator: false }, { id: '9', isModerator: true }]) {
      const out = await dispatcher.respond(click(caller), snapshot);
      expect(out.body).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
      expect(out.deleteOriginal?.fallback.type).toBe(InteractionResponseType.UpdateMessage);
    }
    for (const inv of [click({ id: '7', isModerator: false }), click({ id: asker, isModerator: false }, null)]) {
      const out = await dispatcher.respond(inv, snapshot);
      expect(out.deleteOriginal).toBeUndefined();
      expect(out.body).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    }
  });

  it('reads the asker from interaction_metadata only, never from the button', async () => {
    // A forged id naming the clicker changes nothing: the custom_id carries no user.
    const forged: Invocation = { ...click({ id: '7', isModerator: false }), customId: 'remove:casualties:user=7' } as Invocation;
    const out = await dispatcher.respond(forged, snapshot);
    expect(out.deleteOriginal).toBeUndefined();
    expect((out.body as { data: { content: string } }).data.content).toMatch(/Only the person who asked/);
  });
});

describe('Delete: what the runner sends', () => {
  it('acknowledges, then deletes @original; nothing is edited', async () => {
    const { calls, wire: w } = wire();
    const { outcome, logs } = await run(click({ id: asker, isModerator: false }), w);
    expect(calls).toEqual([{ what: 'callback', body: { type: InteractionResponseType.DeferredMessageUpdate } }, { what: 'delete' }]);
    expect(outcome).toBe('answered');
    expect(logs.some((l) => l.msg === 'deleted a message')).toBe(true);
  });

  it('when the delete fails, edits the message to the removed notice and logs it', async () => {
    const { calls, wire: w } = wire({ delete: true });
    const { outcome, logs } = await run(click({ id: '9', isModerator: true }), w);
    expect(calls.map((c) => c.what)).toEqual(['callback', 'delete', 'edit']);
    const edit = calls[2] as Extract<Call, { what: 'edit' }>;
    expect(edit.body).toMatchObject({ embeds: [], components: [], attachments: [], allowed_mentions: { parse: [] } });
    expect(edit.body.content).toMatch(/removed by a moderator/);
    expect(outcome).toBe('answered');
    expect(logs.find((l) => l.level === 'warn')?.msg).toMatch(/could not delete the message/);
  });

  it('when neither the delete nor the edit goes through, says so in the log and the outcome', async () => {
    const { calls, wire: w } = wire({ delete: true, edit: true });
    const { outcome, logs } = await run(click({ id: asker, isModerator: false }), w);
    expect(calls.map((c) => c.what)).toEqual(['callback', 'delete', 'edit']);
    expect(outcome).toBe('undelivered');
    expect(logs.some((l) => l.level === 'error' && /neither delete nor edit/.test(l.msg))).toBe(true);
  });

  it('a refused click deletes and edits nothing', async () => {
    const { calls, wire: w } = wire();
    await run(click({ id: '7', isModerator: false }), w);
    expect(calls.map((c) => c.what)).toEqual(['callback']);
  });

  it('a deletion decided after the deferral still deletes, rather than editing in "Done."', async () => {
    const { calls, wire: w } = wire();
    const slow = async (i: Invocation) => {
      await new Promise((r) => setTimeout(r, 50));
      return dispatcher.respond(i, snapshot);
    };
    const { outcome } = await run(click({ id: asker, isModerator: false }), w, slow, 0);
    expect(calls).toEqual([{ what: 'callback', body: { type: InteractionResponseType.DeferredMessageUpdate } }, { what: 'delete' }]);
    expect(outcome).toBe('deferred');
  });
});
