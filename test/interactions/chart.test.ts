// /timeline's chart through the dispatcher (issue 16, item 1): the answer the runner sends carries
// the PNG as timeline.png, shown as the embed's image, with its alt text as the attachment's
// description; without a chart (drawing failed, too slow, nothing dated) the text table answers
// alone; other answers and exports are untouched. The drawing here is a stand-in; the real one is
// tested in test/render/chart.test.ts and through the worker in test/render/chart-worker.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.ts';
import { createDispatcher, type DispatcherOptions } from '../../src/interactions/dispatch.ts';
import type { Invocation } from '../../src/interactions/invocation.ts';
import { encodeCustomId } from '../../src/render/custom-id.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';
import { payloadProblems } from '../helpers/payload-checks.ts';
import { openApiSkipReason, validateInteractionResponse } from '../helpers/openapi.ts';

const catalog = fixtureCatalog();
const ctx = { catalog, index: buildSearchIndex(catalog) };
const caller = { id: '42', isModerator: false };
const command = (name: string, options: Record<string, string>): Invocation => ({ type: 'command', name, options, caller });
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const skip = openApiSkipReason();

function dispatcherWith(chart: DispatcherOptions['chart']) {
  return createDispatcher(commands, chart ? { chart } : {});
}

describe('/timeline with a chart', () => {
  it('attaches the chart as the embed image, with the alt text as the attachment description', async () => {
    const draw = vi.fn(async () => PNG_BYTES);
    const out = await dispatcherWith({ draw }).respond(command('timeline', { subject: 'coalition' }), ctx);
    expect(draw).toHaveBeenCalledTimes(1);
    const body = out.body as any;
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.embeds[0].image).toEqual({ url: 'attachment://timeline.png' });
    // The table is still the embed's text: the chart is beside it, not instead of it.
    expect(body.data.embeds[0].description).toContain('```');
    expect(body.data.attachments).toHaveLength(1);
    const [attachment] = body.data.attachments;
    expect(attachment).toMatchObject({ id: '0', filename: 'timeline.png' });
    expect(attachment.description).toMatch(/^Chart of Civilian deaths: US-led coalition, /);
    expect(attachment.description).toContain(`Data version ${catalog.version}.`);
    expect(out.files).toEqual([{ name: 'timeline.png', data: PNG_BYTES, contentType: 'image/png', description: attachment.description }]);
    expect(payloadProblems(out.body)).toEqual([]);
    if (!skip) expect(validateInteractionResponse(out.body)).toBeNull();
  });

  it('answers with the table alone when drawing fails, and says why to onFailed', async () => {
    const onFailed = vi.fn();
    const out = await dispatcherWith({ draw: async () => Promise.reject(new Error('resvg exploded')), onFailed }).respond(command('timeline', { subject: 'coalition' }), ctx);
    const body = out.body as any;
    expect(body.data.embeds[0].image).toBeUndefined();
    expect(body.data.attachments).toBeUndefined();
    expect(out.files).toBeUndefined();
    expect(body.data.embeds[0].description).toContain('```');
    expect(onFailed).toHaveBeenCalledWith(expect.objectContaining({ message: 'resvg exploded' }));
  });

  it('gives up on a chart that takes too long, and answers with the table', async () => {
    const onFailed = vi.fn();
    const started = Date.now();
    const out = await dispatcherWith({ draw: () => new Promise(() => {}), timeoutMs: 50, onFailed }).respond(command('timeline', { subject: 'coalition' }), ctx);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(out.files).toBeUndefined();
    expect((out.body as any).data.embeds[0].description).toContain('```');
    expect(onFailed).toHaveBeenCalledWith(expect.objectContaining({ message: 'no chart after 50 ms' }));
  });

  it('keeps the chart on a private answer, and leaves exports and other commands alone', async () => {
    const draw = vi.fn(async () => PNG_BYTES);
    const d = dispatcherWith({ draw });
    const hidden = await d.respond(command('timeline', { subject: 'coalition', private: 'true' }), ctx);
    expect((hidden.body as any).data.flags).toBe(MessageFlags.Ephemeral);
    expect((hidden.body as any).data.embeds[0].image.url).toBe('attachment://timeline.png');
    expect(hidden.files?.[0]?.name).toBe('timeline.png');

    const csv = await d.respond(command('timeline', { subject: 'coalition', format: 'csv' }), ctx);
    expect(csv.files?.map((f) => f.name)).toEqual([expect.stringMatching(/\.csv$/)]);

    const casualties = await d.respond(command('casualties', { subject: 'coalition' }), ctx);
    expect(casualties.files).toBeUndefined();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('draws the chart for a timeline asked again from a button (Post in channel)', async () => {
    const draw = vi.fn(async () => PNG_BYTES);
    const customId = encodeCustomId('post', 'timeline', { subject: 'us-led-coalition' })!;
    const out = await dispatcherWith({ draw }).respond({ type: 'component', customId, values: [], caller }, ctx);
    expect((out.body as any).data.embeds[0].image.url).toBe('attachment://timeline.png');
    expect(out.files?.[0]?.contentType).toBe('image/png');
  });

  it('draws nothing when the subject has no timeline, or without a chart renderer', async () => {
    const draw = vi.fn(async () => PNG_BYTES);
    const none = await dispatcherWith({ draw }).respond(command('timeline', { subject: 'zzzzqqqq' }), ctx);
    expect(none.files).toBeUndefined();
    expect(draw).not.toHaveBeenCalled();
    const plain = await dispatcherWith(undefined).respond(command('timeline', { subject: 'coalition' }), ctx);
    expect(plain.files).toBeUndefined();
    expect((plain.body as any).data.embeds[0].image).toBeUndefined();
  });
});
