// Exports and who sees an answer (issue 16, items 2 and 3), end to end: the real discord.js client
// (startBot, what `npm start` runs) against the Discord stand-in. format:csv answers with the CSV
// as a multipart callback whose payload_json names the attachment with its alt text; the Export
// button sends CSV and JSON privately, naming the data version; private:true answers ephemerally
// with Post in channel, which posts the answer publicly; Delete on a public answer deletes the
// message (DELETE @original with the button's token) for the person who asked and for moderators
// only, and the stand-in no longer holds it. Every body is checked against Discord's OpenAPI
// description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import Papa from 'papaparse';
import { clickOn, command, component, opt, type Sent } from '../standin/interactions.ts';
import type { RecordedRequest } from '../standin/discord.ts';
import { APP_ID, callbackOf, editOf, expectAllBodiesValid, member, MOD_ROLE, newUser, sleep, startHarness, type Harness } from './harness.ts';

let h: Harness;
const who = member(newUser());

beforeAll(async () => {
  h = await startHarness();
}, 30_000);

afterAll(async () => {
  await h?.close();
});

async function callbackRequest(sent: Sent): Promise<{ body: any; request: RecordedRequest }> {
  const body = await callbackOf(h.standIn, sent, 10_000);
  const request = h.standIn.requests.find((q) => q.method === 'POST' && q.path === `/interactions/${sent.id}/${sent.token}/callback`)!;
  return { body, request };
}

const buttonsOf = (data: any): any[] => (data.components ?? []).flatMap((r: any) => r.components);
const csvRows = (data: Buffer): Record<string, string>[] => {
  expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<Record<string, string>>(data.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};
const version = () => h.bot.store.current()!.catalog.version;

describe('exports through the gateway', () => {
  it('format:csv answers with the CSV attached, named in payload_json with alt text', async () => {
    const sent = command(h.standIn, who, 'timeline', [opt.str('subject', 'coalition'), opt.str('format', 'csv')]);
    const { body, request } = await callbackRequest(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(request.files).toHaveLength(1);
    const file = request.files![0]!;
    expect(file.filename).toMatch(/^timeline-.*\.csv$/);
    expect(body.data.attachments).toEqual([{ id: '0', filename: file.filename, description: expect.stringContaining(version()) }]);
    const rows = csvRows(file.data);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.data_version === version() && r.fact_id !== '' && r.quote !== '')).toBe(true);
  });

  it('the Export button sends CSV and JSON privately, with the data version of the answer', async () => {
    const answer = await callbackOf(h.standIn, command(h.standIn, who, 'casualties', [opt.str('subject', 'coalition')]), 10_000);
    const exportId = buttonsOf(answer.data).find((b) => b.label === 'Export')?.custom_id;
    expect(exportId).toMatch(new RegExp(`^export:casualties:.*_v=${version()}`));
    const { body, request } = await callbackRequest(component(h.standIn, who, exportId));
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(request.files!.map((f) => f.filename.split('.').at(-1))).toEqual(['csv', 'json']);
    const json = JSON.parse(request.files![1]!.data.toString('utf8'));
    expect(json.export).toMatchObject({ command: 'casualties', data_version: version(), answer_data_version: version(), data_changed: false });
    expect(json.figures.length).toBe(csvRows(request.files![0]!.data).length);
  });
});

describe('who sees an answer, through the gateway', () => {
  it('private:true is ephemeral; Post in channel posts it for everyone', async () => {
    const priv = await callbackOf(h.standIn, command(h.standIn, who, 'fact', [opt.str('query', 'coalition'), { name: 'private', type: 5, value: true }]), 10_000);
    expect(priv.data.flags).toBe(MessageFlags.Ephemeral);
    const post = buttonsOf(priv.data).find((b) => b.label === 'Post in channel');
    expect(post?.custom_id).toMatch(/^post:fact:/);
    const pub = await callbackOf(h.standIn, component(h.standIn, who, post.custom_id), 10_000);
    expect(pub.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(pub.data.flags).toBeUndefined();
    expect(pub.data.embeds[0].title).toBe(priv.data.embeds[0].title);
  });

  it('Delete on a public answer: refused for another member (the message stays); the asker and a moderator delete it', async () => {
    const asker = newUser();
    // Each user clicks at most 5 times here: the rate limit (5 per 10 s) would answer a 6th instead.
    const ask = async (user = asker): Promise<{ answer: any; message: any }> => {
      const sent = command(h.standIn, member(user), 'casualties', [opt.str('subject', 'coalition')]);
      const answer = await callbackOf(h.standIn, sent, 10_000);
      return { answer, message: h.standIn.originalOf(sent.token) };
    };
    const deleteOf = (sent: Sent) => (q: RecordedRequest) => q.method === 'DELETE' && q.path === `/webhooks/${APP_ID}/${sent.token}/messages/@original`;
    const { answer, message } = await ask();
    expect(answer.data.flags).toBeUndefined();
    // The stand-in keeps the answer as Discord would, with interaction_metadata naming the asker.
    expect(message.interaction_metadata.user.id).toBe(asker);
    const del = buttonsOf(answer.data).find((b) => b.label === 'Delete');
    expect(del?.custom_id).toBe('remove:casualties:');

    // Another member, on that message: refused, privately; nothing is deleted or edited.
    const other = clickOn(h.standIn, member(newUser()), message, del.custom_id);
    const refused = await callbackOf(h.standIn, other, 10_000);
    expect(refused).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(refused.data.content).toMatch(/Only the person who asked/);
    await sleep(150);
    expect(h.standIn.messages.has(message.id)).toBe(true);

    // The asker: the click is acknowledged (a deferred update), then DELETE @original with the button's token.
    const own = clickOn(h.standIn, member(asker), message, del.custom_id);
    expect(await callbackOf(h.standIn, own, 10_000)).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    const deleted = await h.standIn.waitForRequest(deleteOf(own), 10_000, 'DELETE @original by the asker');
    expect(deleted.at).toBeGreaterThanOrEqual(h.standIn.callbacksFor(own.id)[0]!.at);
    expect(h.standIn.messages.has(message.id)).toBe(false);
    expect(h.standIn.deleted.has(message.id)).toBe(true);
    // The refused click, long answered, deleted and edited nothing.
    expect(h.standIn.requests.filter((q) => q.path.includes(other.token) && q.method !== 'POST')).toEqual([]);

    // A moderator may delete anyone's answer.
    const second = await ask();
    const mod = clickOn(h.standIn, member(newUser(), { roles: [MOD_ROLE] }), second.message, del.custom_id);
    expect(await callbackOf(h.standIn, mod, 10_000)).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    await h.standIn.waitForRequest(deleteOf(mod), 10_000, 'DELETE @original by a moderator');
    expect(h.standIn.messages.has(second.message.id)).toBe(false);
    expect(h.standIn.messages.has(message.id)).toBe(false);

    // When Discord refuses the delete, the message is emptied to the removed notice instead.
    const asker2 = newUser();
    const third = await ask(asker2);
    h.standIn.fail({ method: 'DELETE', path: /\/messages\/@original$/, status: 403, body: { message: 'Missing Access', code: 50001 } });
    const refusedDelete = clickOn(h.standIn, member(asker2), third.message, del.custom_id);
    await editOf(h.standIn, refusedDelete, 10_000);
    const kept = h.standIn.messages.get(third.message.id);
    expect(kept).toMatchObject({ embeds: [], components: [], attachments: [] });
    expect(kept.content).toMatch(/removed by the person who asked/);

    // A private answer has no Delete (Discord's Dismiss does that).
    const priv = await callbackOf(h.standIn, command(h.standIn, member(asker2), 'casualties', [opt.str('subject', 'coalition'), { name: 'private', type: 5, value: true }]), 10_000);
    expect(priv.data.flags).toBe(MessageFlags.Ephemeral);
    expect(buttonsOf(priv.data).map((b) => b.label)).toContain('Post in channel');
    expect(buttonsOf(priv.data).some((b) => b.label === 'Delete')).toBe(false);
  });

  it('private:true on /about is ephemeral, with Post in channel', async () => {
    const me = member(newUser()); // a fresh user: the earlier tests' asker is near the rate limit
    const priv = await callbackOf(h.standIn, command(h.standIn, me, 'about', [{ name: 'private', type: 5, value: true }]), 10_000);
    expect(priv.data.flags).toBe(MessageFlags.Ephemeral);
    const post = buttonsOf(priv.data).find((b) => b.label === 'Post in channel');
    expect(post?.custom_id).toMatch(/^post:about:/);
    const pub = await callbackOf(h.standIn, component(h.standIn, me, post.custom_id), 10_000);
    expect(pub.data.flags).toBeUndefined();
    expect(pub.data.embeds[0].title).toBe(priv.data.embeds[0].title);
    const open = await callbackOf(h.standIn, command(h.standIn, me, 'about'), 10_000);
    expect(open.data.flags).toBeUndefined();
  });

  it('/facts status is private by default; a moderator’s private:false posts it in the channel', async () => {
    const mod = member(newUser(), { roles: [MOD_ROLE] });
    const priv = await callbackOf(h.standIn, command(h.standIn, mod, 'facts', [opt.sub('status')]), 10_000);
    expect(priv.data.flags).toBe(MessageFlags.Ephemeral);
    const pub = await callbackOf(h.standIn, command(h.standIn, mod, 'facts', [opt.sub('status', [{ name: 'private', type: 5, value: false }])]), 10_000);
    expect(pub.data.flags).toBeUndefined();
    expect(pub.data.content).toMatch(/Serving/);
    // Not a moderator: refused, privately, whatever private says.
    const refused = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'facts', [opt.sub('status', [{ name: 'private', type: 5, value: false }])]), 10_000);
    expect(refused.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/Only moderators/) });
  });

  it('every body sent matched Discord’s OpenAPI description', () => {
    expect(expectAllBodiesValid(h.standIn)).toBeGreaterThan(0);
  });
});
