// Shared pieces of command handlers: definitions' common parts, reading options, counting a
// term's figures for suggestions, and turning a failed name look-up into a "did you mean" answer
// that a select menu can complete.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Answer, Suggestion } from '../answers/model.ts';
import { checkQuery, MAX_QUERY } from '../search/query.ts';
import type { Completion } from '../search/complete.ts';
import { resolve, type Candidate, type ResolveOptions } from '../search/resolve.ts';
import type { Role, SearchIndex, Term } from '../search/index.ts';
import type { OptionValue } from '../interactions/invocation.ts';

/** Usable in servers, in DMs with the bot, and in private channels when user-installed. */
export const EVERYWHERE = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
};

/** A slash command usable everywhere. */
export function chat(def: Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'type'>): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return { type: ApplicationCommandType.ChatInput, ...EVERYWHERE, ...def };
}

/** How many figures a term has in these roles: ranks suggestions. */
export function factCount(index: SearchIndex, term: Term, roles: readonly Role[]): number {
  const byRole = index.facts.get(term.key);
  return byRole ? roles.reduce((n, r) => n + (byRole.get(r)?.length ?? 0), 0) : 0;
}

export const hasRole = (index: SearchIndex, roles: readonly Role[]) => (term: Term): boolean => factCount(index, term, roles) > 0;

/** Whether an entity has figures in these roles. */
export const entityHas = (index: SearchIndex, roles: readonly Role[]) => (id: string): boolean => {
  const byRole = index.facts.get(`entity:${id}`);
  return byRole !== undefined && roles.some((r) => (byRole.get(r)?.length ?? 0) > 0);
};

export function choiceName(c: Completion, detail?: string): string {
  const via = c.via !== undefined ? ` (${c.via})` : '';
  return `${c.term.label}${via}${detail ? ` — ${detail}` : ''}`;
}

/** The first `max` code points: a cut never leaves half a surrogate pair to be echoed back. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ >= max) break;
    out += ch;
  }
  return out;
}

export function textOption(name: string, description: string, required: boolean): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required,
    autocomplete: true,
    max_length: MAX_QUERY,
  };
}

export function str(options: Readonly<Record<string, OptionValue>>, name: string): string | undefined {
  const v = options[name];
  if (v === undefined || v === '') return undefined;
  return String(v);
}

export function pageOf(options: Readonly<Record<string, OptionValue>>): number {
  const n = Number(options.page ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function suggestion(c: Candidate): Suggestion {
  const detail = c.via !== undefined ? `matched “${c.via}”` : c.term.kind === 'metric' ? 'metric' : undefined;
  return { label: c.term.label, value: c.term.id, ...(detail ? { detail } : {}) };
}

export type Resolved =
  | { ok: true; term: Term }
  /** `sameName`: several things go by exactly the name typed; only the user can choose. */
  | { ok: false; answer: Answer; sameName?: true };

/**
 * Checks and resolves one option. On failure the answer offers candidates; `rest` carries the
 * other options already resolved, so picking a candidate answers the command in one click.
 */
export function resolveOption(
  index: SearchIndex,
  raw: string | undefined,
  where: { option: string; rest: Readonly<Record<string, string>> },
  opts: ResolveOptions,
): Resolved {
  if (raw === undefined) return { ok: false, answer: { kind: 'invalid', message: `Give a ${where.option}.` } };
  // Ids come back from autocomplete and from buttons; they may be shorter than a typed query may be.
  for (const kind of opts.kinds) {
    const byId = index.terms.get(`${kind}:${raw.trim()}`);
    if (byId) return { ok: true, term: byId };
  }
  const checked = checkQuery(raw, where.option);
  if (!checked.ok) return { ok: false, answer: { kind: 'invalid', message: checked.message } };
  const r = resolve(index, checked.text, opts);
  if (r.kind === 'found') return { ok: true, term: r.term };
  const pick = { option: where.option, rest: where.rest };
  if (r.kind === 'ambiguous') {
    return {
      ok: false,
      ...(r.candidates.every((c) => c.score === 0) ? { sameName: true as const } : {}),
      answer: { kind: 'not_found', message: `“${checked.text}” could mean more than one thing. Which one?`, suggestions: r.candidates.map(suggestion), pick },
    };
  }
  return {
    ok: false,
    answer: {
      kind: 'not_found',
      message: `Nothing matches “${checked.text}”.`,
      suggestions: r.suggestions.map(suggestion),
      pick,
    },
  };
}
