// INTERACTION_CREATE payloads as Discord sends them (API v10), for the stand-in to dispatch to the
// real discord.js client: slash commands, autocomplete, buttons and string select menus, from a
// guild member (with permissions and roles) or from a DM.
import { randomBytes } from 'node:crypto';
import { snowflake, type DiscordStandIn } from './discord.ts';

export type OptionInput = { name: string; type: number; value?: string | number | boolean; focused?: boolean; options?: OptionInput[] };

export interface Who {
  userId: string;
  /** Guild member (default) or a DM. */
  guild?: { id: string; channelId: string; permissions?: string; roles?: string[] } | undefined;
}

export interface Sent {
  readonly id: string;
  readonly token: string;
  readonly payload: any;
}

const MANAGE_GUILD = 1n << 5n;
export const PERMISSIONS = {
  member: (1n << 10n | 1n << 11n | 1n << 31n).toString(), // view channel, send messages, use application commands
  manageGuild: (1n << 10n | 1n << 11n | 1n << 31n | MANAGE_GUILD).toString(),
};

function user(id: string): Record<string, unknown> {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: `User ${id.slice(-4)}`, avatar: null, public_flags: 0 };
}

function base(standIn: DiscordStandIn, type: number, who: Who, data: unknown, extra: Record<string, unknown> = {}): Sent {
  const id = snowflake();
  // Real tokens are base64 of "interaction:<id>:<secret>"; the logger redacts that shape.
  const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
  const g = who.guild;
  const payload: Record<string, unknown> = {
    id,
    application_id: standIn.options.applicationId,
    type,
    token,
    version: 1,
    data,
    locale: 'en-GB',
    app_permissions: PERMISSIONS.member,
    entitlements: [],
    authorizing_integration_owners: g ? { '0': g.id } : { '1': who.userId },
    attachment_size_limit: 10485760,
    ...(g
      ? {
          guild_id: g.id,
          guild_locale: 'en-US',
          guild: { id: g.id, locale: 'en-US', features: [] },
          channel_id: g.channelId,
          channel: { id: g.channelId, type: 0, guild_id: g.id, name: 'general', permissions: PERMISSIONS.member },
          context: 0,
          member: {
            user: user(who.userId),
            roles: g.roles ?? [],
            permissions: g.permissions ?? PERMISSIONS.member,
            joined_at: '2024-01-01T00:00:00.000000+00:00',
            deaf: false,
            mute: false,
            flags: 0,
            pending: false,
            nick: null,
            avatar: null,
            premium_since: null,
            communication_disabled_until: null,
          },
        }
      : {
          channel_id: '300000000000000001',
          channel: { id: '300000000000000001', type: 1, recipients: [user(who.userId)], flags: 0, last_message_id: null },
          context: 1,
          user: user(who.userId),
        }),
    ...extra,
  };
  standIn.dispatch('INTERACTION_CREATE', payload);
  return { id, token, payload };
}

export function command(standIn: DiscordStandIn, who: Who, name: string, options: OptionInput[] = [], commandId = '400000000000000001'): Sent {
  return base(standIn, 2, who, { id: commandId, name, type: 1, options });
}

export function autocomplete(standIn: DiscordStandIn, who: Who, name: string, options: OptionInput[], commandId = '400000000000000001'): Sent {
  return base(standIn, 4, who, { id: commandId, name, type: 1, options });
}

/** A click on a button (component_type 2) or a choice in a string select (3) on one of the bot's messages. */
/** A click on a button or menu; `askedBy`: the user whose slash command made the message (its interaction_metadata). */
export function component(standIn: DiscordStandIn, who: Who, customId: string, values?: string[], messageComponents: unknown[] = [], askedBy?: string): Sent {
  const channelId = who.guild?.channelId ?? '300000000000000001';
  const data = values === undefined ? { custom_id: customId, component_type: 2 } : { custom_id: customId, component_type: 3, values };
  const message = {
    id: snowflake(Date.now() - 60_000),
    type: 20,
    channel_id: channelId,
    author: { id: standIn.options.applicationId, username: 'Contested Figures', discriminator: '0000', avatar: null, bot: true },
    content: 'An earlier answer',
    embeds: [],
    components: messageComponents,
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    edited_timestamp: null,
    flags: 0,
    application_id: standIn.options.applicationId,
    webhook_id: standIn.options.applicationId,
    ...(askedBy === undefined
      ? {}
      : { interaction_metadata: { id: snowflake(Date.now() - 60_000), type: 2, user: user(askedBy), authorizing_integration_owners: { '0': who.guild?.id ?? '0' }, name: 'casualties', command_type: 1 } }),
  };
  return base(standIn, 3, who, data, { message });
}

/**
 * A click on a button of a message the stand-in holds (standIn.messages, standIn.originalOf(token)):
 * the interaction carries that very message, interaction_metadata and all, as Discord sends it.
 */
export function clickOn(standIn: DiscordStandIn, who: Who, message: any, customId: string): Sent {
  return base(standIn, 3, who, { custom_id: customId, component_type: 2 }, { message: structuredClone(message) });
}

/** Option shorthands: string (3), integer (4), subcommand (1). */
export const opt = {
  str: (name: string, value: string, focused = false): OptionInput => ({ name, type: 3, value, ...(focused ? { focused } : {}) }),
  int: (name: string, value: number): OptionInput => ({ name, type: 4, value }),
  sub: (name: string, options: OptionInput[] = []): OptionInput => ({ name, type: 1, options }),
};

/** An uploaded file as Discord resolves it for an attachment option (type 11). */
export interface ResolvedAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

export function attachmentFor(filename: string, size: number, contentType = 'application/yaml'): ResolvedAttachment {
  const id = snowflake();
  const url = `https://cdn.discordapp.com/ephemeral-attachments/500000000000000005/${id}/${filename}`;
  return { id, filename, size, url, proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'), content_type: contentType };
}

/** A slash command whose `option` is a file the user attached. */
export function commandWithAttachment(standIn: DiscordStandIn, who: Who, name: string, option: string, file: ResolvedAttachment, commandId = '400000000000000001'): Sent {
  return base(standIn, 2, who, { id: commandId, name, type: 1, options: [{ name: option, type: 11, value: file.id }], resolved: { attachments: { [file.id]: file } } });
}

/** A modal the bot showed, submitted: one text input per field, each in its action row. */
export function modalSubmit(standIn: DiscordStandIn, who: Who, customId: string, fields: Record<string, string>): Sent {
  const components = Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, id: 1, custom_id: id, value }] }));
  return base(standIn, 5, who, { custom_id: customId, components });
}

/** `/name sub file:<attachment> …`: a subcommand whose `option` is an attached file, with other options after it. */
export function subcommandWithAttachment(
  standIn: DiscordStandIn,
  who: Who,
  name: string,
  sub: string,
  option: string,
  file: ResolvedAttachment,
  rest: OptionInput[] = [],
  commandId = '400000000000000001',
): Sent {
  return base(standIn, 2, who, {
    id: commandId,
    name,
    type: 1,
    options: [{ name: sub, type: 1, options: [{ name: option, type: 11, value: file.id }, ...rest] }],
    resolved: { attachments: { [file.id]: file } },
  });
}
