// The gateway transport's timing and failure paths, end to end through discord.js and the stand-in,
// with a dispatcher that is slow or fails on purpose: deferral then @original edit, component
// deferral, autocomplete that cannot wait, a dispatcher that throws, an edit that fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import type { Invocation, Outgoing } from '../../src/interactions/invocation.ts';
import { FAILED_MESSAGE } from '../../src/interactions/runner.ts';
import { autocomplete, command, component, opt } from '../standin/interactions.ts';
import { callbackOf, editOf, expectAllBodiesValid, member, newUser, sleep, startHarness, type Harness } from './harness.ts';

const DEFER_AFTER_MS = 300;

async function slowRespond(inv: Invocation): Promise<Outgoing> {
  return { body: await slowBody(inv) };
}

async function slowBody(inv: Invocation): Promise<APIInteractionResponse> {
  if (inv.type === 'modal') throw new Error('no modals here');
  const delay = Number((inv.type === 'component' ? inv.customId : inv.options.delay) ?? 0);
  if (inv.type !== 'component' && inv.name === 'boom') throw new Error('handler exploded');
  await sleep(delay);
  if (inv.type === 'autocomplete') return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [{ name: 'late', value: 'late' }] } };
  if (inv.type === 'component') return { type: InteractionResponseType.UpdateMessage, data: { content: `updated after ${delay} ms`, components: [] } };
  // Deliberately forgets allowed_mentions: the transport adds it.
  return { type: InteractionResponseType.ChannelMessageWithSource, data: { content: `answered after ${delay} ms <@&200000000000000004>`, ...(inv.options.private ? { flags: MessageFlags.Ephemeral } : {}) } };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ respond: slowRespond, deferAfterMs: DEFER_AFTER_MS, watch: false });
});
afterAll(async () => {
  await h?.close();
});

describe('timing', () => {
  it('answers at once when the dispatcher is quick, adding allowed_mentions', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'quick', [opt.int('delay', 0)]));
    expect(body).toEqual({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'answered after 0 ms <@&200000000000000004>', allowed_mentions: { parse: [] } } });
  });

  it('defers a slow command, then edits @original with the answer', async () => {
    const sent = command(h.standIn, member(newUser()), 'slow', [opt.int('delay', DEFER_AFTER_MS + 400)]);
    const body = await callbackOf(h.standIn, sent);
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const edit = await editOf(h.standIn, sent);
    expect(edit).toEqual({ content: `answered after ${DEFER_AFTER_MS + 400} ms <@&200000000000000004>`, allowed_mentions: { parse: [] } });
  });

  it('defers a slow button with a deferred update', async () => {
    const sent = component(h.standIn, member(newUser()), String(DEFER_AFTER_MS + 300));
    expect(await callbackOf(h.standIn, sent)).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    const edit = await editOf(h.standIn, sent);
    expect(edit.content).toBe(`updated after ${DEFER_AFTER_MS + 300} ms`);
  });

  it('answers a too-slow autocomplete with no choices rather than nothing', async () => {
    const body = await callbackOf(h.standIn, autocomplete(h.standIn, member(newUser()), 'slow', [opt.str('q', 'x', true), opt.int('delay', DEFER_AFTER_MS + 400)]));
    expect(body).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
  });
});

describe('failures', () => {
  it('a dispatcher that throws becomes an ephemeral apology, and is logged', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'boom'));
    expect(body.data.content).toBe(FAILED_MESSAGE);
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(h.logged('dispatcher failed').length).toBeGreaterThan(0);
  });

  it('a failing @original edit is logged, not thrown', async () => {
    h.standIn.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: Infinity });
    const sent = command(h.standIn, member(newUser()), 'slow', [opt.int('delay', DEFER_AFTER_MS + 100)]);
    await callbackOf(h.standIn, sent);
    await h.standIn.waitUntil(() => h.logged('could not finish a deferred answer').length > 0, 8_000, 'the failed edit to be logged');
    h.standIn.faults.length = 0;
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'quick'));
    expect(body.data.content).toContain('answered after');
  });

  it('stop() waits for answers in flight', async () => {
    const sent = command(h.standIn, member(newUser()), 'slow', [opt.int('delay', DEFER_AFTER_MS + 500)]);
    await callbackOf(h.standIn, sent);
    expect(h.bot.pending).toBe(1);
    await h.bot.stop(5_000);
    expect(h.standIn.editsFor(sent.token)).toHaveLength(1);
    expect(h.bot.client.isReady()).toBe(false);
  });

  it('every body sent matched Discord’s OpenAPI description', () => {
    expect(expectAllBodiesValid(h.standIn)).toBeGreaterThan(5);
  });
});
