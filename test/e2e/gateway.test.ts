// The bot end to end: the real discord.js client, started by startBot() (what `npm start` runs),
// connected to the local Discord stand-in over HTTP and WebSocket on 127.0.0.1. No mock
// interaction objects: the stand-in sends INTERACTION_CREATE as Discord does and records what the
// bot sends back, and every recorded body is checked against Discord's OpenAPI description.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { autocomplete, command, component, opt, PERMISSIONS } from '../standin/interactions.ts';
import {
  APP_ID,
  callbackOf,
  contractSkip,
  dm,
  editOf,
  expectAllBodiesValid,
  member,
  MOD_ROLE,
  newUser,
  OTHER_ROLE,
  startHarness,
  TOKEN,
  type Harness,
} from './harness.ts';

if (contractSkip) console.warn(contractSkip);

let h: Harness;

beforeAll(async () => {
  // Every answer here is checked as an immediate callback; /timeline's chart (drawn in a worker,
  // the first one deferred while the worker loads) is tested in timeline-chart.test.ts.
  h = await startHarness({ charts: false });
});

afterAll(async () => {
  await h?.close();
});

describe('connecting', () => {
  it('identifies without privileged intents and becomes ready with the guild', () => {
    const identify = h.standIn.frames.find((f) => f.direction === 'in' && f.op === 2);
    expect(identify?.d.intents).toBe((1 << 0) | (1 << 9) | (1 << 12)); // Guilds, GuildMessages, DirectMessages; no MessageContent (1 << 15)
    expect(identify?.d.token).toBe('[redacted]'); // the stand-in recorded it without the token
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.bot.client.guilds.cache.has('200000000000000001')).toBe(true);
    expect(h.bot.client.options.allowedMentions).toEqual({ parse: [] });
    expect(h.standIn.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot' && r.authorization === `Bot ${TOKEN}`)).toBe(true);
  });
});

describe('commands', () => {
  it('/casualties answers with claimants side by side, a cite button and no mentions', async () => {
    const sent = command(h.standIn, member(newUser()), 'casualties', [opt.str('subject', 'coalition')]);
    const body = await callbackOf(h.standIn, sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(body.data.embeds);
    expect(text).toContain('1,370');
    expect(text).toContain('8,214');
    expect(JSON.stringify(body.data.components)).toContain('cite:casualties:');
  });

  it('/timeline, /source, /fact and /about each answer', async () => {
    const user = newUser();
    const cases = [
      command(h.standIn, member(user), 'timeline', [opt.str('subject', 'cjtf-oir')]),
      command(h.standIn, member(user), 'source', [opt.str('name', 'kuna')]),
      command(h.standIn, member(user), 'fact', [opt.str('query', '1,370')]),
      command(h.standIn, member(user), 'about'),
    ];
    const bodies = await Promise.all(cases.map((s) => callbackOf(h.standIn, s)));
    for (const body of bodies) {
      expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(body.data.allowed_mentions).toEqual({ parse: [] });
    }
    expect(JSON.stringify(bodies[0])).toContain('1,370');
    expect(JSON.stringify(bodies[1])).toContain('Kuwait News Agency');
    expect(JSON.stringify(bodies[2])).toContain('1,370');
    expect(JSON.stringify(bodies[3])).toContain('About this bot');
  });

  it('works in a DM, where nobody is a moderator', async () => {
    const user = newUser();
    const about = await callbackOf(h.standIn, command(h.standIn, dm(user), 'about'));
    expect(JSON.stringify(about)).toContain('About this bot');
    const facts = await callbackOf(h.standIn, command(h.standIn, dm(user), 'facts', [opt.sub('status')]));
    expect(facts.data.content).toBe(REFUSED_MESSAGE);
    expect(facts.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('an over-long query is refused with the same message the other transports give', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'fact', [opt.str('query', 'x'.repeat(300))]));
    expect(body.data.content).toMatch(/too long/);
    expect(body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});

describe('autocomplete', () => {
  it.each([
    ['casualties', [opt.str('subject', 'coal', true)], 'us-led-coalition'],
    ['timeline', [opt.str('subject', 'cjtf', true)], 'cjtf-oir'],
    ['source', [opt.str('name', 'kun', true)], 'kuna'],
    ['fact', [opt.str('query', 'civil', true)], 'cjtf-oir-civilian-deaths-2019-12'],
  ] as const)('/%s suggests choices', async (name, options, expected) => {
    const body = await callbackOf(h.standIn, autocomplete(h.standIn, member(newUser()), name, [...options]));
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data.choices.map((c: { value: string }) => c.value)).toContain(expected);
  });
});

describe('components', () => {
  it('a button replays its command statelessly (cite)', async () => {
    const user = newUser();
    const answer = await callbackOf(h.standIn, command(h.standIn, member(user), 'casualties', [opt.str('subject', 'coalition')]));
    const buttons = answer.data.components.flatMap((row: any) => row.components);
    const cite = buttons.find((b: any) => typeof b.custom_id === 'string' && b.custom_id.startsWith('cite:'));
    expect(cite).toBeDefined();
    const body = await callbackOf(h.standIn, component(h.standIn, member(user), cite.custom_id, undefined, answer.data.components));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(JSON.stringify(body.data)).toContain('1,370');
  });

  it('a select menu completes a "did you mean"', async () => {
    const user = newUser();
    const answer = await callbackOf(h.standIn, command(h.standIn, member(user), 'fact', [opt.str('query', '1,371')]));
    const select = answer.data.components.flatMap((row: any) => row.components).find((c: any) => c.type === 3);
    expect(select).toBeDefined();
    const value = select.options[0].value as string;
    const body = await callbackOf(h.standIn, component(h.standIn, member(user), select.custom_id, [value], answer.data.components));
    expect([InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.UpdateMessage]).toContain(body.type);
    expect(JSON.stringify(body.data)).toContain('1,370');
  });
});

describe('/facts (moderators)', () => {
  it('refuses a member without Manage Server or a moderator role, in the handler', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser(), { roles: [OTHER_ROLE] }), 'facts', [opt.sub('reload')]));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.content).toBe(REFUSED_MESSAGE);
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(h.bot.store.status().reloads).toBe(1); // only the start-up load
  });

  it('/facts status for a role moderator shows counts, load time and no error', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser(), { roles: [MOD_ROLE] }), 'facts', [opt.sub('status')]));
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data.content).toContain('2 facts, 3 sources, 6 entities from 2 files');
    expect(body.data.content).toMatch(/\*\*Loaded\*\* <t:\d+:f>/);
    expect(body.data.content).toContain('**Last error:** none');
  });

  it('/facts reload by a Manage Server member defers, then reports', async () => {
    const sent = command(h.standIn, member(newUser(), { permissions: PERMISSIONS.manageGuild }), 'facts', [opt.sub('reload')]);
    const body = await callbackOf(h.standIn, sent);
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await editOf(h.standIn, sent);
    expect(edit.content).toContain('unchanged');
    expect(edit.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('live data', () => {
  it('a broken edit keeps the last good catalog serving and shows in /facts status; a fix is picked up', async () => {
    const file = path.join(h.dataDir, 'facts.yaml');
    const good = await readFile(file, 'utf8');
    const before = h.bot.store.status().version;
    const broken = good.replace('qualifier: at_least', 'qualifier: roughly');
    expect(broken).not.toBe(good);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('qualifier: roughly')) + 1;

    await writeFile(file, broken);
    await h.standIn.waitUntil(() => h.bot.store.status().lastError, 5_000, 'the watcher to reject the edit');
    expect(h.logged('fact files rejected; still serving the last good catalog').length).toBeGreaterThan(0);

    // Still answering from the last good catalog.
    const user = newUser();
    const answer = await callbackOf(h.standIn, command(h.standIn, member(user), 'casualties', [opt.str('subject', 'coalition')]));
    expect(JSON.stringify(answer.data.embeds)).toContain('1,370');
    const status = await callbackOf(h.standIn, command(h.standIn, member(user, { roles: [MOD_ROLE] }), 'facts', [opt.sub('status')]));
    expect(status.data.content).toContain(`facts.yaml:${brokenLine}:`);
    expect(status.data.content).toContain('the previous catalog is still served');
    expect(h.bot.store.status().version).toBe(before);

    // The fix (with a visible change) is validated and swapped in.
    await writeFile(file, good.replace("description: A UK-based monitor of civilian harm from air strikes.", 'description: A UK-based monitor of civilian harm.'));
    await h.standIn.waitUntil(() => h.bot.store.status().version !== before && !h.bot.store.status().lastError, 5_000, 'the fix to be loaded');
    const after = await callbackOf(h.standIn, command(h.standIn, member(user, { roles: [MOD_ROLE] }), 'facts', [opt.sub('status')]));
    expect(after.data.content).toContain('**Last error:** none');
    expect(after.data.content).toContain(h.bot.store.status().version!);
  });
});

describe('failures', () => {
  it('a 500 from the callback endpoint is logged and the bot keeps answering', async () => {
    h.standIn.fail({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 500, times: Infinity });
    const sent = command(h.standIn, member(newUser()), 'about');
    await h.standIn.waitUntil(() => h.logged('interaction callback failed').length > 0, 8_000, 'the failure to be logged');
    h.standIn.faults.length = 0;
    expect(h.standIn.callbacksFor(sent.id).length).toBeGreaterThan(0);
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'about'));
    expect(JSON.stringify(body)).toContain('About this bot');
  });

  it('rate limits a user with a clear ephemeral message', async () => {
    const user = newUser();
    const sent = Array.from({ length: 6 }, () => command(h.standIn, member(user), 'about'));
    const bodies = await Promise.all(sent.map((s) => callbackOf(h.standIn, s)));
    const limited = bodies.filter((b) => typeof b.data?.content === 'string' && b.data.content.includes('faster than I can answer'));
    expect(limited).toHaveLength(1);
    expect(limited[0].data.flags).toBe(MessageFlags.Ephemeral);
    // Someone else is not affected.
    const other = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'about'));
    expect(JSON.stringify(other)).toContain('About this bot');
  });
});

describe('connection loss', () => {
  it('resumes after the gateway drops the connection, replaying what was missed', async () => {
    const resumes = h.standIn.resumes;
    h.standIn.closeGateway(4000);
    // Dispatched while disconnected: Discord replays it on RESUME.
    const missed = command(h.standIn, member(newUser()), 'about');
    await h.standIn.waitForSession(1, resumes + 1);
    expect(JSON.stringify(await callbackOf(h.standIn, missed))).toContain('About this bot');
    const next = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'about'));
    expect(JSON.stringify(next)).toContain('About this bot');
  });

  it('reconnects and resumes when told to (opcode 7)', async () => {
    const resumes = h.standIn.resumes;
    h.standIn.sendReconnect();
    await h.standIn.waitForSession(1, resumes + 1);
    const body = await callbackOf(h.standIn, autocomplete(h.standIn, member(newUser()), 'casualties', [opt.str('subject', 'coal', true)]));
    expect(body.data.choices.length).toBeGreaterThan(0);
  });

  it('identifies again after a close that cannot be resumed', async () => {
    const identifies = h.standIn.identifies;
    h.standIn.closeGateway(1000); // discord.js treats 1000 as "start a new session"
    await h.standIn.waitForSession(identifies + 1, 0, 15_000);
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser()), 'about'));
    expect(JSON.stringify(body)).toContain('About this bot');
  }, 25_000);
});

describe('hygiene', () => {
  it('every body sent matched Discord’s OpenAPI description', () => {
    const n = expectAllBodiesValid(h.standIn);
    expect(n).toBeGreaterThan(20);
  });

  it('never logged the bot token or an interaction token', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split('.').slice(1).join('.'));
    for (const r of h.standIn.requests) {
      const m = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(r.path);
      if (m) expect(all).not.toContain(m[1]!);
    }
    expect(h.logged(/./).some((r) => r.level === 'error' && r.msg === 'interaction handler crashed')).toBe(false);
  });

  it('used the application id from the configuration', () => {
    expect(h.bot.client.application.id).toBe(APP_ID);
  });
});

