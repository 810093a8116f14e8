// The one dispatcher every transport uses: Invocation in, interaction response out. It routes to
// command modules, renders answer models, answers stateless components from their custom_id, and
// turns every failure into an ephemeral message rather than a throw.
import type {
  APIInteractionResponse,
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { citeAnswer } from '../answers/cite.ts';
import type { Answer } from '../answers/model.ts';
import { coreCommands } from '../commands/lookup.ts';
import { isAnswer, type CommandInvocation, type CommandModule, type CoreCommand, type DispatchContext, type Reply } from '../commands/types.ts';
import { renderChoices, renderDiscord, renderError } from '../render/discord.ts';
import { decodeCustomId } from './custom-id.ts';
import type { Caller, Invocation, OptionValue } from './invocation.ts';

export type { CommandModule, DispatchContext } from '../commands/types.ts';

export interface Dispatcher<C extends DispatchContext> {
  /** For deploy-commands: every module's definition. */
  readonly definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  respond(invocation: Invocation, ctx: C): Promise<APIInteractionResponse>;
}

export interface DispatcherOptions {
  /** Told about handler failures; the user gets an ephemeral apology either way. */
  readonly onError?: (error: unknown, invocation: Invocation) => void;
}

export const EXPIRED = 'That button or menu is no longer valid (the bot may have been updated). Run the command again.';
export const FAILED = 'Something went wrong answering that. It has been logged; please try again.';

export function createDispatcher<C extends DispatchContext>(
  modules: readonly CommandModule<C>[],
  options: DispatcherOptions = {},
): Dispatcher<C> {
  const byName = new Map<string, CommandModule<C>>();
  for (const m of modules) {
    if (byName.has(m.definition.name)) throw new Error(`two command modules are named ${m.definition.name}`);
    byName.set(m.definition.name, m);
  }

  async function respond(invocation: Invocation, ctx: C): Promise<APIInteractionResponse> {
    try {
      switch (invocation.type) {
        case 'command': {
          const m = byName.get(invocation.name);
          if (!m) return renderError(`Unknown command /${invocation.name}.`);
          return toResponse(await m.run(invocation, ctx));
        }
        case 'autocomplete': {
          const m = byName.get(invocation.name);
          return renderChoices(m?.autocomplete?.(invocation, ctx) ?? []);
        }
        case 'component':
          return await component(invocation, ctx);
      }
    } catch (error) {
      options.onError?.(error, invocation);
      return invocation.type === 'autocomplete' ? renderChoices([]) : renderError(FAILED);
    }
  }

  async function component(inv: Extract<Invocation, { type: 'component' }>, ctx: C): Promise<APIInteractionResponse> {
    const d = decodeCustomId(inv.customId);
    const m = d && byName.get(d.command);
    if (!d || !m) return renderError(EXPIRED);
    let opts: Record<string, string> = d.options;
    if (d.verb === 'pick') {
      const chosen = inv.values[0];
      if (chosen === undefined) return renderError(EXPIRED);
      opts = { ...d.options, [d.option]: chosen };
    }
    const replay: CommandInvocation = { type: 'command', name: d.command, options: opts, caller: inv.caller };
    const reply = await m.run(replay, ctx);
    if (!isAnswer(reply)) return reply;
    if (d.verb === 'cite') return renderDiscord(citeAnswer(reply), { ephemeral: true });
    const failed = reply.kind === 'not_found' || reply.kind === 'invalid';
    return renderDiscord(reply, { update: d.verb === 'more' && !failed });
  }

  return { definitions: modules.map((m) => m.definition), respond };
}

function toResponse(reply: Reply): APIInteractionResponse {
  return isAnswer(reply) ? renderDiscord(reply) : reply;
}

// ---- the bot's own commands, and plain functions for the CLI and the benchmark -----------------

/** The core commands' definitions (transports that add /facts append its definition). */
export const commandDefinitions: RESTPostAPIApplicationCommandsJSONBody[] = coreCommands.map((c) => c.definition);

const coreDispatcher = createDispatcher<DispatchContext>(coreCommands);

/** Dispatch with the core commands only. Transports with extra modules use createDispatcher. */
export const respond = coreDispatcher.respond;

const coreByName = new Map<string, CoreCommand>(coreCommands.map((c) => [c.definition.name, c]));

const OFFLINE: Caller = { id: '0', isModerator: false };

/** Query → answer model, synchronously; undefined for a command that is not a core command. */
export function answerCommand(
  ctx: DispatchContext,
  name: string,
  options: Readonly<Record<string, OptionValue>>,
  caller: Caller = OFFLINE,
): Answer | undefined {
  return coreByName.get(name)?.run({ type: 'command', name, options, caller }, ctx);
}

/** Query → the exact interaction-response body the bot sends. */
export function answerCommandPayload(
  ctx: DispatchContext,
  name: string,
  options: Readonly<Record<string, OptionValue>>,
): APIInteractionResponse {
  const a = answerCommand(ctx, name, options);
  return a === undefined ? renderError(`Unknown command /${name}.`) : renderDiscord(a);
}

/** Autocomplete query → the choices response body. */
export function autocompletePayload(
  ctx: DispatchContext,
  name: string,
  focused: string,
  options: Readonly<Record<string, OptionValue>>,
): APIInteractionResponse {
  const m = coreByName.get(name);
  const choices = m ? m.autocomplete({ type: 'autocomplete', name, options, focused, caller: OFFLINE }, ctx) : [];
  return renderChoices(choices);
}
