// The command contract. A command is one file under src/commands exporting one `Command`: its
// Discord definition, whether it is pure or slow, its handler, its autocomplete, and its own
// buttons and modals. src/commands/index.ts is the only list; the dispatcher, /about and
// deploy-commands receive that list from the composition root (transports, CLI).
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer, CommandSummary } from '../answers/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type {
  AutocompleteInvocation,
  CommandInvocation,
  ComponentInvocation,
  ModalInvocation,
  Outgoing,
} from './invocation.ts';
import type { CatalogStore } from '../live/catalog-store.ts';
import type { FactsDesk } from '../live/facts-desk.ts';
import type { MissLog } from '../live/misses.ts';
import type { ServerSettings } from '../live/server-settings.ts';
import type { SearchIndex } from '../search/index.ts';

export type { AutocompleteInvocation, CommandInvocation, ComponentInvocation, ModalInvocation } from './invocation.ts';

/** What every handler may read: one catalog snapshot for the whole interaction. */
export interface CommandContext {
  readonly catalog: Catalog;
  readonly index: SearchIndex;
  /** The live store, where there is one (the bot and the endpoint; not `npm run ask`). */
  readonly store?: CatalogStore;
  /** Per-server settings moderators change (the gateway bot only: the endpoint keeps no state). */
  readonly settings?: ServerSettings;
  /** Changes to the fact files from Discord (/facts upload, add, revert…), where the service keeps state. */
  readonly desk?: FactsDesk;
  /** Questions the data could not answer, per day (STATE_DIR/misses.json): what /facts misses lists. */
  readonly misses?: MissLog;
  /** The commands everyone can use, for /about. */
  readonly commands: readonly CommandSummary[];
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** An answer model (the dispatcher renders it) or, for commands that format their own, what to send. */
export type Reply = Answer | Outgoing;

export interface Command {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * The answer depends on nothing but the catalog snapshot and the options (no caller, no clock,
   * no store): buttons may replay it, and `npm run ask` and the benchmark call it directly.
   */
  readonly pure: boolean;
  /** A few words /about shows after the name. */
  readonly hint?: string;
  /** Invocations known to be slow are deferred at once, with this visibility. */
  slow?(invocation: CommandInvocation): { readonly ephemeral: boolean } | undefined;
  /**
   * The same for the command's own buttons and modals (by action): deferred at once, a button as an
   * update of its message, a modal's answer with this visibility.
   */
  slowAction?(action: string, invocation: ComponentInvocation | ModalInvocation): { readonly ephemeral: boolean } | undefined;
  run(invocation: CommandInvocation, ctx: CommandContext): Reply | Promise<Reply>;
  autocomplete?(invocation: AutocompleteInvocation, ctx: CommandContext): readonly Choice[];
  /** The command's own buttons and menus (custom_id `act:<command>:<action>:<state>`), by action. */
  readonly components?: Readonly<Record<string, (invocation: ComponentInvocation, state: string, ctx: CommandContext) => Reply | Promise<Reply>>>;
  /** The command's own modals (custom_id `act:<command>:<action>:<state>`), by action. */
  readonly modals?: Readonly<Record<string, (invocation: ModalInvocation, state: string, ctx: CommandContext) => Reply | Promise<Reply>>>;
}

/** A pure command's run is synchronous and returns an answer model. */
export interface PureCommand extends Command {
  readonly pure: true;
  run(invocation: CommandInvocation, ctx: CommandContext): Answer;
}

export function isAnswer(r: Reply): r is Answer {
  return typeof (r as { kind?: unknown }).kind === 'string';
}

/** Everyone's commands, for /about: those a server does not hide behind a permission. */
export function summaries(commands: readonly Command[]): CommandSummary[] {
  return commands
    .filter((c) => c.definition.default_member_permissions == null)
    .map((c) => ({ name: c.definition.name, ...(c.hint ? { hint: c.hint } : {}) }));
}
