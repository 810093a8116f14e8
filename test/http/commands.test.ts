// Every command, autocomplete and component through the real HTTP endpoint (startEndpoint, the
// code `npm run serve` runs) on 127.0.0.1, with requests signed by a test key, against the shipped
// fact files. Bodies are checked against Discord's published schema and against what the ask CLI
// (`npm run ask -- --json`) prints for the same command.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { answerCommandPayload, autocompletePayload } from '../helpers/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { startEndpoint, type RunningEndpoint } from '../../src/transports/http/endpoint.ts';
import { openApiSkipReason, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { send } from './client.ts';
import { autocompleteInteraction, commandInteraction, componentInteraction, createTestSigner, ids } from './signing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.join(root, 'data');
const MOD_ROLE = '900000000000000009';
const signer = createTestSigner();
const contractSkip = openApiSkipReason();
if (contractSkip) console.warn(contractSkip);

let standIn: DiscordStandIn;
let endpoint: RunningEndpoint;
let ctx: Parameters<typeof answerCommandPayload>[0];

beforeAll(async () => {
  standIn = await new DiscordStandIn({ token: 'unused-by-the-endpoint', applicationId: ids.APP_ID }).start();
  endpoint = await startEndpoint({
    env: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: standIn.apiUrl, MODERATOR_ROLE_IDS: MOD_ROLE },
    port: 0,
    host: '127.0.0.1',
    dataDir: DATA,
    logger: silentLogger,
    watch: false,
    // One test user asks everything here; the limit itself is tested in endpoint.test.ts.
    rateLimit: { capacity: 10_000, windowMs: 1_000 },
    // Each answer here must equal ask --json's payload; /timeline's chart (an attachment, so a
    // deferral and a multipart edit over HTTP) is tested in test/e2e/timeline-chart.test.ts.
    charts: false,
  });
  const loaded = await loadCatalog(DATA);
  if (!loaded.ok) throw new Error('shipped data does not load');
  ctx = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };
});

afterAll(async () => {
  await endpoint?.stop(1000);
  await standIn?.close();
});

async function post(interaction: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify(interaction);
  const r = await send(endpoint.url, { body, headers: signer.headers(body) });
  expect(r.status, r.text).toBe(200);
  const json = r.json();
  if (!contractSkip) expect(validateInteractionResponse(json)).toBeNull();
  return json;
}

describe('commands over HTTP', () => {
  const questions: Array<[string, Record<string, string>]> = [
    ['casualties', { subject: 'coalition' }],
    ['casualties', { subject: 'airwars', place: 'syria' }],
    ['timeline', { subject: 'coalition' }],
    ['source', { name: 'kuna' }],
    ['fact', { query: '1,370' }],
    ['about', {}],
    ['casualties', { subject: 'no such thing at all' }],
  ];

  it.each(questions)('/%s %j answers exactly what the dispatcher renders for ask --json', async (name, options) => {
    const json = await post(commandInteraction(name, options));
    expect(json.type).toBe(4);
    expect(json).toEqual(answerCommandPayload(ctx, name, options));
  });

  it('autocomplete returns the same choices as ask --autocomplete', async () => {
    const json = await post(autocompleteInteraction('casualties', { subject: 'coa' }, 'subject'));
    expect(json.type).toBe(8);
    expect(json.data.choices.length).toBeGreaterThan(0);
    expect(json).toEqual(autocompletePayload(ctx, 'casualties', 'subject', { subject: 'coa' }));
    const source = await post(autocompleteInteraction('source', { name: 'air' }, 'name'));
    expect(source).toEqual(autocompletePayload(ctx, 'source', 'name', { name: 'air' }));
  });

  it('every button on an answer works when clicked', async () => {
    const answer = await post(commandInteraction('casualties', { subject: 'coalition' }));
    const customIds: string[] = (answer.data.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id)).filter(Boolean);
    expect(customIds.length).toBeGreaterThan(0);
    for (const id of customIds) {
      const json = await post(componentInteraction(id));
      // 5: an answer with files (Export) is deferred, then finished by a multipart PATCH.
      expect(id.startsWith('export:') ? [5] : [4, 7], id).toContain(json.type);
      expect(JSON.stringify(json)).not.toMatch(/no longer valid|went wrong/);
    }
  });

  it('pages: /source airwars answers page 2 when its Page 2 button is clicked', async () => {
    const answer = await post(commandInteraction('source', { name: 'airwars' }));
    const next = (answer.data.components ?? []).flatMap((row: any) => row.components).find((c: any) => /^Page 2/.test(c.label ?? ''));
    expect(next, 'a Page 2 button').toBeDefined();
    const json = await post(componentInteraction(next.custom_id));
    expect(json.type).toBe(7);
    expect(json.data.embeds[0].description).toMatch(/\(page 2 of \d+\)/);
    expect(json).toEqual({ type: 7, data: (answerCommandPayload(ctx, 'source', { name: 'airwars', page: '2' }) as { data: unknown }).data });
  });

  it('an unknown or stale button is answered, not failed', async () => {
    const json = await post(componentInteraction('run:nosuchcommand:x=1'));
    expect(json).toMatchObject({ type: 4, data: { flags: 64 } });
  });
});

describe('/facts over HTTP', () => {
  it('status is for moderators only, and ephemeral', async () => {
    const refused = await post(commandInteraction('facts', {}, 'status', { permissions: '0' }));
    expect(refused.data).toMatchObject({ flags: 64 });
    expect(refused.data.content).toMatch(/Only moderators/);
    const byRole = await post(commandInteraction('facts', {}, 'status', { roles: [MOD_ROLE] }));
    expect(byRole.data.content).toMatch(/Serving/);
    const byPermission = await post(commandInteraction('facts', {}, 'status', { permissions: String(1 << 5) }));
    expect(byPermission.data.content).toContain(endpoint.store.current()!.catalog.version);
    const inDm = await post(commandInteraction('facts', {}, 'status', { dm: true }));
    expect(inDm.data.content).toMatch(/Only moderators/);
  });

  it('reload is deferred at once (ephemeral) and finished by a PATCH to @original', async () => {
    const interaction = commandInteraction('facts', {}, 'reload', { permissions: String(1 << 5) });
    const json = await post(interaction);
    expect(json).toEqual({ type: 5, data: { flags: 64 } });
    const token = interaction.token as string;
    const edit = await standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${ids.APP_ID}/${token}/messages/@original`);
    expect(edit.authorization).toBeUndefined(); // the interaction token in the path is the credential
    expect(edit.body.content).toMatch(/Reloaded|unchanged/);
    if (!contractSkip) expect(validateComponentSchema('IncomingWebhookUpdateRequestPartial', edit.body)).toBeNull();
  });
});

describe('health', () => {
  it('GET /healthz reports the catalog version being served', async () => {
    const r = await send(endpoint.url, { method: 'GET', path: '/healthz' });
    expect(r.json()).toEqual({ status: 'ok', version: endpoint.store.current()!.catalog.version });
  });
});
