// `private` on /facts (issue 16, item 3: "a private option on every command"): the moderators'
// replies stay private by default; `private:false` on status, reload and mentions posts the reply
// in the channel (a slow reload is deferred publicly for it); a member who is not a moderator is
// refused privately whatever they ask; the subcommands whose replies are work in progress (previews,
// files) or about members (misses, history) take no such option. Through the real dispatcher, which
// hands `private` to /facts rather than acting on it, with every body checked against Discord's
// OpenAPI description.
import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, MessageFlags } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.ts';
import { facts, MENTIONS_ON, REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { createDispatcher } from '../../src/interactions/dispatch.ts';
import type { Caller, CommandInvocation } from '../../src/interactions/invocation.ts';
import type { CatalogStore, StoreStatus } from '../../src/live/catalog-store.ts';
import type { ServerSettings } from '../../src/live/server-settings.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';
import { openApiSkipReason, validateInteractionResponse } from '../helpers/openapi.ts';

const catalog = fixtureCatalog();
const status: StoreStatus = { dir: 'data', version: catalog.version, counts: { entities: 3, sources: 2, facts: 5, files: 1 }, loadedAt: new Date(0), warnings: 0, watching: true, reloads: 1 };
const store = { status: () => status, reload: async () => ({ ok: true, changed: false }) } as unknown as CatalogStore;
const settings = { mentionsOn: () => true, setMentions: async () => undefined } as unknown as ServerSettings;
const snapshot = { catalog, index: buildSearchIndex(catalog), store, settings };
const dispatcher = createDispatcher(commands);
const skip = openApiSkipReason();

const moderator: Caller = { id: '500000000000000001', isModerator: true, guildId: '200000000000000001' };
const member: Caller = { ...moderator, id: '500000000000000002', isModerator: false };
const ask = (subcommand: string, options: Record<string, string | boolean>, caller = moderator): CommandInvocation => ({ type: 'command', name: 'facts', subcommand, options, caller });

async function reply(inv: CommandInvocation): Promise<{ content: string; flags?: number }> {
  const out = await dispatcher.respond(inv, snapshot);
  if (!skip) expect(validateInteractionResponse(out.body)).toBeNull();
  return (out.body as { data: { content: string; flags?: number } }).data;
}

describe('/facts private', () => {
  it('is private by default and with private:true', async () => {
    for (const options of [{}, { private: true }] as Record<string, boolean>[]) {
      const r = await reply(ask('status', options));
      expect(r.flags).toBe(MessageFlags.Ephemeral);
      expect(r.content).toMatch(/Serving/);
    }
  });

  it('private:false posts status, reload and mentions in the channel', async () => {
    const s = await reply(ask('status', { private: false }));
    expect(s.flags).toBeUndefined();
    expect(s.content).toMatch(/Serving/);
    const r = await reply(ask('reload', { private: false }));
    expect(r.flags).toBeUndefined();
    expect(r.content).toMatch(/unchanged/);
    const m = await reply(ask('mentions', { private: false }));
    expect(m).toMatchObject({ content: MENTIONS_ON });
    expect(m.flags).toBeUndefined();
    // As `npm run ask` would pass it.
    expect((await reply(ask('status', { private: 'false' }))).flags).toBeUndefined();
  });

  it('refuses a member who is not a moderator privately, whatever private says', async () => {
    const r = await reply(ask('status', { private: false }, member));
    expect(r).toMatchObject({ content: REFUSED_MESSAGE, flags: MessageFlags.Ephemeral });
  });

  it('a slow reload is deferred privately, or publicly with private:false', () => {
    expect(dispatcher.slow(ask('reload', {}))).toEqual({ ephemeral: true });
    expect(dispatcher.slow(ask('reload', { private: false }))).toEqual({ ephemeral: false });
    expect(dispatcher.slow(ask('reload', { private: false }, member))).toBeUndefined();
  });

  it('only status, reload and mentions take it', () => {
    const withPrivate = (facts.definition.options ?? [])
      .filter((o) => o.type === ApplicationCommandOptionType.Subcommand && (o.options ?? []).some((x) => x.name === 'private'))
      .map((o) => o.name);
    expect(withPrivate.sort()).toEqual(['mentions', 'reload', 'status']);
  });
});
