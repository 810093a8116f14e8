// Questions asked by @mentioning the bot, end to end: the real discord.js client started by
// startBot() (what `npm start` runs), the stand-in dispatching MESSAGE_CREATE as Discord does to a
// bot without the Message Content intent, and recording the replies the bot posts to
// /channels/{id}/messages, each checked against Discord's OpenAPI description of that request.
//
// "Nothing was sent" is proved with a control: a later message that is answered. The gateway
// delivers in order and the bot decides each message as it arrives, so once the control's reply
// is recorded every earlier message has been decided.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord-api-types/v10';
import { FREE_TEXT_COMMAND } from '../../src/commands/index.ts';
import { MENTIONS_OFF, MENTIONS_ON, REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { SETTINGS_FILE } from '../../src/live/server-settings.ts';
import { answerCommandPayload } from '../helpers/bot.ts';
import { validateComponentSchema } from '../helpers/openapi.ts';
import type { RecordedRequest, StandInGuild } from '../standin/discord.ts';
import { command, opt } from '../standin/interactions.ts';
import { messageCreate, type SentMessage } from '../standin/messages.ts';
import { APP_ID, callbackOf, contractSkip, GUILD, member, MOD_ROLE, newUser, OTHER_ROLE, sleep, startHarness, TOKEN, type Harness } from './harness.ts';

if (contractSkip) console.warn(contractSkip);

const COOLDOWN_MS = 1_500;
const OTHER_GUILD: StandInGuild = { id: '210000000000000001', name: 'Other server', channelId: '210000000000000002', roles: [] };
const here = { id: GUILD.id, channelId: GUILD.channelId };
const there = { id: OTHER_GUILD.id, channelId: OTHER_GUILD.channelId };
const BOT = `<@${APP_ID}>`;

let h: Harness;
let stateDir: string;

beforeAll(async () => {
  stateDir = path.join(await mkdtemp(path.join(tmpdir(), 'mentions-e2e-')), 'state');
  h = await startHarness({ stateDir, mentionCooldown: { capacity: 1, windowMs: COOLDOWN_MS }, watch: false });
  h.standIn.addGuild(OTHER_GUILD);
  await h.standIn.waitUntil(() => h.bot.client.guilds.cache.has(OTHER_GUILD.id), 5_000, 'the second server');
});

afterAll(async () => {
  await h?.close();
  await rm(path.dirname(stateDir), { recursive: true, force: true });
});

/** The reply to a message, checked against Discord's description of POST /channels/{id}/messages. */
async function replyTo(sent: SentMessage, timeoutMs = 5_000): Promise<RecordedRequest> {
  const r = await h.standIn.waitForRequest((q) => q.method === 'POST' && q.body?.message_reference?.message_id === sent.id, timeoutMs, `a reply to ${sent.id}`);
  expect(r.path).toBe(`/channels/${sent.channelId}/messages`);
  expect(r.authorization).toBe(`Bot ${TOKEN}`);
  if (!contractSkip) expect(validateComponentSchema('MessageCreateRequest', r.body), JSON.stringify(r.body).slice(0, 500)).toBeNull();
  return r;
}

/** The reply carries the very content, embeds and buttons /fact renders for the question. */
function expectFactAnswer(body: any, query: string): void {
  const state = h.bot.store.require();
  const expected = answerCommandPayload({ catalog: state.catalog, index: state.index }, FREE_TEXT_COMMAND, { query }) as any;
  expect(body.content).toEqual(expected.data.content);
  expect(body.embeds).toEqual(expected.data.embeds);
  expect(body.components).toEqual(expected.data.components);
}

/** Asserts none of `quiet` got a reply, once a later control message in `where` has been answered. */
async function expectNoReply(quiet: SentMessage[], where: { id: string; channelId: string } = there): Promise<void> {
  const control = messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: where });
  await replyTo(control);
  await sleep(150);
  for (const q of quiet) expect(h.standIn.messagesPosted(q.id), `reply to ${q.payload.content}`).toEqual([]);
}

describe('connecting', () => {
  it('asks for Guilds, GuildMessages and DirectMessages, never Message Content', () => {
    const identify = h.standIn.frames.find((f) => f.direction === 'in' && f.op === 2);
    expect(identify?.d.intents).toBe((1 << 0) | (1 << 9) | (1 << 12));
    expect(identify?.d.intents & (1 << 15)).toBe(0);
  });
});

describe('a direct mention', () => {
  it('gets the /fact answer as a reply that pings nobody', async () => {
    const sent = messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: here });
    const { body } = await replyTo(sent);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.message_reference).toEqual({ message_id: sent.id, channel_id: GUILD.channelId, guild_id: GUILD.id });
    expect((body.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expectFactAnswer(body, '1,370');
    expect(JSON.stringify(body.embeds)).toContain('1,370');
  });

  it('works with the nickname form, anywhere in the message, and in a DM', async () => {
    // Whatever /fact makes of the words around the mention, the reply is exactly its answer.
    const nick = messageCreate(h.standIn, { id: newUser() }, `what did cjtf-oir say, <@!${APP_ID}>? 1,370`, { guild: here });
    expectFactAnswer((await replyTo(nick)).body, 'what did cjtf-oir say, ? 1,370');
    const inDm = messageCreate(h.standIn, { id: newUser() }, `1,370 ${BOT}`);
    const { body } = await replyTo(inDm);
    expect(body.message_reference).toEqual({ message_id: inDm.id, channel_id: inDm.channelId });
    expectFactAnswer(body, '1,370');
    expect(JSON.stringify(body.embeds)).toContain('1,370');
  });

  it('a reply that pings the bot counts as a mention', async () => {
    const sent = messageCreate(h.standIn, { id: newUser() }, '1,370', { guild: here, mentions: [APP_ID], contentVisible: true, type: 19 });
    expect(JSON.stringify((await replyTo(sent)).body.embeds)).toContain('1,370');
  });

  it('a mention with no question, or too long a one, gets one short help line', async () => {
    const empty = await replyTo(messageCreate(h.standIn, { id: newUser() }, `  ${BOT}  `, { guild: here }));
    expect(empty.body.content).toMatch(/Ask me a question after the mention/);
    expect(empty.body.embeds ?? []).toEqual([]);
    expect(empty.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const long = await replyTo(messageCreate(h.standIn, { id: newUser() }, `${BOT} ${'civilian deaths '.repeat(20)}`, { guild: here }));
    expect(long.body.content).toMatch(/too long \(\d+ characters\): keep it to 100/);
  });

  it('does not answer its own reply (Discord echoes the bot’s messages back to it)', async () => {
    const sent = messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: here });
    await replyTo(sent);
    await expectNoReply([]);
    // Every message posted answers a question from a person, never one of the bot's own.
    const ours = new Set(h.standIn.frames.filter((f) => f.direction === 'out' && f.t === 'MESSAGE_CREATE' && f.d.author?.id === APP_ID).map((f) => f.d.id));
    expect(ours.size).toBeGreaterThan(0);
    for (const r of h.standIn.messagesPosted()) expect(ours.has(r.body.message_reference.message_id)).toBe(false);
  });
});

describe('ignored', () => {
  it('@everyone, @here, a role mention and no mention at all get nothing', async () => {
    const user = newUser();
    const quiet = [
      messageCreate(h.standIn, { id: user }, '@everyone 1,370', { guild: here, contentVisible: true }),
      messageCreate(h.standIn, { id: newUser() }, '@here 1,370', { guild: here, contentVisible: true }),
      // Even a role the bot holds, with the content delivered.
      messageCreate(h.standIn, { id: newUser() }, `<@&${OTHER_ROLE}> 1,370`, { guild: here, contentVisible: true }),
      messageCreate(h.standIn, { id: newUser() }, `<@&${MOD_ROLE}> <@${newUser()}> 1,370`, { guild: here, contentVisible: true }),
      messageCreate(h.standIn, { id: newUser() }, '1,370', { guild: here }),
      messageCreate(h.standIn, { id: newUser() }, '1,370', { guild: here, contentVisible: true }),
    ];
    await expectNoReply(quiet);
  });

  it('a bot, a webhook and the bot itself get nothing, even mentioning it', async () => {
    const quiet = [
      messageCreate(h.standIn, { id: newUser(), bot: true }, `${BOT} 1,370`, { guild: here }),
      messageCreate(h.standIn, { id: '600000000000000001', webhookId: '600000000000000001' }, `${BOT} 1,370`, { guild: here }),
      messageCreate(h.standIn, { id: APP_ID, bot: true }, `${BOT} 1,370`, { guild: here }),
    ];
    await expectNoReply(quiet);
  });
});

describe('the per-user cooldown', () => {
  it('answers a user once per window, then again after it; others are not affected', async () => {
    const user = newUser();
    const first = messageCreate(h.standIn, { id: user }, `${BOT} 1,370`, { guild: here });
    const second = messageCreate(h.standIn, { id: user }, `${BOT} 1,370`, { guild: here });
    const third = messageCreate(h.standIn, { id: user }, `${BOT} 1,370`);
    await replyTo(first);
    await expectNoReply([second, third], here);
    await sleep(COOLDOWN_MS + 100);
    await replyTo(messageCreate(h.standIn, { id: user }, `${BOT} 1,370`, { guild: here }));
  });
});

describe('/facts mentions (the per-server switch)', () => {
  it('is refused to a member, and changes nothing', async () => {
    const body = await callbackOf(h.standIn, command(h.standIn, member(newUser(), { roles: [OTHER_ROLE] }), 'facts', [opt.sub('mentions', [opt.str('set', 'off')])]));
    expect(body.data.content).toBe(REFUSED_MESSAGE);
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(h.bot.settings.mentionsOn(GUILD.id)).toBe(true);
    await replyTo(messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: here }));
  });

  it('off stops replies in that server only, is saved in STATE_DIR, and on brings them back', async () => {
    const mod = member(newUser(), { roles: [MOD_ROLE] });
    const off = await callbackOf(h.standIn, command(h.standIn, mod, 'facts', [opt.sub('mentions', [opt.str('set', 'off')])]));
    expect(off.data.content).toBe(MENTIONS_OFF);
    expect(off.data.flags).toBe(MessageFlags.Ephemeral);
    expect(JSON.parse(await readFile(path.join(stateDir, SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, servers: { [GUILD.id]: { mentions: false } } });
    expect(await readdir(stateDir)).toEqual([SETTINGS_FILE]); // no temporary file left behind

    const shown = await callbackOf(h.standIn, command(h.standIn, mod, 'facts', [opt.sub('mentions')]));
    expect(shown.data.content).toBe(MENTIONS_OFF);

    const quiet = messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: here });
    await expectNoReply([quiet], there); // the other server still gets answers
    await replyTo(messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`)); // and DMs

    const on = await callbackOf(h.standIn, command(h.standIn, mod, 'facts', [opt.sub('mentions', [opt.str('set', 'on')])]));
    expect(on.data.content).toBe(MENTIONS_ON);
    expect(JSON.parse(await readFile(path.join(stateDir, SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, servers: {} });
    await replyTo(messageCreate(h.standIn, { id: newUser() }, `${BOT} 1,370`, { guild: here }));
  });
});

describe('hygiene', () => {
  it('every reply pinged nobody and never carried the ephemeral flag', () => {
    const posted = h.standIn.messagesPosted();
    expect(posted.length).toBeGreaterThan(8);
    for (const r of posted) {
      expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect((r.body.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
      if (!contractSkip) expect(validateComponentSchema('MessageCreateRequest', r.body)).toBeNull();
    }
  });

  it('never logged the token or a question', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('civilian deaths civilian deaths');
    expect(h.logged('could not reply to a mention')).toEqual([]);
  });
});
