// /timeline's chart end to end (issue 16, item 1): through the real discord.js client (startBot,
// what `npm start` runs) against the Discord stand-in, and through the HTTP interactions endpoint,
// `/timeline coalition` answers with an embed whose image is the attached chart
// (attachment://timeline.png), the attachment named in payload_json with its alt text, and the
// file a PNG that decodes at the chart's size. The chart worker draws it; when the first chart
// (which loads Vega in the worker) takes longer than the runner waits, the answer is deferred and
// the chart comes with the edit, so either path is accepted. Every body is checked against
// Discord's OpenAPI description.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
import { PNG } from 'pngjs';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../../src/render/chart/theme.ts';
import { openApiSkipReason, validateComponentSchema, validateInteractionResponse } from '../helpers/openapi.ts';
import { send } from '../http/client.ts';
import { commandInteraction, ids } from '../http/signing.ts';
import type { RecordedRequest } from '../standin/discord.ts';
import { command, opt } from '../standin/interactions.ts';
import { callbackOf, editOf, member, newUser, startHarness, type Harness } from './harness.ts';
import { endpointOnStandIn } from '../http/endpoint-on-standin.ts';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');

function expectChart(body: any, files: RecordedRequest['files'], version: string): void {
  const embed = body.embeds[0];
  expect(embed.image).toEqual({ url: 'attachment://timeline.png' });
  // The table stays in the embed: the text fallback, and what a screen reader reads first.
  expect(embed.description).toContain('```');
  expect(body.attachments).toEqual([{ id: '0', filename: 'timeline.png', description: expect.stringMatching(/^Chart of Civilian deaths: US-led coalition/) }]);
  const alt: string = body.attachments[0].description;
  expect(alt).toContain('CJTF-OIR');
  expect(alt).toContain(`Data version ${version}.`);
  expect(alt.length).toBeLessThanOrEqual(1024);
  expect(files).toHaveLength(1);
  const file = files![0]!;
  expect(file).toMatchObject({ field: 'files[0]', filename: 'timeline.png', contentType: 'image/png' });
  const png = PNG.sync.read(file.data);
  expect([png.width, png.height]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);
}

describe('/timeline chart through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers with the chart as the embed image, attached with alt text', async () => {
    const sent = command(h.standIn, member(newUser()), 'timeline', [opt.str('subject', 'coalition')]);
    const first = await callbackOf(h.standIn, sent, 20_000);
    const callback = h.standIn.requests.find((q) => q.method === 'POST' && q.path === `/interactions/${sent.id}/${sent.token}/callback`)!;
    const version = h.bot.store.current()!.catalog.version;
    if (first.type === InteractionResponseType.DeferredChannelMessageWithSource) {
      await editOf(h.standIn, sent, 20_000);
      const edit = h.standIn.requests.find((q) => q.method === 'PATCH' && q.path.endsWith(`/${sent.token}/messages/@original`))!;
      expectChart(edit.body, edit.files, version);
    } else {
      expect(first.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expectChart(first.data, callback.files, version);
    }
    expect(h.logged('chart left out; answered with the table alone')).toEqual([]);
  }, 40_000);

  it('a second chart comes without deferral: the worker is warm', async () => {
    const sent = command(h.standIn, member(newUser()), 'timeline', [opt.str('subject', 'coalition')]);
    const body = await callbackOf(h.standIn, sent, 10_000);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const callback = h.standIn.requests.find((q) => q.method === 'POST' && q.path === `/interactions/${sent.id}/${sent.token}/callback`)!;
    expectChart(body.data, callback.files, h.bot.store.current()!.catalog.version);
  }, 20_000);
});

describe('/timeline chart through the HTTP endpoint', () => {
  const contractSkip = openApiSkipReason();
  const live = endpointOnStandIn({ dataDir: DATA });

  it('is deferred (files cannot ride on the HTTP response), then the chart goes by multipart PATCH', async () => {
    const interaction = commandInteraction('timeline', { subject: 'coalition' });
    const body = JSON.stringify(interaction);
    const r = await send(live.endpoint.url, { body, headers: live.signer.headers(body) });
    expect(r.status, r.text).toBe(200);
    expect(r.json()).toEqual({ type: 5 });
    if (!contractSkip) expect(validateInteractionResponse(r.json())).toBeNull();
    const edit = await live.standIn.waitForRequest((q) => q.method === 'PATCH' && q.path === `/webhooks/${ids.APP_ID}/${interaction.token as string}/messages/@original`, 20_000);
    if (!contractSkip) expect(validateComponentSchema('IncomingWebhookUpdateRequestPartial', edit.body)).toBeNull();
    expectChart(edit.body, edit.files, live.endpoint.store.current()!.catalog.version);
  }, 40_000);
});
