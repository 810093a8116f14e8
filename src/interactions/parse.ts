// Discord's interaction JSON → the transport-neutral Invocation. The one parser for every
// transport: the HTTP endpoint hands it the POSTed body, the gateway bot the `d` of the raw
// INTERACTION_CREATE event, so both read an interaction by the same rules. The body is signed (or
// came over our own gateway connection), but it is still untrusted input: every field is
// type-checked here and anything unexpected becomes `invalid` (answered 400), never a throw.
import { ApplicationCommandOptionType, ApplicationCommandType, ComponentType, InteractionType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Attachment, Caller, Invocation, MessageRef, OptionValue } from './invocation.ts';

export type ParsedInteraction =
  | { kind: 'ping' }
  | {
      kind: 'invocation';
      invocation: Invocation;
      /** The interaction's id and token: what answering it (callback, then edits) needs. */
      reply: { id: string; applicationId: string; token: string };
    }
  | { kind: 'invalid'; reason: string };

/** Manage Server or Administrator. Discord sends the member's computed permissions as a decimal string. */
const MODERATOR_PERMISSIONS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

const SNOWFLAKE = /^\d{1,20}$/;
/** Interaction tokens are URL-safe; anything else would be unsafe to put in a follow-up URL. */
const TOKEN = /^[A-Za-z0-9._-]{1,1000}$/;
const LOCALE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;
const MAX_OPTION_DEPTH = 3;
/**
 * A coarse guard on strings (Discord allows options of up to 6000 characters, text inputs of 4000):
 * the commands' own rules (checkQuery's 100 characters) word a too-long query; this only keeps a
 * huge paste from being copied around before that check runs.
 */
export const OPTION_GUARD_LENGTH = 4000;
const MAX_MODAL_INPUTS = 25;

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
    type !== InteractionType.MessageComponent &&
    type !== InteractionType.ModalSubmit
  ) {
    fail(`unsupported interaction type ${JSON.stringify(type)}`);
  }
  if (!isSnowflake(raw.id)) fail('id missing or malformed');
  if (!isSnowflake(raw.application_id)) fail('application_id missing or malformed');
  if (typeof raw.token !== 'string' || !TOKEN.test(raw.token)) fail('token missing or malformed');
  const reply = { id: raw.id, applicationId: raw.application_id, token: raw.token };
  const common = { caller: parseCaller(raw, moderatorRoleIds), ...locales(raw) };
  const data = raw.data;
  if (!isObject(data)) fail('data missing');

  if (type === InteractionType.MessageComponent || type === InteractionType.ModalSubmit) {
    if (typeof data.custom_id !== 'string' || data.custom_id.length === 0 || data.custom_id.length > 100) {
      fail('data.custom_id missing or malformed');
    }
    const message = parseMessage(raw.message);
    const where = message ? { message } : {};
    if (type === InteractionType.ModalSubmit) {
      return { kind: 'invocation', reply, invocation: { type: 'modal', customId: data.custom_id, fields: modalFields(data.components), ...common, ...where } };
    }
    const values = data.values === undefined ? [] : data.values;
    if (!Array.isArray(values) || values.length > 25 || !values.every((v): v is string => typeof v === 'string' && v.length <= OPTION_GUARD_LENGTH)) {
      fail('data.values must be a list of strings');
    }
    return { kind: 'invocation', reply, invocation: { type: 'component', customId: data.custom_id, values, ...common, ...where } };
  }

  if (typeof data.name !== 'string' || data.name === '') fail('data.name missing');
  if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) fail('only slash commands are supported');
  const { subcommand, options, focused, attachmentIds } = flattenOptions(data.options);
  const base = { name: data.name, options, ...common, ...(subcommand === undefined ? {} : { subcommand }) };
  if (type === InteractionType.ApplicationCommandAutocomplete) {
    if (focused === undefined) fail('autocomplete without a focused option');
    return { kind: 'invocation', reply, invocation: { type: 'autocomplete', ...base, focused } };
  }
  const attachments = resolveAttachments(attachmentIds, data.resolved);
  return { kind: 'invocation', reply, invocation: { type: 'command', ...base, ...(attachmentIds.length > 0 ? { attachments } : {}) } };
}

function locales(raw: Json): { locale?: string; guildLocale?: string } {
  const out: { locale?: string; guildLocale?: string } = {};
  if (typeof raw.locale === 'string' && LOCALE.test(raw.locale)) out.locale = raw.locale;
  if (typeof raw.guild_locale === 'string' && LOCALE.test(raw.guild_locale)) out.guildLocale = raw.guild_locale;
  return out;
}

function parseCaller(raw: Json, moderatorRoleIds: ReadonlySet<string>): Caller {
  const guildId = raw.guild_id;
  if (guildId !== undefined && !isSnowflake(guildId)) fail('guild_id malformed');
  const where = guildId ? { guildId } : {};
  if (isObject(raw.member)) {
    const member = raw.member;
    const user = member.user;
    if (!isObject(user) || !isSnowflake(user.id)) fail('member.user.id missing or malformed');
    const permissions = parsePermissions(member.permissions);
    return {
      id: user.id,
      ...nameOf(user),
      isModerator: isModeratorBy(permissions, member.roles, moderatorRoleIds),
      ...where,
      ...(permissions === undefined ? {} : { permissions }),
      ...(forcedPrivate(raw, permissions) ? { forcedPrivate: true } : {}),
    };
  }
  // In a DM Discord sends `user` instead of `member`; nobody there is a moderator.
  if (raw.member !== undefined) fail('member malformed');
  const user = raw.user;
  if (!isObject(user) || !isSnowflake(user.id)) fail('user.id missing or malformed');
  return { id: user.id, ...nameOf(user), isModerator: false, ...where };
}

/** Use External Apps: without it, a user-installed app's replies in a server are shown to the member only. */
const USE_EXTERNAL_APPS = 1n << 50n;

/** Installed by the user only (authorizing_integration_owners names no guild install, "0"), in a server, without Use External Apps. */
function forcedPrivate(raw: Json, permissions: bigint | undefined): boolean {
  const owners = raw.authorizing_integration_owners;
  if (!isObject(owners) || owners['0'] !== undefined || raw.guild_id === undefined) return false;
  return permissions !== undefined && (permissions & USE_EXTERNAL_APPS) === 0n;
}

function nameOf(user: Json): { name?: string } {
  const name = typeof user.global_name === 'string' ? user.global_name : user.username;
  return typeof name === 'string' && name.length > 0 && name.length <= 100 ? { name } : {};
}

function parsePermissions(v: unknown): bigint | undefined {
  return typeof v === 'string' && /^\d{1,40}$/.test(v) ? BigInt(v) : undefined;
}

function isModeratorBy(permissions: bigint | undefined, roles: unknown, moderatorRoleIds: ReadonlySet<string>): boolean {
  if (permissions !== undefined && (permissions & MODERATOR_PERMISSIONS) !== 0n) return true;
  return Array.isArray(roles) && roles.some((r) => typeof r === 'string' && moderatorRoleIds.has(r));
}

/** Manage Server, Administrator, or a moderator role: the rule every transport applies. */
export function memberIsModerator(member: Json, moderatorRoleIds: ReadonlySet<string>): boolean {
  return isModeratorBy(parsePermissions(member.permissions), member.roles, moderatorRoleIds);
}

function parseMessage(raw: unknown): MessageRef | undefined {
  if (!isObject(raw) || !isSnowflake(raw.id)) return undefined;
  const meta = raw.interaction_metadata;
  if (isObject(meta) && isSnowflake(meta.id) && typeof meta.type === 'number' && isObject(meta.user) && isSnowflake(meta.user.id)) {
    return { id: raw.id, interaction: { id: meta.id, type: meta.type, userId: meta.user.id } };
  }
  return { id: raw.id };
}

/** Text inputs (in action rows or labels) and selects or file uploads (in labels), by custom_id. */
function modalFields(raw: unknown): Record<string, string | readonly string[]> {
  if (!Array.isArray(raw) || raw.length > MAX_MODAL_INPUTS) fail('data.components malformed');
  const fields = new Map<string, string | readonly string[]>();
  const take = (c: unknown): void => {
    if (!isObject(c) || typeof c.type !== 'number') fail('modal component malformed');
    if (c.type === ComponentType.TextDisplay) return;
    if (typeof c.custom_id !== 'string' || c.custom_id === '' || c.custom_id.length > 100) fail('modal input without a custom_id');
    if (fields.has(c.custom_id)) fail(`modal input ${c.custom_id} given twice`);
    if (typeof c.value === 'string' && c.value.length <= OPTION_GUARD_LENGTH) fields.set(c.custom_id, c.value);
    else if (Array.isArray(c.values) && c.values.length <= 25 && c.values.every((v) => typeof v === 'string' && v.length <= 100)) fields.set(c.custom_id, c.values as string[]);
    else if (c.value === null || typeof c.value === 'boolean') fields.set(c.custom_id, c.value === true ? 'true' : '');
    else fail(`modal input ${c.custom_id} has no usable value`);
  };
  for (const row of raw) {
    if (!isObject(row) || typeof row.type !== 'number') fail('modal row malformed');
    if (row.type === ComponentType.ActionRow) {
      if (!Array.isArray(row.components) || row.components.length > 5) fail('modal row malformed');
      row.components.forEach(take);
    } else if (row.type === ComponentType.Label) {
      take(row.component);
    } else {
      take(row);
    }
  }
  return Object.fromEntries(fields);
}

function resolveAttachments(ids: readonly string[], resolved: unknown): Record<string, Attachment> {
  const out = new Map<string, Attachment>();
  const all = isObject(resolved) && isObject(resolved.attachments) ? resolved.attachments : {};
  for (const id of ids) {
    const a = all[id];
    if (!isObject(a) || a.id !== id || typeof a.filename !== 'string' || typeof a.size !== 'number' || typeof a.url !== 'string') {
      fail(`attachment ${id} is not resolved`);
    }
    if (!/^https:\/\//.test(a.url) || a.url.length > 2048 || a.filename.length > 1024 || !Number.isSafeInteger(a.size) || a.size < 0) fail(`attachment ${id} malformed`);
    out.set(id, {
      id,
      filename: a.filename,
      size: a.size,
      url: a.url,
      ...(typeof a.content_type === 'string' && a.content_type.length <= 255 ? { contentType: a.content_type } : {}),
    });
  }
  return Object.fromEntries(out);
}

interface Flattened {
  subcommand?: string;
  options: Record<string, OptionValue>;
  focused?: string;
  attachmentIds: string[];
}

/**
 * Walks the option tree: a subcommand (or group + subcommand, joined by a space as the user typed
 * them) then leaf values. Mentionable, user, channel, role and attachment options are ids, i.e. strings.
 */
function flattenOptions(raw: unknown): Flattened {
  const out: Flattened = { options: {}, attachmentIds: [] };
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
    if (!isObject(opt) || typeof opt.name !== 'string' || opt.name === '' || opt.name.length > 32 || typeof opt.type !== 'number') {
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
    if (opt.type === ApplicationCommandOptionType.Attachment) {
      if (!isSnowflake(value)) fail(`option ${opt.name} is not an attachment id`);
      out.attachmentIds.push(value);
    }
    values.set(opt.name, typeof value === 'string' ? value.slice(0, OPTION_GUARD_LENGTH) : value);
    if (opt.focused === true) {
      if (out.focused !== undefined) fail('more than one focused option');
      out.focused = opt.name;
    }
  }
}
