// /facts download, upload and Apply through the HTTP endpoint (startEndpoint, what `npm run serve`
// runs): the same desk as the gateway bot, with STATE_DIR shared by the instances; slow steps are
// deferred and finished by an edit to the stand-in (multipart, for the downloaded file).
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { silentLogger } from '../../src/log.ts';
import { startEndpoint, type RunningEndpoint } from '../../src/transports/http/endpoint.ts';
import { openApiSkipReason, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { send } from './client.ts';
import { commandInteraction, componentInteraction, createTestSigner, ids } from './signing.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway-data');
const MANAGE_GUILD = String(1 << 5);
const signer = createTestSigner();
const contractSkip = openApiSkipReason();

let standIn: DiscordStandIn;
let endpoint: RunningEndpoint;
let root: string;
let data: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'facts-http-'));
  data = path.join(root, 'data');
  await cp(FIXTURE, data, { recursive: true });
  standIn = await new DiscordStandIn({ token: 'unused-by-the-endpoint', applicationId: ids.APP_ID }).start();
  endpoint = await startEndpoint({
    env: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: standIn.apiUrl, STATE_DIR: path.join(root, 'state') },
    port: 0,
    host: '127.0.0.1',
    dataDir: data,
    logger: silentLogger,
    watch: false,
    rateLimit: { capacity: 1000, windowMs: 1000 },
  });
});
afterAll(async () => {
  await endpoint?.stop(1000);
  await standIn?.close();
  await rm(root, { recursive: true, force: true });
});

async function post(interaction: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify(interaction);
  const r = await send(endpoint.url, { body, headers: signer.headers(body) });
  expect(r.status, r.text).toBe(200);
  const json = r.json();
  if (!contractSkip) expect(validateInteractionResponse(json)).toBeNull();
  return json;
}

async function editFor(interaction: Record<string, unknown>) {
  const r = await standIn.waitForRequest((q) => q.method === 'PATCH' && q.path === `/webhooks/${ids.APP_ID}/${interaction.token as string}/messages/@original`, 10_000);
  if (!contractSkip) expect(validateComponentSchema('IncomingWebhookUpdateRequestPartial', r.body)).toBeNull();
  return r;
}

const mod = { permissions: MANAGE_GUILD };

function uploadInteraction(text: string, who = mod): Record<string, unknown> {
  const file = standIn.serveAttachment('facts.yaml', text, { contentType: 'application/yaml' });
  const interaction = commandInteraction('facts', {}, undefined, who);
  (interaction.data as any).options = [{ name: 'upload', type: 1, options: [{ name: 'file', type: 11, value: file.id }] }];
  (interaction.data as any).resolved = { attachments: { [file.id]: file } };
  return interaction;
}

describe('/facts over HTTP', () => {
  it('download: a private deferral, then the file in a multipart edit', async () => {
    const interaction = commandInteraction('facts', { file: 'facts.yaml' }, 'download', mod);
    expect(await post(interaction)).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await editFor(interaction);
    expect(edit.body.content).toContain('`facts.yaml`');
    expect(edit.body.attachments).toEqual([{ id: '0', filename: 'facts.yaml', description: 'Fact file facts.yaml' }]);
    expect(edit.files?.[0]?.data.equals(await readFile(path.join(data, 'facts.yaml')))).toBe(true);
  });

  it('upload previews, a member’s Apply is refused, the moderator’s applies', async () => {
    const original = await readFile(path.join(data, 'facts.yaml'), 'utf8');
    const edited = original.replace('value: 1370', 'value: 1371').replaceAll('at least 1,370 civilians', 'at least 1,371 civilians');
    const interaction = uploadInteraction(edited);
    expect((await post(interaction)).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const preview = (await editFor(interaction)).body;
    expect(preview.content).toContain('value at least 1,370 → at least 1,371');
    const applyId = preview.components[0].components[0].custom_id;

    expect(await post(componentInteraction(applyId, undefined, { permissions: '0' }))).toMatchObject({ data: { content: REFUSED_MESSAGE } });
    expect(await readFile(path.join(data, 'facts.yaml'), 'utf8')).toBe(original);

    const click = componentInteraction(applyId, undefined, mod);
    expect(await post(click)).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect((await editFor(click)).body.content).toMatch(/✅ Applied/);
    expect(await readFile(path.join(data, 'facts.yaml'), 'utf8')).toBe(edited);
    expect(endpoint.store.require().catalog.factsById.get('cjtf-oir-civilian-deaths-2019-12')?.value).toBe(1371);
  });

  it('a member is refused at once, without a deferral', async () => {
    expect(await post(uploadInteraction('facts: []\n', { permissions: '0' }))).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: REFUSED_MESSAGE } });
  });
});
