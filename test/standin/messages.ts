// MESSAGE_CREATE payloads as Discord sends them (API v10) to a bot without the Message Content
// intent: a message that mentions the bot carries its content, any other arrives with it empty
// (in a DM the content always comes). `mentions` lists the users pinged, `mention_roles` the
// roles, `mention_everyone` says @everyone/@here: Discord fills them from the content.
import { snowflake, type DiscordStandIn } from './discord.ts';

export interface MessageAuthor {
  id: string;
  bot?: boolean;
  /** Posted by a webhook under this id (author.id is then the webhook's). */
  webhookId?: string;
}

export interface MessageOptions {
  /** The server and channel; a DM when absent. */
  guild?: { id: string; channelId: string; roles?: string[] } | undefined;
  /** Users mentioned; by default those written <@id> or <@!id> in the content. */
  mentions?: string[];
  /** Deliver the content even without a mention (as Discord does for DMs and the bot's own). */
  contentVisible?: boolean;
  type?: number;
}

export interface SentMessage {
  readonly id: string;
  readonly channelId: string;
  readonly payload: any;
}

const DM_CHANNEL = '300000000000000001';

export function messageCreate(standIn: DiscordStandIn, author: MessageAuthor, content: string, options: MessageOptions = {}): SentMessage {
  const id = snowflake();
  const g = options.guild;
  const channelId = g?.channelId ?? DM_CHANNEL;
  const mentioned = options.mentions ?? [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!);
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]!);
  const everyone = /@(?:everyone|here)\b/.test(content);
  const botId = standIn.options.applicationId;
  // Discord's rule for bots without Message Content: mentioned directly, in a DM, or its own.
  const visible = options.contentVisible ?? (g === undefined || mentioned.includes(botId) || author.id === botId);
  const user = {
    id: author.id,
    username: author.webhookId ? 'Some Webhook' : `user${author.id.slice(-4)}`,
    discriminator: author.webhookId ? '0000' : '0',
    global_name: author.webhookId ? null : `User ${author.id.slice(-4)}`,
    avatar: null,
    public_flags: 0,
    ...(author.bot ? { bot: true } : {}),
  };
  const payload: Record<string, unknown> = {
    id,
    type: options.type ?? 0,
    channel_id: channelId,
    author: user,
    content: visible ? content : '',
    embeds: [],
    components: [],
    attachments: [],
    mentions: mentioned.map((uid) => ({ id: uid, username: uid === botId ? 'Contested Figures' : `user${uid.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, public_flags: 0, ...(uid === botId ? { bot: true } : {}) })),
    mention_roles: roles,
    mention_everyone: everyone,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    nonce: id,
    ...(author.webhookId ? { webhook_id: author.webhookId } : {}),
    ...(g
      ? {
          guild_id: g.id,
          ...(author.webhookId
            ? {}
            : { member: { roles: g.roles ?? [], joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, premium_since: null, communication_disabled_until: null } }),
        }
      : {}),
  };
  standIn.dispatch('MESSAGE_CREATE', payload);
  return { id, channelId, payload };
}
