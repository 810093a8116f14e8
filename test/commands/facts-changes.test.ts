// /facts download, upload, add, history and revert through the shared dispatcher (what both
// transports call): the bodies Discord receives (checked against its OpenAPI description), and a
// member refused at every step, on every button and on the modal, with nothing changed.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.ts';
import { REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { createDispatcher, type Snapshot } from '../../src/interactions/dispatch.ts';
import type { Caller, Invocation } from '../../src/interactions/invocation.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { createCatalogStore, type CatalogStore } from '../../src/live/catalog-store.ts';
import { createFactsDesk, type FactsDesk } from '../../src/live/facts-desk.ts';
import { encodeActionId } from '../../src/render/custom-id.ts';
import { openApiSkipReason, validateInteractionResponse } from '../helpers/openapi.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway-data');
const contractSkip = openApiSkipReason();
const GUILD = '200000000000000001';
const MOD: Caller = { id: '500000000000000001', name: 'Mod', isModerator: true, guildId: GUILD };
const MEMBER: Caller = { id: '500000000000000002', name: 'Member', isModerator: false, guildId: GUILD };

const dispatcher = createDispatcher(commands);
let root: string;
let data: string;
let store: CatalogStore;
let desk: FactsDesk;
let served: Map<string, string>;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'facts-cmd-'));
  data = path.join(root, 'data');
  await cp(FIXTURE, data, { recursive: true });
  // In-thread loading: the worker that reads files for the running bot has tests of its own
  // (catalog-store, hostile files); here it would only add a thread start per reload.
  store = createCatalogStore({ dir: data, load: (d) => loadCatalog(d) });
  await store.reload('test');
  served = new Map();
  const fetch = (async (url: string | URL) => new Response(served.get(new URL(url).pathname) ?? '', { status: served.has(new URL(url).pathname) ? 200 : 404 })) as typeof globalThis.fetch;
  desk = createFactsDesk({ dataDir: data, stateDir: path.join(root, 'state'), fetch });
});
afterEach(async () => {
  store.close();
  await rm(root, { recursive: true, force: true });
});

const snapshot = (): Snapshot => {
  const s = store.require();
  return { catalog: s.catalog, index: s.index, store, desk };
};

async function send(inv: Invocation) {
  const out = await dispatcher.respond(inv, snapshot());
  if (!contractSkip) expect(validateInteractionResponse(out.body), JSON.stringify(out.body).slice(0, 400)).toBeNull();
  return out;
}

const facts = (caller: Caller, subcommand: string, options: Record<string, string> = {}, attachments?: Record<string, { id: string; filename: string; size: number; url: string }>): Invocation => ({
  type: 'command',
  name: 'facts',
  subcommand,
  options,
  caller,
  ...(attachments ? { attachments } : {}),
});
const click = (caller: Caller, customId: string): Invocation => ({ type: 'component', customId, values: [], caller });
const modal = (caller: Caller, fields: Record<string, string>): Invocation => ({ type: 'modal', customId: encodeActionId('facts', 'add', '')!, fields, caller });

function upload(caller: Caller, text: string, target?: string): Invocation {
  served.set('/attachments/1/2/facts.yaml', text);
  const a = { id: '800000000000000001', filename: 'facts.yaml', size: Buffer.byteLength(text), url: 'https://cdn.discordapp.com/attachments/1/2/facts.yaml' };
  return facts(caller, 'upload', { file: a.id, ...(target ? { target } : {}) }, { [a.id]: a });
}

const content = (out: { body: unknown }): string => (out.body as { data: { content: string } }).data.content;
const edited = async () => (await readFile(path.join(data, 'facts.yaml'), 'utf8')).replace('value: 1370', 'value: 1371').replaceAll('at least 1,370 civilians', 'at least 1,371 civilians');

describe('for a moderator', () => {
  it('download answers privately with the file attached', async () => {
    const out = await send(facts(MOD, 'download', { file: 'facts.yaml' }));
    expect((out.body as any).data.flags).toBe(MessageFlags.Ephemeral);
    expect(content(out)).toContain('`facts.yaml`');
    expect(out.files?.[0]).toMatchObject({ name: 'facts.yaml', contentType: 'application/yaml' });
    expect(Buffer.from(out.files![0]!.data).equals(await readFile(path.join(data, 'facts.yaml')))).toBe(true);
  });

  it('upload previews with Apply and Cancel; Apply replaces the preview with the outcome', async () => {
    const out = await send(upload(MOD, await edited()));
    const body = out.body as any;
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data.content).toMatch(/\*\*Preview\*\*: upload of `facts.yaml` \(replaces it/);
    expect(body.data.content).toContain('~ cjtf-oir-civilian-deaths-2019-12: value at least 1,370 → at least 1,371');
    const [apply, cancel] = body.data.components[0].components;
    expect([apply.label, cancel.label]).toEqual(['Apply', 'Cancel']);
    expect(apply.custom_id).toMatch(/^act:facts:apply:[A-Za-z0-9_-]{22}$/);
    const done = await send(click(MOD, apply.custom_id));
    expect((done.body as any).type).toBe(InteractionResponseType.UpdateMessage);
    expect(content(done)).toMatch(/✅ Applied: change `[0-9a-f]{10}` to `facts.yaml`/);
    expect((done.body as any).data.components).toEqual([]);
    expect(store.require().catalog.factsById.get('cjtf-oir-civilian-deaths-2019-12')?.value).toBe(1371);
    const again = await send(click(MOD, cancel.custom_id));
    expect(content(again)).toMatch(/no longer pending/);
  });

  it('upload without a target uses the data file of the same name, and says when there is none', async () => {
    expect(content(await send(upload(MOD, await edited())))).toMatch(/Preview/);
    served.set('/attachments/1/2/other.yaml', 'x: 1');
    const a = { id: '800000000000000002', filename: 'other.yaml', size: 4, url: 'https://cdn.discordapp.com/attachments/1/2/other.yaml' };
    expect(content(await send(facts(MOD, 'upload', { file: a.id }, { [a.id]: a })))).toMatch(/No data file is named `other.yaml`/);
  });

  it('add shows a five-input modal, prefilled from the options, valid for Discord', async () => {
    const out = await send(facts(MOD, 'add', { claimant: 'airwars', metric: 'civilian_deaths_likely' }));
    const body = out.body as any;
    expect(body.type).toBe(InteractionResponseType.Modal);
    expect(body.data.custom_id).toBe('act:facts:add:');
    expect(body.data.components).toHaveLength(5);
    expect(body.data.components.map((c: any) => c.component.custom_id)).toEqual(['who', 'value', 'when', 'source', 'quote']);
    expect(body.data.components[0].component.value).toBe('airwars, civilian_deaths_likely');
    const submitted = await send(modal(MOD, { who: 'airwars, civilian_deaths_likely', value: '8,300–13,200', when: 'as of 2020-02-29', source: 'airwars-2020', quote: 'between 8,300 and 13,200 civilians likely killed' }));
    expect(content(submitted)).toMatch(/new figure in `facts.yaml`/);
    const problems = await send(modal(MOD, { who: 'airwars, civilian_deaths_likely', value: 'many', when: 'as of 2020-02-29', source: 'airwars-2020', quote: 'q' }));
    expect(content(problems)).toMatch(/• \*\*Value\*\*: “many” is not a figure/);
    expect(content(problems)).toContain('Value: many');
  });

  it('history lists applied changes and revert previews undoing one', async () => {
    expect(content(await send(facts(MOD, 'history')))).toMatch(/No changes/);
    const preview = await send(upload(MOD, await edited()));
    await send(click(MOD, (preview.body as any).data.components[0].components[0].custom_id));
    const list = content(await send(facts(MOD, 'history')));
    const id = /`([0-9a-f]{10})`/.exec(list)![1]!;
    expect(list).toContain('replaced `facts.yaml`');
    const choices = (await send({ type: 'autocomplete', name: 'facts', subcommand: 'revert', options: { change: '' }, focused: 'change', caller: MOD })).body as any;
    expect(choices.data.choices[0]).toMatchObject({ value: id, name: expect.stringContaining('upload facts.yaml') });
    const revert = await send(facts(MOD, 'revert', { change: id }));
    expect(content(revert)).toMatch(/revert of `facts.yaml`/);
  });

  it('autocompletes file names, entities and metrics', async () => {
    const ac = async (subcommand: string, focused: string, typed: string) =>
      ((await send({ type: 'autocomplete', name: 'facts', subcommand, options: { [focused]: typed }, focused, caller: MOD })).body as any).data.choices.map((c: any) => c.value);
    expect(await ac('download', 'file', 'fac')).toEqual(['facts.yaml']);
    expect(await ac('upload', 'target', '')).toEqual(['facts.yaml', 'vocabulary.yaml']);
    expect(await ac('add', 'claimant', 'air')).toEqual(['airwars']);
    expect(await ac('add', 'metric', 'likely')).toEqual(['civilian_deaths_likely']);
  });

  it('defers the slow steps privately: upload, download, revert, and the Apply button', () => {
    expect(dispatcher.slow(facts(MOD, 'upload'))).toEqual({ ephemeral: true });
    expect(dispatcher.slow(click(MOD, 'act:facts:apply:x'))).toEqual({ ephemeral: true });
    expect(dispatcher.slow(modal(MOD, {}))).toEqual({ ephemeral: true });
    expect(dispatcher.slow(facts(MEMBER, 'upload'))).toBeUndefined();
    expect(dispatcher.slow(click(MEMBER, 'act:facts:apply:x'))).toBeUndefined();
  });
});

describe('a member', () => {
  it('is refused every subcommand, button, the modal and autocomplete, and nothing changes', async () => {
    const preview = await send(upload(MOD, await edited()));
    const [apply, cancel] = (preview.body as any).data.components[0].components;
    const before = await readFile(path.join(data, 'facts.yaml'), 'utf8');
    const pending = await readdir(path.join(root, 'state', 'pending'));

    for (const sub of ['status', 'reload', 'download', 'history', 'add']) {
      expect(content(await send(facts(MEMBER, sub, sub === 'download' ? { file: 'facts.yaml' } : {})))).toBe(REFUSED_MESSAGE);
    }
    expect(content(await send(upload(MEMBER, 'facts: []\n')))).toBe(REFUSED_MESSAGE);
    expect(content(await send(facts(MEMBER, 'revert', { change: 'abcdef0123' })))).toBe(REFUSED_MESSAGE);
    for (const id of [apply.custom_id, cancel.custom_id]) {
      const out = await send(click(MEMBER, id));
      // A new private message, never an update of the moderator's preview.
      expect((out.body as any).type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(content(out)).toBe(REFUSED_MESSAGE);
    }
    expect(content(await send(modal(MEMBER, { who: 'airwars, civilian_deaths_likely', value: '1', when: '2020', source: 'airwars-2020', quote: '1' })))).toBe(REFUSED_MESSAGE);
    for (const [sub, focused] of [['download', 'file'], ['revert', 'change'], ['add', 'claimant']] as const) {
      expect(((await send({ type: 'autocomplete', name: 'facts', subcommand: sub, options: { [focused]: '' }, focused, caller: MEMBER })).body as any).data.choices).toEqual([]);
    }

    expect(await readFile(path.join(data, 'facts.yaml'), 'utf8')).toBe(before);
    expect(await readdir(path.join(root, 'state', 'pending'))).toEqual(pending);
    // The moderator's preview is still there to apply.
    expect(content(await send(click(MOD, apply.custom_id)))).toMatch(/Applied/);
  });
});
