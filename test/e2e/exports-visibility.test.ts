// Exports and who sees an answer (issue 16, items 2 and 3), end to end: the real discord.js client
// (startBot, what `npm start` runs) against the Discord stand-in. format:csv answers with the CSV
// as a multipart callback whose payload_json names the attachment with its alt text; the Export
// button sends CSV and JSON privately, naming the data version; private:true answers ephemerally
// with Post in channel, which posts the answer publicly; Delete on a public answer works for the
// person who asked and for moderators only. Every body is checked against Discord's
// OpenAPI description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import Papa from 'papaparse';
import { command, component, opt, type Sent } from '../standin/interactions.ts';
import type { RecordedRequest } from '../standin/discord.ts';
import { callbackOf, expectAllBodiesValid, member, MOD_ROLE, newUser, startHarness, type Harness } from './harness.ts';

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

  it('Delete on a public answer: refused for another member; the asker and a moderator remove it', async () => {
    const asker = newUser();
    const answer = await callbackOf(h.standIn, command(h.standIn, member(asker), 'casualties', [opt.str('subject', 'coalition')]), 10_000);
    expect(answer.data.flags).toBeUndefined();
    const del = buttonsOf(answer.data).find((b) => b.label === 'Delete');
    expect(del?.custom_id).toBe('remove:casualties:');
    // Another member, on the same message (interaction_metadata names the asker): refused, privately, nothing changed.
    const other = await callbackOf(h.standIn, component(h.standIn, member(newUser()), del.custom_id, undefined, [], asker), 10_000);
    expect(other).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(other.data.content).toMatch(/Only the person who asked/);
    // The asker: the message is emptied.
    const own = await callbackOf(h.standIn, component(h.standIn, member(asker), del.custom_id, undefined, [], asker), 10_000);
    expect(own).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { embeds: [], components: [], attachments: [] } });
    expect(own.data.content).toMatch(/removed by the person who asked/);
    // A moderator may remove anyone's answer.
    const mod = await callbackOf(h.standIn, component(h.standIn, member(newUser(), { roles: [MOD_ROLE] }), del.custom_id, undefined, [], asker), 10_000);
    expect(mod.data.content).toMatch(/removed by a moderator/);
    // A private answer has no Delete (Discord's Dismiss does that).
    const priv = await callbackOf(h.standIn, command(h.standIn, member(asker), 'casualties', [opt.str('subject', 'coalition'), { name: 'private', type: 5, value: true }]), 10_000);
    expect(buttonsOf(priv.data).some((b) => b.label === 'Delete')).toBe(false);
  });

  it('every body sent matched Discord’s OpenAPI description', () => {
    expect(expectAllBodiesValid(h.standIn)).toBeGreaterThan(0);
  });
});
