// The command registry's contract. A command is a module: its Discord definition plus pure
// handlers. Transports never see a command directly; the dispatcher routes invocations to modules,
// so adding a command (such as the moderators' /facts) means adding a module, not editing others.
import type { APIInteractionResponse, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../answers/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Invocation } from '../interactions/invocation.ts';
import type { SearchIndex } from '../search/index.ts';

/** What every handler may read. Transports may pass more (a catalog store) and modules narrow to it. */
export interface DispatchContext {
  readonly catalog: Catalog;
  readonly index: SearchIndex;
}

export type CommandInvocation = Extract<Invocation, { type: 'command' }>;
export type AutocompleteInvocation = Extract<Invocation, { type: 'autocomplete' }>;

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** An answer model (rendered by the dispatcher) or, for commands that format their own, a finished response. */
export type Reply = Answer | APIInteractionResponse;

export interface CommandModule<C extends DispatchContext = DispatchContext> {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Also used for stateless buttons and menus: they replay a command with resolved options. */
  run(invocation: CommandInvocation, ctx: C): Reply | Promise<Reply>;
  autocomplete?(invocation: AutocompleteInvocation, ctx: C): readonly Choice[];
}

/** The bot's own lookup commands: synchronous and pure, so a benchmark can call them directly. */
export interface CoreCommand extends CommandModule<DispatchContext> {
  run(invocation: CommandInvocation, ctx: DispatchContext): Answer;
  autocomplete(invocation: AutocompleteInvocation, ctx: DispatchContext): readonly Choice[];
}

export function isAnswer(r: Reply): r is Answer {
  return typeof (r as { kind?: unknown }).kind === 'string';
}
