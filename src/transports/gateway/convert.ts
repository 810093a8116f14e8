// discord.js interaction objects → the transport-neutral Invocation. The same rules as the HTTP
// endpoint's parser: a subcommand (group + subcommand joined by a space), leaf option values, the
// focused option for autocomplete, and a caller who is a moderator when they hold Manage Server
// (or Administrator) or a role listed in MODERATOR_ROLE_IDS. In DMs nobody is a moderator.
import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { Caller, Invocation, OptionValue } from '../../interactions/invocation.ts';

/**
 * A coarse guard on option strings (Discord allows up to 6000 characters). The 100-character rule
 * for queries is the dispatcher's (checkQuery), so both transports word a too-long query the same
 * way; this only keeps a huge paste from being copied around before that check runs.
 */
export const OPTION_GUARD_LENGTH = 1000;

export function toInvocation(interaction: Interaction, moderatorRoleIds: ReadonlySet<string>): Invocation | undefined {
  const caller = callerOf(interaction, moderatorRoleIds);
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const { subcommand, options, focused } = flatten(interaction.options.data);
    const base = { name: interaction.commandName, options, caller, ...(subcommand === undefined ? {} : { subcommand }) };
    if (interaction.isAutocomplete()) return { type: 'autocomplete', ...base, focused: focused ?? '' };
    return { type: 'command', ...base };
  }
  if (interaction.isButton()) return { type: 'component', customId: interaction.customId, values: [], caller };
  if (interaction.isStringSelectMenu()) {
    return { type: 'component', customId: interaction.customId, values: interaction.values.map((v) => v.slice(0, OPTION_GUARD_LENGTH)), caller };
  }
  // Context-menu commands, modals and other select menus are not part of this bot.
  return undefined;
}

export function callerOf(interaction: Interaction, moderatorRoleIds: ReadonlySet<string>): Caller {
  const guildId = interaction.guildId ?? undefined;
  if (!interaction.inGuild()) return { id: interaction.user.id, isModerator: false, ...(guildId ? { guildId } : {}) };
  // checkAdmin (the default) makes Administrator count as every permission.
  const byPermission = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  return { id: interaction.user.id, isModerator: byPermission || hasModeratorRole(interaction.member, moderatorRoleIds), ...(guildId ? { guildId } : {}) };
}

function hasModeratorRole(member: unknown, moderatorRoleIds: ReadonlySet<string>): boolean {
  if (moderatorRoleIds.size === 0 || member === null || typeof member !== 'object') return false;
  const roles = (member as { roles?: unknown }).roles;
  // An uncached guild gives the raw API member (role ids); a cached one a GuildMember.
  if (Array.isArray(roles)) return roles.some((r) => typeof r === 'string' && moderatorRoleIds.has(r));
  const cache = (roles as { cache?: { has(id: string): boolean } } | undefined)?.cache;
  if (cache) for (const id of moderatorRoleIds) if (cache.has(id)) return true;
  return false;
}

interface Flattened {
  subcommand?: string;
  options: Record<string, OptionValue>;
  focused?: string;
}

function flatten(data: readonly CommandInteractionOption[]): Flattened {
  const values = new Map<string, OptionValue>();
  const path: string[] = [];
  let focused: string | undefined;
  const walk = (list: readonly CommandInteractionOption[] | undefined): void => {
    for (const opt of list ?? []) {
      if (opt.type === ApplicationCommandOptionType.Subcommand || opt.type === ApplicationCommandOptionType.SubcommandGroup) {
        path.push(opt.name);
        walk(opt.options);
        continue;
      }
      const v = opt.value;
      if (typeof v === 'string') values.set(opt.name, v.slice(0, OPTION_GUARD_LENGTH));
      else if (typeof v === 'number' && Number.isFinite(v)) values.set(opt.name, v);
      else if (typeof v === 'boolean') values.set(opt.name, v);
      if (opt.focused) focused = opt.name;
    }
  };
  walk(data);
  // Object.fromEntries: an option named "__proto__" stays an ordinary own property.
  const out: Flattened = { options: Object.fromEntries(values) };
  if (path.length > 0) out.subcommand = path.join(' ');
  if (focused !== undefined) out.focused = focused;
  return out;
}
