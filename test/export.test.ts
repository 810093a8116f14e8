// Exports (issue 16, item 2): one row per figure with every field a newsroom needs, as RFC 4180 CSV
// (UTF-8 with BOM, formula cells neutralised) and JSON; the format: option, the Export button,
// the data version they name; and the visibility controls the dispatcher owns (private:, Post in
// channel). Every payload is checked against Discord's OpenAPI description.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { z } from 'zod';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { createDispatcher } from '../src/interactions/dispatch.ts';
import { parseInteraction } from '../src/interactions/parse.ts';
import { componentInteraction } from './http/signing.ts';
import { commands } from '../src/commands/index.ts';
import { createButtonState } from '../src/interactions/button-state.ts';
import type { Invocation, Outgoing } from '../src/interactions/invocation.ts';
import { toFigure } from '../src/answers/figure.ts';
import { EXPORT_COLUMNS, exportRow, toCsv, toJson, type ExportRow } from '../src/render/export.ts';
import { decodeCustomId } from '../src/render/custom-id.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { fixtureCatalog, fixtureInput } from './fixtures/catalog.ts';
import { payloadProblems } from './helpers/payload-checks.ts';
import { openApiSkipReason, validateInteractionResponse } from './helpers/openapi.ts';

const catalog = fixtureCatalog();
const ctx = { catalog, index: buildSearchIndex(catalog) };
const dispatcher = createDispatcher(commands, { buttonState: createButtonState() });
const caller = { id: '42', isModerator: false };
const command = (name: string, options: Record<string, string | boolean>): Invocation => ({ type: 'command', name, options, caller });
const click = (customId: string): Invocation => ({ type: 'component', customId, values: [], caller });
const skip = openApiSkipReason();

async function send(inv: Invocation, snapshot = ctx): Promise<Outgoing & { body: any }> {
  const out = await dispatcher.respond(inv, snapshot);
  expect(payloadProblems(out.body)).toEqual([]);
  if (!skip) expect(validateInteractionResponse(out.body)).toBeNull();
  return out as Outgoing & { body: any };
}

const buttons = (body: any): any[] => (body.data.components ?? []).flatMap((r: any) => r.components);
// ignoreBOM: keep the BOM in the text, so the test sees it (a plain TextDecoder drops it).
const decode = (data: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(data);

/** Reads a CSV export back with a CSV parser, undoing only what the writer added (BOM, ' before a formula). */
function readCsv(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual([...EXPORT_COLUMNS]);
  return parsed.data;
}

/** What a CSV cell holds for a row value: numbers and booleans as written, null as empty. */
const cell = (v: ExportRow[keyof ExportRow]): string => (v === null ? '' : String(v));
const neutralise = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const RowSchema = z.object({
  fact_id: z.string(),
  claimant: z.string(),
  metric_label: z.string(),
  value: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  qualifier: z.string(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  as_of: z.string().nullable(),
  status: z.string(),
  source_title: z.string().nullable(),
  source_publisher: z.string().nullable(),
  source_published: z.string().nullable(),
  source_published_inferred: z.boolean(),
  source_url: z.string().nullable(),
  quote: z.string().nullable(),
  relay_chain: z.string(),
  data_version: z.string(),
  citations: z.array(z.object({ quote: z.string(), chain: z.array(z.object({ title: z.string() })) })),
});
const ExportSchema = z.object({
  export: z.object({ command: z.string(), data_version: z.string(), answer_data_version: z.string(), data_changed: z.boolean(), note: z.string().optional() }),
  figures: z.array(RowSchema),
});

describe('export rows', () => {
  it('carry every field of the catalog figure, CSV and JSON alike', () => {
    const figures = catalog.facts.map((f) => toFigure(catalog, f));
    const rows = figures.map((f) => exportRow(f, catalog.version));
    const back = readCsv(toCsv(rows));
    expect(back).toHaveLength(catalog.facts.length);
    back.forEach((r, i) => {
      const fact = catalog.facts[i]!;
      expect(r.fact_id).toBe(fact.id);
      expect(r.claimant).toBe(catalog.entities.get(fact.claimant)!.name);
      if (typeof fact.value === 'number') expect([r.value, r.min, r.max]).toEqual([String(fact.value), '', '']);
      else expect([r.value, Number(r.min), Number(r.max)]).toEqual(['', fact.value.min, fact.value.max]);
      expect(r.qualifier).toBe(fact.qualifier);
      expect(r.status).toBe(fact.status);
      expect(r.as_of).toBe(fact.as_of ?? '');
      expect(r.quote).toBe(neutralise(fact.evidence[0]!.quote));
      const src = catalog.sources.get(fact.evidence[0]!.source)!;
      expect(r.source_title).toBe(neutralise(src.title));
      expect(r.source_url).toBe(src.url ?? '');
      expect(r.data_version).toBe(catalog.version);
      for (const k of EXPORT_COLUMNS) expect(r[k]).toBe(neutralise(cell(rows[i]![k])));
    });
    const json = ExportSchema.parse(JSON.parse(JSON.stringify(toJson(figures, { command: 'fact', options: {}, dataVersion: catalog.version }))));
    json.figures.forEach((r, i) => {
      const fact = catalog.facts[i]!;
      expect(r.value ?? { min: r.min, max: r.max }).toEqual(fact.value);
      expect(r.citations.map((c) => c.quote)).toEqual(fact.evidence.map((e) => e.quote));
    });
    expect(json.export).toMatchObject({ data_version: catalog.version, answer_data_version: catalog.version, data_changed: false });
  });

  it('neutralise formula cells in CSV only, and keep any text whole through a CSV parser', () => {
    const base = exportRow(toFigure(catalog, catalog.facts[0]!), 'v1');
    const text = fc.oneof(fc.string(), fc.constantFrom('=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\r=y', '=a\nb', 'a,"b"', 'Ω “q”\r\n', ''));
    fc.assert(
      fc.property(text, text, (quote, notes) => {
        const row = { ...base, quote, notes };
        const [r] = readCsv(toCsv([row]));
        expect(r!.quote).toBe(neutralise(quote));
        expect(r!.notes).toBe(neutralise(notes));
        const json = toJson([], { command: 'x', options: {}, dataVersion: 'v1' });
        expect(json.export.data_changed).toBe(false);
      }),
    );
    // RFC 4180: CRLF between records, quotes doubled inside quoted cells.
    const csv = toCsv([{ ...base, quote: 'say "hi", then go' }]);
    expect(csv).toMatch(/\r\n/);
    expect(csv).toContain('"say ""hi"", then go"');
    // Negative numbers are numbers, not formulas.
    const [neg] = readCsv(toCsv([{ ...base, value: -3 }]));
    expect(neg!.value).toBe('-3');
  });
});

describe('format: option', () => {
  it('answers with the figures as a CSV attachment named in the body, with alt text', async () => {
    const out = await send(command('timeline', { subject: 'coalition', format: 'csv' }));
    expect(out.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(out.files).toHaveLength(1);
    const file = out.files![0]!;
    expect(file.name).toMatch(/^timeline-.*\.csv$/);
    expect(out.body.data.attachments).toEqual([{ id: '0', filename: file.name, description: file.description }]);
    expect(out.body.data.content).toContain(catalog.version);
    expect([...file.data.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(decode(file.data));
    const answer = dispatcher.answer(ctx, 'timeline', { subject: 'coalition' })!;
    expect(answer.kind).toBe('timeline');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.data_version === catalog.version)).toBe(true);
  });

  it('answers JSON for every exporting command, and a question with no figures as usual', async () => {
    for (const [name, options] of [['casualties', { subject: 'coalition' }], ['source', { name: 'airwars' }], ['fact', { query: 'coalition' }]] as const) {
      const out = await send(command(name, { ...options, format: 'json' }));
      expect(out.files?.[0]?.name).toMatch(new RegExp(`^${name}-.*\\.json$`));
      const json = ExportSchema.parse(JSON.parse(decode(out.files![0]!.data)));
      expect(json.figures.length).toBeGreaterThan(0);
      expect(json.export.command).toBe(name);
    }
    const none = await send(command('fact', { query: 'zzqqxx', format: 'csv' }));
    expect(none.files).toBeUndefined();
  });
});

describe('the Export button', () => {
  it('carries the data version, returns CSV and JSON privately, and says when the data changed since', async () => {
    const out = await send(command('casualties', { subject: 'coalition' }));
    const exp = buttons(out.body).find((b) => b.label === 'Export');
    expect(exp).toBeDefined();
    const d = decodeCustomId(exp.custom_id);
    expect(d).toMatchObject({ verb: 'export', command: 'casualties', options: { _v: catalog.version } });
    const same = await send(click(exp.custom_id));
    expect(same.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(same.files!.map((f) => f.name.split('.').at(-1))).toEqual(['csv', 'json']);
    expect(JSON.parse(decode(same.files![1]!.data)).export.data_changed).toBe(false);
    expect(same.body.data.content).not.toMatch(/changed/);

    // The same button pressed after the data changed: the export is of the new data, and says so.
    const edited = fixtureCatalog({ ...fixtureInput, entities: [...(fixtureInput.entities ?? [])] });
    const changed = { catalog: { ...edited, version: 'newversion1' } as typeof edited, index: buildSearchIndex(edited) };
    const later = await send(click(exp.custom_id), changed as typeof ctx);
    expect(later.body.data.content).toMatch(/data has changed since that answer/);
    const json = ExportSchema.parse(JSON.parse(decode(later.files![1]!.data)));
    expect(json.export).toMatchObject({ data_version: 'newversion1', answer_data_version: catalog.version, data_changed: true });
    expect(readCsv(decode(later.files![0]!.data)).every((r) => r.data_version === 'newversion1')).toBe(true);
  });
});

describe('who sees an answer', () => {
  it('private: answers ephemerally with a Post in channel button that posts it for everyone', async () => {
    const priv = await send(command('casualties', { subject: 'coalition', private: true }));
    expect(priv.body.data.flags).toBe(MessageFlags.Ephemeral);
    const post = buttons(priv.body).find((b) => b.label === 'Post in channel');
    expect(decodeCustomId(post.custom_id)).toMatchObject({ verb: 'post', command: 'casualties' });
    const pub = await send(click(post.custom_id));
    expect(pub.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(pub.body.data.flags).toBeUndefined();
    expect(pub.body.data.embeds[0].title).toBe(priv.body.data.embeds[0].title);
    // A public answer has no Post button.
    const open = await send(command('casualties', { subject: 'coalition' }));
    expect(buttons(open.body).some((b) => b.label === 'Post in channel')).toBe(false);
  });

  it('Cite is private with a Post in channel button; posted, it is public', async () => {
    const open = await send(command('timeline', { subject: 'coalition' }));
    const cite = buttons(open.body).find((b) => String(b.custom_id).startsWith('cite:'));
    const c = await send(click(cite.custom_id));
    expect(c.body.data.flags).toBe(MessageFlags.Ephemeral);
    const post = buttons(c.body).find((b) => b.label === 'Post in channel');
    expect(decodeCustomId(post.custom_id)).toMatchObject({ verb: 'postcite' });
    const pub = await send(click(post.custom_id));
    expect(pub.body.data.flags).toBeUndefined();
    expect(pub.body.data.content).toBe(c.body.data.content);
  });

  it('Delete: only on public answers; the asker (interaction_metadata) or a moderator only', async () => {
    const open = await send(command('timeline', { subject: 'coalition' }));
    const del = buttons(open.body).find((b) => b.label === 'Delete');
    expect(del).toMatchObject({ custom_id: 'remove:timeline:', style: 4 });
    const on = (who: { id: string; isModerator: boolean }, asker?: string): Invocation => ({
      type: 'component',
      customId: del.custom_id,
      values: [],
      caller: who,
      message: { id: '1', ...(asker ? { interaction: { id: '2', type: 2, userId: asker } } : {}) },
    });
    const refused = await send(on({ id: '7', isModerator: false }, '42'));
    expect(refused.body).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    // Without interaction_metadata nobody but a moderator may (a mention's reply, an old message).
    expect((await send(on({ id: '42', isModerator: false }))).body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.deleteOriginal).toBeUndefined();
    // Allowed: a deferred update, then the message is deleted; the removed notice only if that fails.
    const own = await send(on({ id: '42', isModerator: false }, '42'));
    expect(own.body).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect(own.deleteOriginal?.fallback).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { embeds: [], components: [], attachments: [] } });
    expect((own.deleteOriginal?.fallback as any).data.content).toMatch(/person who asked/);
    if (!skip) expect(validateInteractionResponse(own.deleteOriginal!.fallback)).toBeNull();
    const mod = await send(on({ id: '9', isModerator: true }, '42'));
    expect(mod.body).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect((mod.deleteOriginal?.fallback as any).data.content).toMatch(/moderator/);
    // A moderator may delete a reply with no interaction behind it (an @mention's).
    expect((await send(on({ id: '9', isModerator: true }))).deleteOriginal).toBeDefined();
    const priv = await send(command('timeline', { subject: 'coalition', private: true }));
    expect(buttons(priv.body).some((b) => b.label === 'Delete')).toBe(false);
  });

  it('says so when Discord would keep a post private (user install, no Use External Apps), read from the interaction', async () => {
    const USE_EXTERNAL_APPS = 1n << 50n;
    const raw = (owners: Record<string, string>, permissions: bigint) => {
      const i = componentInteraction('post:fact:query=coalition') as any;
      return { ...i, authorizing_integration_owners: owners, member: { ...i.member, permissions: String(permissions) } };
    };
    const callerOf = (x: unknown) => (parseInteraction(x, new Set()) as any).invocation.caller;
    const guild = (componentInteraction('x') as any).guild_id as string;
    expect(callerOf(raw({ '1': '5' }, 0n)).forcedPrivate).toBe(true);
    expect(callerOf(raw({ '1': '5' }, USE_EXTERNAL_APPS)).forcedPrivate).toBeUndefined();
    expect(callerOf(raw({ '0': guild, '1': '5' }, 0n)).forcedPrivate).toBeUndefined();
    const told = await send({ ...(click('post:fact:query=coalition') as any), caller: { ...caller, guildId: guild, forcedPrivate: true } });
    expect(told.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(told.body.data.content).toMatch(/Use External Apps/);
  });

  it('a private export can be posted too, as the same file', async () => {
    const priv = await send(command('source', { name: 'airwars', format: 'csv', private: true }));
    expect(priv.body.data.flags).toBe(MessageFlags.Ephemeral);
    const post = buttons(priv.body).find((b) => b.label === 'Post in channel');
    const pub = await send(click(post.custom_id));
    expect(pub.body.data.flags).toBeUndefined();
    expect(pub.files!.map((f) => f.name)).toEqual(priv.files!.map((f) => f.name));
    expect(decode(pub.files![0]!.data)).toBe(decode(priv.files![0]!.data));
  });
});
