// The mention parser (raw MESSAGE_CREATE → question, help or why not), and the reply body the
// gateway builds from /fact's answer. Properties: it never throws, and nothing but the bot's own
// user mention ever makes a message a question.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { helpLine, parseMention, questionOf, type MentionParse } from '../../src/interactions/mention.ts';
import { MAX_QUERY } from '../../src/search/query.ts';
import { replyBody } from '../../src/transports/gateway/mentions.ts';

const BOT = '100000000000000002';
const USER = '500000000000000001';
const GUILD = '200000000000000001';
const CHANNEL = '200000000000000002';

function msg(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const mentions = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => ({ id: m[1] }));
  return { id: '700000000000000001', type: 0, channel_id: CHANNEL, guild_id: GUILD, author: { id: USER, username: 'someone' }, content, mentions, mention_roles: [], mention_everyone: false, ...extra };
}

describe('parseMention', () => {
  it('reads the question after (or around) the bot’s mention', () => {
    expect(parseMention(msg(`<@${BOT}> how many civilians did the coalition kill`), BOT)).toEqual({
      kind: 'question',
      text: 'how many civilians did the coalition kill',
      message: { id: '700000000000000001', channelId: CHANNEL, guildId: GUILD, authorId: USER },
    });
    expect(parseMention(msg(`airwars   estimate <@!${BOT}>  2019 `), BOT)).toMatchObject({ kind: 'question', text: 'airwars estimate 2019' });
    // In a DM there is no guild.
    const inDm = parseMention(msg(`<@${BOT}> 13,159`, { guild_id: undefined }), BOT);
    expect(inDm).toMatchObject({ kind: 'question', text: '13,159' });
    expect((inDm as Extract<MentionParse, { kind: 'question' }>).message.guildId).toBeUndefined();
  });

  it('drops other mention markup, which would read as numbers', () => {
    expect(questionOf(`<@${BOT}> what did <@123456789012345678> say about <#223456789012345678> <@&323456789012345678> @everyone <:flag:423456789012345678> <t:1700000000:R> deaths`, BOT)).toBe('what did say about deaths');
  });

  it('a reply that pings the bot is a direct mention', () => {
    expect(parseMention(msg('1,370', { type: 19, mentions: [{ id: BOT }] }), BOT)).toMatchObject({ kind: 'question', text: '1,370' });
  });

  it('an empty or over-long question gets help', () => {
    expect(parseMention(msg(`<@${BOT}>`), BOT)).toMatchObject({ kind: 'help', reason: 'empty', length: 0 });
    expect(parseMention(msg(`<@${BOT}> <@${BOT}> @here`), BOT)).toMatchObject({ kind: 'help', reason: 'empty' });
    expect(parseMention(msg(`<@${BOT}> ${'x'.repeat(MAX_QUERY)}`), BOT)).toMatchObject({ kind: 'question' });
    expect(parseMention(msg(`<@${BOT}> ${'x'.repeat(MAX_QUERY + 1)}`), BOT)).toMatchObject({ kind: 'help', reason: 'too_long', length: MAX_QUERY + 1 });
    expect(parseMention(msg(`<@${BOT}> ${'x'.repeat(50_000)}`), BOT)).toMatchObject({ kind: 'help', reason: 'too_long' });
    expect(helpLine('empty', 0, 'fact')).toMatch(/use \/fact\.$/);
    expect(helpLine('too_long', 140, 'fact')).toBe(`That question is too long (140 characters): keep it to ${MAX_QUERY}, or use /fact.`);
  });

  it.each([
    ['@everyone', msg('@everyone 1,370', { mention_everyone: true }), 'no_direct_mention'],
    ['@here', msg('@here 1,370', { mention_everyone: true }), 'no_direct_mention'],
    ['a role, even the bot’s own', msg(`<@&${BOT}> 1,370`, { mention_roles: [BOT] }), 'no_direct_mention'],
    ['someone else', msg('<@123456789012345678> 1,370'), 'no_direct_mention'],
    ['no mention (content withheld)', msg(''), 'no_direct_mention'],
    ['the bot itself', msg(`<@${BOT}> 1,370`, { author: { id: BOT, bot: true } }), 'own'],
    ['another bot', msg(`<@${BOT}> 1,370`, { author: { id: USER, bot: true } }), 'bot'],
    ['a system account', msg(`<@${BOT}> 1,370`, { author: { id: USER, system: true } }), 'bot'],
    ['a webhook', msg(`<@${BOT}> 1,370`, { webhook_id: '600000000000000001' }), 'webhook'],
    ['a pin notice', msg(`<@${BOT}>`, { type: 6 }), 'not_chat'],
    ['no author', msg(`<@${BOT}> 1,370`, { author: undefined }), 'malformed'],
    ['a bad guild id', msg(`<@${BOT}> 1,370`, { guild_id: '../../etc' }), 'malformed'],
  ] as const)('ignores %s', (_what, raw, reason) => {
    expect(parseMention(raw, BOT)).toEqual({ kind: 'ignore', reason });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.constant(BOT), fc.string()), (raw, botId) => {
        expect(['question', 'help', 'ignore']).toContain(parseMention(raw, botId).kind);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({ id: fc.anything(), channel_id: fc.anything(), guild_id: fc.anything(), author: fc.anything(), content: fc.anything(), mentions: fc.anything(), type: fc.anything(), webhook_id: fc.anything() }, { requiredKeys: [] }),
        (raw) => {
          parseMention(raw, BOT);
        },
      ),
    );
  });

  // Pieces of content that look like mentions but are not the bot's user mention.
  const otherId = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String).filter((id) => id !== BOT);
  const notDirect = fc.oneof(
    fc.stringMatching(/^[a-z0-9,.?]{1,12}$/),
    otherId.map((id) => `<@${id}>`),
    otherId.map((id) => `<@!${id}>`),
    fc.constantFrom(`<@&${BOT}>`, `<#${BOT}>`, BOT, `@${BOT}`, `<@${BOT}`, `@!${BOT}>`, `< @${BOT}>`, `<@${BOT}0>`, `<@0${BOT}>`, '@everyone', '@here', `<a:x:${BOT}>`),
  );
  const human = fc.record({ id: otherId, bot: fc.constantFrom(undefined, false) });

  it('never treats anything but the bot’s own user mention as a direct mention', () => {
    fc.assert(
      fc.property(
        fc.array(notDirect, { maxLength: 12 }),
        fc.array(otherId.map((id) => ({ id })), { maxLength: 3 }),
        fc.array(fc.oneof(otherId, fc.constant(BOT)), { maxLength: 3 }),
        fc.boolean(),
        human,
        (parts, mentions, roles, everyone, author) => {
          const raw = msg(parts.join(' '), { mentions, mention_roles: roles, mention_everyone: everyone, author });
          expect(parseMention(raw, BOT)).toEqual({ kind: 'ignore', reason: 'no_direct_mention' });
        },
      ),
    );
  });

  it('the bot’s mention anywhere makes a person’s message a question (or a help line), without the mention in it', () => {
    fc.assert(
      fc.property(fc.array(notDirect, { maxLength: 12 }), fc.nat(), fc.constantFrom(`<@${BOT}>`, `<@!${BOT}>`), human, (parts, at, mention, author) => {
        const words = [...parts];
        words.splice(at % (words.length + 1), 0, mention);
        const parsed = parseMention(msg(words.join(' '), { author }), BOT);
        expect(parsed.kind).not.toBe('ignore');
        if (parsed.kind === 'question') {
          expect(parsed.text).not.toContain(`<@${BOT}>`);
          expect(parsed.text).not.toContain(`<@!${BOT}>`);
          expect(parsed.text).toBe(parsed.text.trim());
          expect([...parsed.text].length).toBeLessThanOrEqual(MAX_QUERY);
          expect(parsed.text.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('replyBody', () => {
  const to = { id: '700000000000000001', channelId: CHANNEL, guildId: GUILD, authorId: USER };

  it('replies with the answer’s message, pinging nobody, without the ephemeral flag', () => {
    const body = replyBody(
      {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: 'x', embeds: [{ title: 't' }], components: [], allowed_mentions: { parse: [] }, flags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds },
      },
      to,
    );
    expect(body).toEqual({
      content: 'x',
      embeds: [{ title: 't' }],
      components: [],
      flags: MessageFlags.SuppressEmbeds,
      allowed_mentions: { parse: [], replied_user: false },
      message_reference: { message_id: to.id, channel_id: CHANNEL, guild_id: GUILD },
    });
  });

  it('has nothing to send for a response that is not a message', () => {
    expect(replyBody({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }, to)).toBeUndefined();
    expect(replyBody({ type: InteractionResponseType.DeferredMessageUpdate }, to)).toBeUndefined();
  });
});
