// Turns the raw interaction JSON Discord POSTs into the transport-neutral Invocation. The body is
// signed, so it came from Discord, but it is still treated as untrusted input: every field is
// type-checked here and anything unexpected becomes `invalid` (answered 400), never a throw.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { Caller, Invocation, OptionValue } from '../../interactions/invocation.ts';

export type ParsedInteraction =
  | { kind: 'ping' }
  | {
      kind: 'invocation';
      invocation: Invocation;
      /** What a deferred answer needs to PATCH the original response later. */
      followUp: { applicationId: string; token: string };
    }
  | { kind: 'invalid'; reason: string };

/** Manage Server or Administrator. Discord sends the member's computed permissions as a decimal string. */
const MODERATOR_PERMISSIONS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

const SNOWFLAKE = /^\d{1,20}$/;
/** Interaction tokens are URL-safe; anything else would be unsafe to put in a follow-up URL. */
const TOKEN = /^[A-Za-z0-9._-]{1,1000}$/;
const MAX_OPTION_DEPTH = 3;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isSnowflake(v: unknown): v is string {
  return typeof v === 'string' && SNOWFLAKE.test(v);
}

class Invalid extends Error {}
function fail(reason: string): never {
  throw new Invalid(reason);
}

export function parseInteraction(raw: unknown, moderatorRoleIds: ReadonlySet<string>): ParsedInteraction {
  try {
    return parse(raw, moderatorRoleIds);
  } catch (err) {
    if (err instanceof Invalid) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

function parse(raw: unknown, moderatorRoleIds: ReadonlySet<string>): ParsedInteraction {
  if (!isObject(raw)) fail('interaction is not a JSON object');
  const type = raw.type;
  if (type === InteractionType.Ping) return { kind: 'ping' };
  if (
    type !== InteractionType.ApplicationCommand &&
    type !== InteractionType.ApplicationCommandAutocomplete &&
    type !== InteractionType.MessageComponent
  ) {
    fail(`unsupported interaction type ${JSON.stringify(type)}`);
  }
  if (!isSnowflake(raw.application_id)) fail('application_id missing or malformed');
  if (typeof raw.token !== 'string' || !TOKEN.test(raw.token)) fail('token missing or malformed');
  const followUp = { applicationId: raw.application_id, token: raw.token };
  const caller = parseCaller(raw, moderatorRoleIds);
  const data = raw.data;
  if (!isObject(data)) fail('data missing');

  if (type === InteractionType.MessageComponent) {
    if (typeof data.custom_id !== 'string' || data.custom_id.length === 0 || data.custom_id.length > 100) {
      fail('data.custom_id missing or malformed');
    }
    const values = data.values === undefined ? [] : data.values;
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) {
      fail('data.values must be a list of strings');
    }
    return { kind: 'invocation', followUp, invocation: { type: 'component', customId: data.custom_id, values, caller } };
  }

  if (typeof data.name !== 'string' || data.name === '') fail('data.name missing');
  if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) fail('only slash commands are supported');
  const { subcommand, options, focused } = flattenOptions(data.options);
  const base = { name: data.name, options, caller, ...(subcommand === undefined ? {} : { subcommand }) };
  if (type === InteractionType.ApplicationCommandAutocomplete) {
    if (focused === undefined) fail('autocomplete without a focused option');
    return { kind: 'invocation', followUp, invocation: { type: 'autocomplete', ...base, focused } };
  }
  return { kind: 'invocation', followUp, invocation: { type: 'command', ...base } };
}

function parseCaller(raw: Json, moderatorRoleIds: ReadonlySet<string>): Caller {
  const guildId = raw.guild_id;
  if (guildId !== undefined && !isSnowflake(guildId)) fail('guild_id malformed');
  if (isObject(raw.member)) {
    const member = raw.member;
    const user = member.user;
    if (!isObject(user) || !isSnowflake(user.id)) fail('member.user.id missing or malformed');
    return { id: user.id, isModerator: memberIsModerator(member, moderatorRoleIds), ...(guildId ? { guildId } : {}) };
  }
  // In a DM Discord sends `user` instead of `member`; nobody there is a moderator.
  if (raw.member !== undefined) fail('member malformed');
  const user = raw.user;
  if (!isObject(user) || !isSnowflake(user.id)) fail('user.id missing or malformed');
  return { id: user.id, isModerator: false, ...(guildId ? { guildId } : {}) };
}

export function memberIsModerator(member: Json, moderatorRoleIds: ReadonlySet<string>): boolean {
  const permissions = member.permissions;
  if (typeof permissions === 'string' && /^\d{1,40}$/.test(permissions)) {
    if ((BigInt(permissions) & MODERATOR_PERMISSIONS) !== 0n) return true;
  }
  const roles = member.roles;
  return Array.isArray(roles) && roles.some((r) => typeof r === 'string' && moderatorRoleIds.has(r));
}

interface Flattened {
  subcommand?: string;
  options: Record<string, OptionValue>;
  focused?: string;
}

/**
 * Walks the option tree: a subcommand (or group + subcommand, joined by a space as the user typed
 * them) then leaf values. Mentionable, user, channel and role options are ids, i.e. strings.
 */
function flattenOptions(raw: unknown): Flattened {
  const out: Flattened = { options: {} };
  // A Map, then Object.fromEntries: an option named "__proto__" stays an ordinary own property.
  const values = new Map<string, OptionValue>();
  const path: string[] = [];
  walkOptions(raw, 0, values, path, out);
  out.options = Object.fromEntries(values);
  if (path.length > 0) out.subcommand = path.join(' ');
  return out;
}

function walkOptions(list: unknown, depth: number, values: Map<string, OptionValue>, path: string[], out: Flattened): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length > 25) fail('data.options malformed');
  if (depth > MAX_OPTION_DEPTH) fail('data.options nested too deeply');
  for (const opt of list) {
    if (!isObject(opt) || typeof opt.name !== 'string' || opt.name === '' || typeof opt.type !== 'number') {
      fail('option malformed');
    }
    if (opt.type === ApplicationCommandOptionType.Subcommand || opt.type === ApplicationCommandOptionType.SubcommandGroup) {
      if (list.length !== 1) fail('a subcommand must be the only option at its level');
      path.push(opt.name);
      walkOptions(opt.options, depth + 1, values, path, out);
      continue;
    }
    const value = opt.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      fail(`option ${opt.name} has no usable value`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) fail(`option ${opt.name} is not a finite number`);
    if (values.has(opt.name)) fail(`option ${opt.name} given twice`);
    values.set(opt.name, value);
    if (opt.focused === true) {
      if (out.focused !== undefined) fail('more than one focused option');
      out.focused = opt.name;
    }
  }
}
