// Exports and private answers through the HTTP interactions endpoint (issue 16, items 2 to 4): an
// answer with files is deferred (privately when it is private) and finished by a multipart PATCH to
// @original whose payload_json names each attachment; private:true answers ephemerally with Post
// in channel, and the post is public; /about takes private too. Delete on a public answer is a
// deferred update, then DELETE @original with the button's token, after which the stand-in no
// longer holds the message; another member is refused privately and it stays. Bodies are checked
// against Discord's OpenAPI description.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { openApiSkipReason, validateBodilessRequest, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { snowflake, type RecordedRequest } from '../standin/discord.ts';
import { send } from './client.ts';
import { commandInteraction, componentInteraction, ids } from './signing.ts';
import { endpointOnStandIn } from './endpoint-on-standin.ts';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');
const contractSkip = openApiSkipReason();
const live = endpointOnStandIn({ dataDir: DATA, rateLimit: { capacity: 10_000, windowMs: 1_000 } });
async function post(interaction: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify(interaction);
  const r = await send(live.endpoint.url, { body, headers: live.signer.headers(body) });
  expect(r.status, r.text).toBe(200);
  const json = r.json();
  if (!contractSkip) expect(validateInteractionResponse(json)).toBeNull();
  return json;
}

async function editFor(interaction: Record<string, unknown>) {
  const token = interaction.token as string;
  const edit = await live.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${ids.APP_ID}/${token}/messages/@original`);
  if (!contractSkip) expect(validateComponentSchema('IncomingWebhookUpdateRequestPartial', edit.body)).toBeNull();
  return edit;
}

const buttonsOf = (data: any): any[] => (data.components ?? []).flatMap((r: any) => r.components);

describe('exports over HTTP', () => {
  it('format:csv is deferred, then the CSV goes by multipart PATCH with its attachment named', async () => {
    const interaction = commandInteraction('timeline', { subject: 'coalition', format: 'csv' });
    expect(await post(interaction)).toEqual({ type: 5 });
    const edit = await editFor(interaction);
    expect(edit.files).toHaveLength(1);
    const file = edit.files![0]!;
    expect(edit.body.attachments).toEqual([{ id: '0', filename: file.filename, description: expect.stringMatching(/^CSV: /) }]);
    const rows = Papa.parse<Record<string, string>>(file.data.toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data.every((r) => r.data_version === live.endpoint.store.current()!.catalog.version)).toBe(true);
  });

  it('private:true with format:json is deferred privately; Post in channel posts the file publicly', async () => {
    const interaction = commandInteraction('casualties', { subject: 'coalition', format: 'json', private: true });
    expect(await post(interaction)).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await editFor(interaction);
    expect(JSON.parse(edit.files![0]!.data.toString('utf8')).export.command).toBe('casualties');
    const postId = buttonsOf(edit.body).find((b) => b.label === 'Post in channel')?.custom_id;
    expect(postId).toMatch(/^post:casualties:.*format=json/);
    const click = componentInteraction(postId);
    expect(await post(click)).toEqual({ type: 5 });
    const posted = await editFor(click);
    expect(posted.files!.map((f) => f.filename)).toEqual(edit.files!.map((f) => f.filename));
  });

  it('private:true is ephemeral with Post in channel; the post is public', async () => {
    const priv = await post(commandInteraction('source', { name: 'airwars', private: true }));
    expect(priv.type).toBe(4);
    expect(priv.data.flags).toBe(64);
    const postId = buttonsOf(priv.data).find((b) => b.label === 'Post in channel')?.custom_id;
    const pub = await post(componentInteraction(postId));
    expect(pub.type).toBe(4);
    expect(pub.data.flags).toBeUndefined();
    expect(pub.data.embeds[0].title).toBe(priv.data.embeds[0].title);
  });
});

describe('who sees an answer over HTTP: Delete and private', () => {
  const ASKER = '300000000000000011';
  const MANAGE_GUILD = String(1 << 5);

  /** A public answer, kept by the stand-in as Discord keeps it: interaction_metadata names the asker. */
  async function publicAnswer(): Promise<{ message: any; deleteId: string }> {
    const interaction = commandInteraction('casualties', { subject: 'coalition' }, undefined, { userId: ASKER });
    const answer = await post(interaction);
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBeUndefined();
    const deleteId = buttonsOf(answer.data).find((b) => b.label === 'Delete')?.custom_id;
    expect(deleteId).toBe('remove:casualties:');
    const user = { id: ASKER, username: 'asker', discriminator: '0', global_name: null, avatar: null };
    const message = {
      id: snowflake(),
      type: 20,
      channel_id: '500000000000000005',
      content: '',
      embeds: answer.data.embeds,
      components: answer.data.components,
      interaction_metadata: { id: interaction.id, type: 2, user, authorizing_integration_owners: { '0': ids.GUILD_ID }, name: 'casualties', command_type: 1 },
    };
    live.standIn.messages.set(message.id, message);
    return { message, deleteId };
  }

  /** A click on that message's Delete, as Discord sends it (the stand-in learns the token's @original). */
  function click(message: any, customId: string, who: { userId: string; permissions?: string }): Record<string, unknown> {
    const interaction = { ...componentInteraction(customId, undefined, who), message: structuredClone(message) };
    live.standIn.interactionSeen(interaction);
    return interaction;
  }
  const isDeleteOf = (interaction: Record<string, unknown>) => (r: RecordedRequest) =>
    r.method === 'DELETE' && r.path === `/webhooks/${ids.APP_ID}/${interaction.token as string}/messages/@original`;

  async function deleted(interaction: Record<string, unknown>): Promise<void> {
    const r = await live.standIn.waitForRequest(isDeleteOf(interaction), 5_000, 'DELETE @original');
    if (!contractSkip) expect(validateBodilessRequest(r.method, r.path, r.body)).toBeNull();
  }

  it('the asker deletes: a deferred update, then DELETE @original with the button’s token; the message is gone', async () => {
    const { message, deleteId } = await publicAnswer();
    const own = click(message, deleteId, { userId: ASKER });
    expect(await post(own)).toEqual({ type: 6 });
    await deleted(own);
    expect(live.standIn.messages.has(message.id)).toBe(false);
    expect(live.standIn.deleted.has(message.id)).toBe(true);
  });

  it('a moderator deletes anyone’s answer', async () => {
    const { message, deleteId } = await publicAnswer();
    const mod = click(message, deleteId, { userId: '300000000000000012', permissions: MANAGE_GUILD });
    expect(await post(mod)).toEqual({ type: 6 });
    await deleted(mod);
    expect(live.standIn.messages.has(message.id)).toBe(false);
  });

  it('another member is refused privately, and the message stays', async () => {
    const { message, deleteId } = await publicAnswer();
    const other = click(message, deleteId, { userId: '300000000000000013' });
    const refused = await post(other);
    expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.data.content).toMatch(/Only the person who asked/);
    await new Promise((r) => setTimeout(r, 200));
    expect(live.standIn.requests.filter((r) => r.path.includes(other.token as string))).toEqual([]);
    expect(live.standIn.messages.has(message.id)).toBe(true);
  });

  it('a delete Discord refuses leaves the message edited to the removed notice', async () => {
    const { message, deleteId } = await publicAnswer();
    live.standIn.fail({ method: 'DELETE', path: /\/messages\/@original$/, status: 404, body: { message: 'Unknown Message', code: 10008 } });
    const own = click(message, deleteId, { userId: ASKER });
    expect(await post(own)).toEqual({ type: 6 });
    await editFor(own);
    expect(live.standIn.messages.get(message.id)).toMatchObject({ embeds: [], components: [], attachments: [] });
    expect(live.standIn.messages.get(message.id).content).toMatch(/removed by the person who asked/);
  });

  it('private:true on /about is ephemeral, with Post in channel', async () => {
    const priv = await post(commandInteraction('about', { private: true }));
    expect(priv).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(buttonsOf(priv.data).find((b) => b.label === 'Post in channel')?.custom_id).toBe('post:about:');
    const open = await post(commandInteraction('about'));
    expect(open.data.flags).toBeUndefined();
  });
});
