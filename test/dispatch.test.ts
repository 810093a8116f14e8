// The dispatcher every transport uses: commands, autocomplete, stateless components, extra
// modules, and failures as ephemeral messages rather than throws.
import { describe, expect, it, vi } from 'vitest';
import { ApplicationCommandType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { createDispatcher, stateExpiredMessage } from '../src/interactions/dispatch.ts';
import type { Command } from '../src/interactions/command.ts';
import { commands } from '../src/commands/index.ts';
import { createButtonState } from '../src/interactions/button-state.ts';
import { decodeCustomId, encodeActionId, encodeCustomId, encodePickId } from '../src/render/custom-id.ts';
import { commandDefinitions, respond } from './helpers/bot.ts';
import { escapeMarkdown } from '../src/render/escape.ts';
import { cut } from '../src/commands/options.ts';
import { toWire } from '../src/transports/gateway/deploy.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import type { Invocation } from '../src/interactions/invocation.ts';
import { fixtureCatalog } from './fixtures/catalog.ts';
import { payloadProblems } from './helpers/payload-checks.ts';
import { openApiSkipReason, openApiSkipReasonFor, validateComponentSchema, validateInteractionResponse } from './helpers/openapi.ts';

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
    // Each side names the places its figure covers, so a place filter never passes off a wider total;
    // one side per claimant and metric family: Airwars' likely and alleged counts answer one question.
    expect(names).toEqual(['Airwars — civilian deaths · Iraq, Syria', 'CJTF-OIR — civilian deaths · Iraq, Syria']);
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
    // Every fixture figure about Syria covers Iraq too: the title says so rather than "in Syria".
    expect(body.data.embeds[0].title).toContain('in Iraq and Syria combined');
    expect(body.data.embeds[0].description).toContain('No figure counts Syria alone');
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
  const moderator = { id: '1', isModerator: true };
  /** A command with state, a button and a modal of its own, as the moderators' commands will have. */
  function counter(): Command & { reloads: number } {
    const c = {
      reloads: 0,
      definition: { type: ApplicationCommandType.ChatInput, name: 'counter', description: 'moderators', default_member_permissions: '32' },
      pure: false,
      run(inv: Invocation & { type: 'command' }) {
        if (!inv.caller.isModerator) return { kind: 'invalid', message: 'Moderators only.' } as const;
        c.reloads++;
        return { kind: 'notice', title: 'Counted', lines: [`${c.reloads} counts`], ephemeral: true } as const;
      },
      components: {
        add: (inv: Invocation & { type: 'component' }, state: string) =>
          inv.caller.isModerator ? ({ kind: 'notice', title: `added ${state}`, lines: [], ephemeral: true } as const) : ({ kind: 'invalid', message: 'Moderators only.' } as const),
      },
      modals: {
        note: (inv: Invocation & { type: 'modal' }, state: string) => ({ kind: 'notice', title: `note ${state}: ${String(inv.fields.text)}`, lines: [], ephemeral: true }) as const,
      },
    };
    return c as Command & { reloads: number };
  }

  it('serves the commands it is given, and their own buttons and modals, checking the caller', async () => {
    const c = counter();
    const d = createDispatcher([...commands, c]);
    expect(d.definitions.map((x) => x.name)).toEqual([...commands.map((x) => x.definition.name), 'counter']);
    const refused = (await d.respond(command('counter', {}), ctx)).body as any;
    expect(refused.data.content).toBe('Moderators only.');
    const done = (await d.respond({ type: 'command', name: 'counter', options: {}, caller: moderator }, ctx)).body as any;
    expect(done.data.flags).toBe(MessageFlags.Ephemeral);
    expect(c.reloads).toBe(1);
    const id = encodeActionId('counter', 'add', 'three')!;
    expect(((await d.respond(click(id), ctx)).body as any).data.content).toBe('Moderators only.');
    expect(((await d.respond({ type: 'component', customId: id, values: [], caller: moderator }, ctx)).body as any).data.embeds[0].title).toBe('added three');
    const modal = (await d.respond({ type: 'modal', customId: encodeActionId('counter', 'note', 'n1')!, fields: { text: 'hello' }, caller: moderator }, ctx)).body as any;
    expect(modal.data.embeds[0].title).toMatch(/^note n1.*hello$/);
    // A button cannot replay a command that reads more than the catalog (the caller, a store).
    expect(((await d.respond(click('run:counter:'), ctx)).body as any).data.content).toContain('no longer valid');
    expect(c.reloads).toBe(1);
  });

  it('lists in /about the commands everyone can use, from the registry it was given', async () => {
    const about = commands.find((x) => x.definition.name === 'about')!;
    const d = createDispatcher([about, counter()]);
    const body = (await d.respond(command('about', {}), ctx)).body as any;
    expect(body.data.embeds[0].description).toContain('**Commands**: /about.');
    const all = (await respond(command('about', {}), ctx)) as any;
    const listed = commands.filter((x) => x.definition.default_member_permissions == null).map((x) => `/${x.definition.name}`);
    for (const name of listed) expect(all.data.embeds[0].description).toContain(name);
    expect(all.data.embeds[0].description).not.toContain('/facts');
  });

  it('refuses two commands with one name', () => {
    expect(() => createDispatcher([counter(), counter()])).toThrow(/two commands/);
  });

  it('turns a throwing handler into an ephemeral apology and reports it', async () => {
    const onError = vi.fn();
    const boom: Command = {
      definition: { type: ApplicationCommandType.ChatInput, name: 'boom', description: 'x' },
      pure: true,
      run() {
        throw new Error('boom');
      },
    };
    const body = (await createDispatcher([boom], { onError }).respond(command('boom', {}), ctx)).body as any;
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('custom ids', () => {
  it('round-trip and stay within 100 characters', () => {
    const id = encodeCustomId('more', 'fact', { query: 'us troops: iraq & syria', page: '2' })!;
    expect(decodeCustomId(id)).toEqual({ verb: 'more', command: 'fact', options: { query: 'us troops: iraq & syria', page: '2' } });
    expect(encodeCustomId('run', 'fact', { query: 'x'.repeat(100) })).toBeUndefined();
    expect(decodeCustomId(encodePickId('timeline', 'metric', { subject: 'airwars' })!)).toEqual({ verb: 'pick', command: 'timeline', option: 'metric', options: { subject: 'airwars' } });
    expect(decodeCustomId(encodeActionId('facts', 'apply', 'abc:def')!)).toEqual({ verb: 'act', command: 'facts', action: 'apply', state: 'abc:def' });
    expect(decodeCustomId('run:fact:__proto__=x')).toEqual({ verb: 'run', command: 'fact', options: { ['__proto__']: 'x' } });
  });

  it('keep a state too long for the button server-side, and say so once it has expired', async () => {
    let now = 0;
    const buttonState = createButtonState({ ttlMs: 60_000, now: () => now });
    const d = createDispatcher(commands, { buttonState });
    // A query near the 100-character limit makes a cite id of more than 100 characters.
    const query = Array.from({ length: 16 }, () => '1,370').join(' ');
    const body = (await d.respond(command('fact', { query: 'coalition civilian deaths' }), ctx)).body as any;
    expect(body.data.components.flatMap((r: any) => r.components).some((c: any) => c.custom_id?.startsWith('cite:'))).toBe(true);
    const long = (await d.respond(command('fact', { query }), ctx)).body as any;
    const ids: string[] = long.data.components?.flatMap((r: any) => r.components.map((c: any) => c.custom_id)).filter(Boolean) ?? [];
    const stored = ids.find((i) => i.startsWith('st:'));
    expect(stored, JSON.stringify(long.data)).toBeDefined();
    expect(stored!.length).toBeLessThanOrEqual(100);
    const pressed = (await d.respond(click(stored!), ctx)).body as any;
    expect(pressed.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    now = 60_001;
    const late = (await d.respond(click(stored!), ctx)).body as any;
    expect(late.data.flags).toBe(MessageFlags.Ephemeral);
    expect(late.data.content).toBe(escapeMarkdown(stateExpiredMessage(60_000)));
  });
});

describe('command definitions', () => {
  it('bound every free-text option and allow guilds and DMs', () => {
    // /facts is for a server's moderators: guild-only, with subcommands.
    for (const d of commandDefinitions.filter((x) => x.default_member_permissions == null)) {
      expect(d.contexts).toEqual(expect.arrayContaining([0, 1]));
      expect(d.integration_types).toEqual(expect.arrayContaining([0]));
      for (const o of (d as any).options ?? []) {
        // Free text: a string without fixed choices (format: has csv/json; private: is a boolean).
        if (o.choices !== undefined || o.type === 5) continue;
        expect(o).toMatchObject({ type: 3, autocomplete: true, max_length: 100 });
      }
    }
  });
  it.skipIf(skip !== undefined)('match Discord’s ApplicationCommandCreateRequest schema', () => {
    // As deploy-commands sends them (default_member_permissions as the integer the schema takes).
    for (const d of toWire(commandDefinitions)) expect(validateComponentSchema('ApplicationCommandCreateRequest', d)).toBeNull();
  });
});

describe('the contract check', () => {
  it('skips without the spec on a developer machine, and fails in CI', () => {
    expect(() => openApiSkipReasonFor('/nonexistent/openapi.json', { CI: '1' })).toThrow(/CI is set/);
    expect(openApiSkipReasonFor('/nonexistent/openapi.json', {})).toMatch(/skipped/);
    expect(openApiSkipReasonFor('/nonexistent/openapi.json', { CI: 'false' })).toMatch(/skipped/);
  });
});

describe('text echoed back', () => {
  it('is cut on code points, never leaving half a surrogate pair (hostile data, case 11)', async () => {
    // 39 letters, then an emoji whose first half would be the 40th UTF-16 unit.
    const asOf = `${'x'.repeat(39)}😀 and more`;
    const body = (await respond(command('casualties', { subject: 'coalition', as_of: asOf }), ctx)) as any;
    expect(body.data.content).toContain('😀');
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(body.data.content)).toBe(false);
    for (const n of [1, 5, 40, 100]) {
      const c = cut('a😀'.repeat(80), n);
      expect([...c].length).toBe(Math.min(n, 160));
      expect(/[\ud800-\udbff]$/.test(c)).toBe(false);
    }
  });
});
