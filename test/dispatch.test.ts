// The dispatcher every transport uses: commands, autocomplete, stateless components, extra
// modules, and failures as ephemeral messages rather than throws.
import { describe, expect, it, vi } from 'vitest';
import { ApplicationCommandType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { createDispatcher, respond, commandDefinitions, type CommandModule, type DispatchContext } from '../src/interactions/dispatch.ts';
import { coreCommands } from '../src/commands/lookup.ts';
import { decodeCustomId, encodeCustomId, encodePickId } from '../src/interactions/custom-id.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import type { Invocation } from '../src/interactions/invocation.ts';
import { fixtureCatalog } from './fixtures/catalog.ts';
import { payloadProblems } from './helpers/payload-checks.ts';
import { openApiSkipReason, validateComponentSchema, validateInteractionResponse } from './helpers/openapi.ts';

const catalog = fixtureCatalog();
const ctx = { catalog, index: buildSearchIndex(catalog) };
const caller = { id: '42', isModerator: false };
const command = (name: string, options: Record<string, string>): Invocation => ({ type: 'command', name, options, caller });
const click = (customId: string, values: string[] = []): Invocation => ({ type: 'component', customId, values, caller });
const skip = openApiSkipReason();

async function ok(inv: Invocation) {
  const body = await respond(inv, ctx);
  expect(payloadProblems(body)).toEqual([]);
  if (!skip) expect(validateInteractionResponse(body)).toBeNull();
  return body as any;
}

describe('commands', () => {
  it('answers /casualties with both claimants and a cite button', async () => {
    const body = await ok(command('casualties', { subject: 'coalition' }));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.flags).toBeUndefined();
    const names = body.data.embeds[0].fields.map((f: any) => f.name);
    // Each side names the places its figure covers, so a place filter never passes off a wider total.
    expect(names).toEqual(['CJTF-OIR — civilian deaths · Iraq, Syria', 'Airwars — civilian deaths likely · Iraq, Syria', 'Airwars — civilian deaths alleged · Iraq, Syria']);
    const ids = body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id).filter(Boolean));
    expect(ids).toContain('cite:casualties:subject=us-led-coalition');
  });

  it('answers errors ephemerally, with a select menu to pick from', async () => {
    const short = await ok(command('fact', { query: 'a' }));
    expect(short.data.flags).toBe(MessageFlags.Ephemeral);
    const sameName = fixtureCatalog({
      entities: [
        { id: 'a', kind: 'actor', name: 'Alpha', aliases: ['Same'], description: 'x' },
        { id: 'b', kind: 'actor', name: 'Beta', aliases: ['Same'], description: 'x' },
      ],
    });
    const body = (await respond(command('casualties', { subject: 'same', place: 'b' }), { catalog: sameName, index: buildSearchIndex(sameName) })) as any;
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    const select = body.data.components[0].components[0];
    expect(select.custom_id).toBe('pick:casualties:subject:place=b');
    expect(select.options.map((o: any) => o.value).sort()).toEqual(['a', 'b']);
  });

  it('answers a disambiguation pick statelessly with the other options kept', async () => {
    const body = await ok(click('pick:casualties:subject:place=syria', ['us-led-coalition']));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.embeds[0].title).toContain('in Syria');
  });

  it('cites on a button press, ephemerally', async () => {
    const body = await ok(click('cite:casualties:subject=us-led-coalition'));
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data.content).toContain('CJTF-OIR assesses at least 1,370 civilians were killed, Aug 2014–Dec 2019');
  });

  it('pages by updating the message', async () => {
    const body = await ok(click('more:source:name=cjtf-oir&page=1'));
    expect(body.type).toBe(InteractionResponseType.UpdateMessage);
  });

  it('answers unknown or malformed components and commands with an ephemeral error, not a throw', async () => {
    for (const id of ['nonsense', 'run:nope:x=1', 'pick:casualties:subject:', 'more:']) {
      const body = await ok(click(id));
      expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    }
    expect((await ok(command('nope', {}))).data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('returns autocomplete choices', async () => {
    const body = await ok({ type: 'autocomplete', name: 'casualties', options: { subject: 'coalishun' }, focused: 'subject', caller });
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data.choices[0]).toEqual({ name: 'US-led coalition (Coalition)', value: 'us-led-coalition' });
  });
});

describe('the registry', () => {
  it('takes extra modules, which check the caller themselves', async () => {
    interface Ctx extends DispatchContext {
      readonly store: { reloads: number };
    }
    const facts: CommandModule<Ctx> = {
      definition: { type: ApplicationCommandType.ChatInput, name: 'facts', description: 'moderators' },
      run(inv, c) {
        if (!inv.caller.isModerator) return { kind: 'invalid', message: 'Moderators only.' };
        c.store.reloads++;
        return { kind: 'notice', title: 'Reloaded', lines: [`${c.store.reloads} reloads`], ephemeral: true };
      },
    };
    const d = createDispatcher<Ctx>([...coreCommands, facts]);
    const c: Ctx = { ...ctx, store: { reloads: 0 } };
    expect(d.definitions.map((x) => x.name)).toEqual(['casualties', 'timeline', 'source', 'fact', 'about', 'facts']);
    const refused = (await d.respond(command('facts', {}), c)) as any;
    expect(refused.data.content).toBe('Moderators only.');
    const done = (await d.respond({ type: 'command', name: 'facts', options: {}, caller: { id: '1', isModerator: true } }, c)) as any;
    expect(done.data.flags).toBe(MessageFlags.Ephemeral);
    expect(c.store.reloads).toBe(1);
    expect((await d.respond(command('casualties', { subject: 'coalition' }), c)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('turns a throwing handler into an ephemeral apology and reports it', async () => {
    const onError = vi.fn();
    const boom: CommandModule = {
      definition: { type: ApplicationCommandType.ChatInput, name: 'boom', description: 'x' },
      run() {
        throw new Error('boom');
      },
    };
    const body = (await createDispatcher([boom], { onError }).respond(command('boom', {}), ctx)) as any;
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('custom ids', () => {
  it('round-trip and stay within 100 characters', () => {
    const id = encodeCustomId('more', { command: 'fact', options: { query: 'us troops: iraq & syria', page: '2' } })!;
    expect(decodeCustomId(id)).toEqual({ verb: 'more', command: 'fact', options: { query: 'us troops: iraq & syria', page: '2' } });
    expect(encodeCustomId('run', { command: 'fact', options: { query: 'x'.repeat(100) } })).toBeUndefined();
    expect(decodeCustomId(encodePickId('timeline', 'metric', { subject: 'airwars' })!)).toEqual({ verb: 'pick', command: 'timeline', option: 'metric', options: { subject: 'airwars' } });
  });
});

describe('command definitions', () => {
  it('bound every free-text option and allow guilds and DMs', () => {
    for (const d of commandDefinitions) {
      expect(d.contexts).toEqual(expect.arrayContaining([0, 1]));
      expect(d.integration_types).toEqual(expect.arrayContaining([0]));
      for (const o of (d as any).options ?? []) {
        expect(o).toMatchObject({ type: 3, autocomplete: true, max_length: 100 });
      }
    }
  });
  it.skipIf(skip !== undefined)('match Discord’s ApplicationCommandCreateRequest schema', () => {
    for (const d of commandDefinitions) expect(validateComponentSchema('ApplicationCommandCreateRequest', d)).toBeNull();
  });
});
