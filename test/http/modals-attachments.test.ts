// Attachments and modals through the HTTP endpoint (startEndpoint, what `npm run serve` runs), read
// by the same parser as the gateway's twin, test/e2e/modals-attachments.test.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.ts';
import { note, upload } from '../fixtures/toy-commands.ts';
import { openApiSkipReason, validateInteractionResponse } from '../helpers/openapi.ts';
import { send } from './client.ts';
import { attachmentCommandInteraction, commandInteraction, ids, modalInteraction } from './signing.ts';
import { endpointOnStandIn } from './endpoint-on-standin.ts';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway-data');
const contractSkip = openApiSkipReason();
const live = endpointOnStandIn({ dataDir: DATA, commands: [...commands, upload, note] });
async function post(interaction: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify(interaction);
  const r = await send(live.endpoint.url, { body, headers: live.signer.headers(body) });
  expect(r.status, r.text).toBe(200);
  const json = r.json();
  if (!contractSkip) expect(validateInteractionResponse(json)).toBeNull();
  return json;
}

describe('through the HTTP endpoint', () => {
  it('reads a resolved attachment option', async () => {
    const file = { id: '810000000000000001', filename: 'facts.yaml', size: 1234, url: 'https://cdn.discordapp.com/attachments/1/2/facts.yaml', content_type: 'application/yaml' };
    const json = await post(attachmentCommandInteraction('upload', 'file', file));
    expect(json.data.embeds[0].description).toContain('facts.yaml, 1234 bytes, application/yaml, from cdn.discordapp.com');
  });

  it('refuses an attachment option Discord did not resolve', async () => {
    const interaction = attachmentCommandInteraction('upload', 'file', { id: '810000000000000002', filename: 'x', size: 1, url: 'https://cdn.discordapp.com/x' });
    (interaction.data as any).resolved = {};
    const body = JSON.stringify(interaction);
    expect((await send(live.endpoint.url, { body, headers: live.signer.headers(body) })).status).toBe(400);
  });

  it('shows a modal, then answers its submission (inputs in rows and in labels)', async () => {
    const shown = await post(commandInteraction('note'));
    expect(shown.type).toBe(9);
    const json = await post(modalInteraction(shown.data.custom_id, { text: 'check the 2018 figure', more: 'and its source' }));
    expect(json.data.embeds[0].description.replace(/\\/g, "")).toBe(`for ${ids.USER_ID}: check the 2018 figure / and its source`);
  });
});
