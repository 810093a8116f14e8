// A chat message that @mentions the bot, read from Discord's raw MESSAGE_CREATE JSON: the question
// it asks, or why the bot stays quiet. Pure and total (anything in, a verdict out, never a throw),
// so the gateway glue stays thin and a property test can throw arbitrary JSON at it.
//
// Only the bot's own user mention counts: `<@id>` or `<@!id>` in the content, or the bot in
// `mentions` (a reply that pings it). @everyone, @here and role mentions never do, not even a
// role the bot holds (Discord gives every bot one, and the client's autocomplete offers it first).
import { MAX_QUERY } from '../search/query.ts';

/** The message a reply points at. */
export interface MentionedMessage {
  readonly id: string;
  readonly channelId: string;
  /** Absent in a DM. */
  readonly guildId?: string;
  readonly authorId: string;
}

export type IgnoreReason =
  /** Not a message this parser can read (missing ids, wrong types). */
  | 'malformed'
  /** The bot's own message. */
  | 'own'
  /** Another bot, or a system account. */
  | 'bot'
  /** Posted by a webhook (which may carry any name and avatar). */
  | 'webhook'
  /** A join, a pin, a thread starter…: not something a person typed. */
  | 'not_chat'
  /** No direct mention of the bot (none at all, or only @everyone, @here or a role). */
  | 'no_direct_mention';

export type MentionParse =
  | { readonly kind: 'question'; readonly text: string; readonly message: MentionedMessage }
  | { readonly kind: 'help'; readonly reason: 'empty' | 'too_long'; readonly length: number; readonly message: MentionedMessage }
  | { readonly kind: 'ignore'; readonly reason: IgnoreReason };

const SNOWFLAKE = /^\d{17,20}$/;
/** DEFAULT (0) and REPLY (19): the messages people type. */
const CHAT_TYPES = new Set([0, 19]);
/** Far beyond any real message (4,000 characters with Nitro); past it, nothing is scanned. */
const MAX_SCANNED = 8_000;

/**
 * Discord's markup that is no word of a question: user, role and channel mentions, custom emoji,
 * timestamps, command mentions, and @everyone/@here. Left in, "<@123…>" would be read as a number.
 */
const MARKUP = /<(?:@[!&]?\d{1,20}|#\d{1,20}|a?:\w{1,32}:\d{1,20}|t:-?\d{1,20}(?::[tTdDfFR])?|\/[^<>:]{1,100}:\d{1,20}|id:\w{1,20})>|@(?:everyone|here)\b/g;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSnowflake = (v: unknown): v is string => typeof v === 'string' && SNOWFLAKE.test(v);

/** Reads one raw MESSAGE_CREATE `d`. `botId` is the bot's own user id. */
export function parseMention(raw: unknown, botId: string): MentionParse {
  if (!isSnowflake(botId) || !isObject(raw)) return ignore('malformed');
  const { id, channel_id: channelId, guild_id: guildId, author, content } = raw;
  if (!isSnowflake(id) || !isSnowflake(channelId) || !isObject(author) || !isSnowflake(author.id)) return ignore('malformed');
  if (guildId !== undefined && guildId !== null && !isSnowflake(guildId)) return ignore('malformed');
  if (author.id === botId) return ignore('own');
  if (raw.webhook_id !== undefined && raw.webhook_id !== null) return ignore('webhook');
  if (author.bot === true || author.system === true) return ignore('bot');
  if (raw.type !== undefined && !(typeof raw.type === 'number' && CHAT_TYPES.has(raw.type))) return ignore('not_chat');
  // Without the Message Content intent Discord still sends the content of a message that
  // mentions the bot; anything else arrives empty.
  if (typeof content !== 'string') return ignore('malformed');
  if (!mentionsDirectly(raw, content, botId)) return ignore('no_direct_mention');

  const message: MentionedMessage = { id, channelId, authorId: author.id, ...(isSnowflake(guildId) ? { guildId } : {}) };
  if (content.length > MAX_SCANNED) return { kind: 'help', reason: 'too_long', length: [...content].length, message };
  const text = questionOf(content, botId);
  const length = [...text].length;
  if (length === 0) return { kind: 'help', reason: 'empty', length, message };
  if (length > MAX_QUERY) return { kind: 'help', reason: 'too_long', length, message };
  return { kind: 'question', text, message };
}

/** The bot's user mention in the content, or the bot among the users the message mentions. */
function mentionsDirectly(raw: Json, content: string, botId: string): boolean {
  if (content.includes(`<@${botId}>`) || content.includes(`<@!${botId}>`)) return true;
  const mentions = raw.mentions;
  return Array.isArray(mentions) && mentions.some((u) => isObject(u) && u.id === botId);
}

/** The content without the bot's mention or any other mention markup, spaces collapsed. */
export function questionOf(content: string, botId: string): string {
  return content
    .split(`<@${botId}>`).join(' ')
    .split(`<@!${botId}>`).join(' ')
    .replace(MARKUP, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The one short line a mention without a usable question gets. */
export function helpLine(reason: 'empty' | 'too_long', length: number, command: string): string {
  return reason === 'empty'
    ? `Ask me a question after the mention, e.g. “how many civilians did the coalition kill”, or use /${command}.`
    : `That question is too long (${length} characters): keep it to ${MAX_QUERY}, or use /${command}.`;
}

function ignore(reason: IgnoreReason): MentionParse {
  return { kind: 'ignore', reason };
}
