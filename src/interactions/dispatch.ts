// The one dispatcher every transport uses: Invocation in, what to send out. It routes to the
// commands it is given (the composition root passes src/commands/index.ts; nothing here imports
// it), renders answer models, answers buttons and menus from their custom_id (replaying a pure
// command, or calling a command's own component or modal handler), and turns every failure into
// an ephemeral message rather than a throw.
import { InteractionResponseType, type APIInteractionResponse, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { citeAnswer } from '../answers/cite.ts';
import type { Answer, CommandSummary } from '../answers/model.ts';
import { decodeCustomId, type Decoded } from '../render/custom-id.ts';
import { renderChoices, renderDiscord, renderError, renderRemoved, renderWithFiles, VERSION_PARAM, type RenderOptions } from '../render/discord.ts';
import { changedNote, EXPORT_FORMATS, exportFiles, hasFigures, isExportFormat, type ExportFormat } from '../render/export.ts';
import type { ButtonState } from './button-state.ts';
import { withChart, type ChartOptions } from './chart.ts';
import { isAnswer, summaries, type Command, type CommandContext, type Reply } from './command.ts';
import type { Caller, CommandInvocation, ComponentInvocation, Invocation, ModalInvocation, OptionValue, Outgoing } from './invocation.ts';

/** One catalog snapshot for the whole interaction, and the live store where there is one. */
export type Snapshot = Omit<CommandContext, 'commands'>;

export interface DispatcherOptions {
  /** Told about handler failures; the user gets an ephemeral apology either way. */
  readonly onError?: (error: unknown, invocation: Invocation) => void;
  /** Keeps custom_ids that do not fit in 100 characters; without it such buttons are left out. */
  readonly buttonState?: ButtonState;
  /** Draws /timeline's chart (the chart worker); without it the answer is the text table alone. */
  readonly chart?: ChartOptions;
}

export interface Dispatcher {
  readonly commands: readonly Command[];
  /** For deploy-commands and `npm run ask`: every command's definition. */
  readonly definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  respond(invocation: Invocation, snapshot: Snapshot): Promise<Outgoing>;
  /** Invocations the commands know to be slow: transports defer them at once. */
  slow(invocation: Invocation): { readonly ephemeral: boolean } | undefined;
  /** A pure command's answer model, synchronously; undefined for any other name. */
  answer(snapshot: Snapshot, name: string, options: Readonly<Record<string, OptionValue>>): Answer | undefined;
  /** A pure command's exact interaction-response body. */
  payload(snapshot: Snapshot, name: string, options: Readonly<Record<string, OptionValue>>): APIInteractionResponse;
  /** Autocomplete choices as the response body. */
  autocomplete(snapshot: Snapshot, name: string, focused: string, options: Readonly<Record<string, OptionValue>>): APIInteractionResponse;
}

export const EXPIRED = 'That button or menu is no longer valid (the bot may have been updated). Run the command again.';
export const REMOVE_REFUSED = 'Only the person who asked for this answer, or a moderator, can delete it.';
export const FORCED_PRIVATE =
  'Discord shows this bot’s answers here to you only: the bot is not added to this server, and the server does not let you use external apps in public (Use External Apps). Copy the answer (Cite gives pasteable lines), or ask a moderator to add the bot.';
export const FAILED = 'Something went wrong answering that. It has been logged; please try again.';

export function stateExpiredMessage(ttlMs: number): string {
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  return `That button has expired: its answer was too long to keep in the button, so the bot kept it for ${minutes} minute${minutes === 1 ? '' : 's'} (or it was made before a restart, or by another instance). Run the command again.`;
}

const OFFLINE: Caller = { id: '0', isModerator: false };

/** The options that ask an answer again, on the page shown: what Post in channel and exports replay. */
function replayOf(reply: Reply): Record<string, string> | undefined {
  if (!isAnswer(reply) || !('replay' in reply)) return undefined;
  const page: Record<string, string> = 'paging' in reply && reply.paging.page > 1 ? { page: String(reply.paging.page) } : {};
  return { ...reply.replay, ...page };
}

export function createDispatcher(commands: readonly Command[], options: DispatcherOptions = {}): Dispatcher {
  const byName = new Map<string, Command>();
  for (const c of commands) {
    if (byName.has(c.definition.name)) throw new Error(`two commands are named ${c.definition.name}`);
    byName.set(c.definition.name, c);
  }
  const listed = summaries(commands);
  const stash = options.buttonState?.stash;
  const ctxOf = (s: Snapshot): CommandContext => ({ ...s, commands: listed });

  const render = (reply: Reply, command: string, extra: Omit<RenderOptions, 'command' | 'stash'> = {}): Outgoing =>
    isAnswer(reply) ? { body: renderDiscord(reply, { command, ...(stash ? { stash } : {}), ...extra }) } : reply;

  /** The answer's figures as attachments; an answer without figures (nothing found) is shown as usual. */
  const exported = (
    answer: Answer,
    command: string,
    options: Readonly<Record<string, string>>,
    ctx: CommandContext,
    formats: readonly ExportFormat[],
    extra: { hidden: boolean; answerVersion?: string },
  ): Outgoing => {
    if (!hasFigures(answer)) return render(answer, command, { ephemeral: extra.hidden, version: ctx.catalog.version });
    const meta = { command, options, dataVersion: ctx.catalog.version, ...(extra.answerVersion === undefined ? {} : { answerVersion: extra.answerVersion }) };
    const files = exportFiles(answer, meta, formats);
    const note = changedNote(meta);
    const text = `Export of the figures from /${command} as ${formats.map((f) => f.toUpperCase()).join(' and ')}, data version ${meta.dataVersion}.${note ? ` ${note}` : ''}`;
    const post = { verb: 'post' as const, options: { ...options, format: formats[0]! } };
    return { body: renderWithFiles(text, files, { command, ephemeral: extra.hidden, post, ...(stash ? { stash } : {}) }), files };
  };

  async function respond(invocation: Invocation, snapshot: Snapshot): Promise<Outgoing> {
    const ctx = ctxOf(snapshot);
    try {
      switch (invocation.type) {
        case 'command': {
          const c = byName.get(invocation.name);
          if (!c) return { body: renderError(`Unknown command /${invocation.name}.`) };
          // `private` and `format` are the dispatcher's: a pure command answers the same question either
          // way. A command that words its own replies (/facts) reads `private` itself.
          const { private: hide, format, ...own } = invocation.options;
          const hidden = hide === true || hide === 'true';
          const reply = await c.run(!c.pure || (hide === undefined && format === undefined) ? invocation : { ...invocation, options: own }, ctx);
          const name = c.definition.name;
          if (isExportFormat(format) && isAnswer(reply)) return exported(reply, name, replayOf(reply) ?? {}, ctx, [format], { hidden });
          const charted = (out: Outgoing) => (isAnswer(reply) ? withChart(out, reply, ctx.catalog.version, options.chart) : out);
          if (!hidden) return await charted(render(reply, name, { version: ctx.catalog.version, removable: c.pure }));
          const replay = replayOf(reply);
          return await charted(render(reply, name, { ephemeral: true, version: ctx.catalog.version, ...(replay ? { post: { verb: 'post', options: replay } } : {}) }));
        }
        case 'autocomplete': {
          const c = byName.get(invocation.name);
          return { body: renderChoices(c?.autocomplete?.(invocation, ctx) ?? []) };
        }
        case 'component':
          return await component(invocation, ctx);
        case 'modal':
          return await modal(invocation, ctx);
      }
    } catch (error) {
      options.onError?.(error, invocation);
      return { body: invocation.type === 'autocomplete' ? renderChoices([]) : renderError(FAILED) };
    }
  }

  /** The custom_id's meaning, looking a stored one up; a string is the message to answer with. */
  function decode(customId: string): Exclude<Decoded, { verb: 'stored' }> | string {
    let d = decodeCustomId(customId);
    if (d?.verb === 'stored') {
      const full = options.buttonState?.get(d.key);
      if (full === undefined) return stateExpiredMessage(options.buttonState?.ttlMs ?? 0);
      d = decodeCustomId(full);
    }
    return d === undefined || d.verb === 'stored' ? EXPIRED : d;
  }

  async function component(inv: ComponentInvocation, ctx: CommandContext): Promise<Outgoing> {
    const d = decode(inv.customId);
    if (typeof d === 'string') return { body: renderError(d) };
    const c = byName.get(d.command);
    if (!c) return { body: renderError(EXPIRED) };
    if (d.verb === 'remove') return remove(inv);
    if (d.verb === 'act') {
      const handler = c.components?.[d.action];
      return handler ? render(await handler(inv, d.state, ctx), c.definition.name) : { body: renderError(EXPIRED) };
    }
    // Only answers that depend on nothing but the options can be asked again from a button.
    if (!c.pure) return { body: renderError(EXPIRED) };
    let opts: Record<string, string> = d.options;
    if (d.verb === 'pick') {
      const chosen = inv.values[0];
      if (chosen === undefined) return { body: renderError(EXPIRED) };
      opts = { ...d.options, [d.option]: chosen };
    }
    // Discord would show the "public" post to the caller alone: say so rather than seem to post.
    if ((d.verb === 'post' || d.verb === 'postcite') && inv.caller.forcedPrivate) return { body: renderError(FORCED_PRIVATE) };
    // Parameters of the button itself, not options of the command.
    const answerVersion = opts[VERSION_PARAM];
    const { [VERSION_PARAM]: _v, format, ...own } = opts;
    const replay: CommandInvocation = { type: 'command', name: d.command, options: own, caller: inv.caller, ...(inv.locale ? { locale: inv.locale } : {}) };
    const reply = await c.run(replay, ctx);
    if (!isAnswer(reply)) return reply;
    const name = c.definition.name;
    const version = ctx.catalog.version;
    const failed = reply.kind === 'not_found' || reply.kind === 'invalid';
    switch (d.verb) {
      case 'cite':
        return render(citeAnswer(reply), name, { ephemeral: true, version, post: { verb: 'postcite', options: own } });
      case 'export':
        // Private, as Cite is; it names the version the answer was made on, and says when the data changed since.
        return exported(reply, name, own, ctx, EXPORT_FORMATS, { hidden: true, ...(answerVersion === undefined ? {} : { answerVersion }) });
      case 'post':
        // A private answer (or export) posted for everyone: a new public message, as asked again now.
        if (isExportFormat(format)) return exported(reply, name, own, ctx, [format], { hidden: false });
        return await withChart(render(reply, name, failed ? { ephemeral: true } : { version, removable: true }), reply, version, options.chart);
      case 'postcite':
        return render(citeAnswer(reply), name, failed ? { ephemeral: true } : { public: true, version });
      default:
        return await withChart(render(reply, name, { update: d.verb === 'more' && !failed, version, removable: true }), reply, version, options.chart);
    }
  }

  /**
   * Delete on a public answer: only the person who asked (Discord's interaction_metadata on the
   * message, never the button's own text) or a moderator, checked here whatever Discord shows.
   * Allowed, the click is acknowledged (a deferred update) and the message deleted with the
   * button's token; the removed notice is what it becomes should Discord refuse the delete.
   */
  function remove(inv: ComponentInvocation): Outgoing {
    const asker = inv.message?.interaction?.userId;
    const own = asker !== undefined && asker === inv.caller.id;
    if (!own && !inv.caller.isModerator) return { body: renderError(REMOVE_REFUSED) };
    const fallback = renderRemoved(own ? 'This answer was removed by the person who asked for it.' : 'This answer was removed by a moderator.');
    return { body: { type: InteractionResponseType.DeferredMessageUpdate }, deleteOriginal: { fallback } };
  }

  async function modal(inv: ModalInvocation, ctx: CommandContext): Promise<Outgoing> {
    const d = decode(inv.customId);
    if (typeof d === 'string') return { body: renderError(d) };
    const c = d.verb === 'act' ? byName.get(d.command) : undefined;
    const handler = d.verb === 'act' ? c?.modals?.[d.action] : undefined;
    if (!c || !handler || d.verb !== 'act') return { body: renderError(EXPIRED) };
    return render(await handler(inv, d.state, ctx), c.definition.name);
  }

  function pureRun(snapshot: Snapshot, name: string, opts: Readonly<Record<string, OptionValue>>): Answer | undefined {
    const c = byName.get(name);
    if (!c?.pure) return undefined;
    const reply = c.run({ type: 'command', name, options: opts, caller: OFFLINE }, ctxOf(snapshot));
    return !(reply instanceof Promise) && isAnswer(reply) ? reply : undefined;
  }

  return {
    commands,
    definitions: commands.map((c) => c.definition),
    respond,
    slow(invocation) {
      if (invocation.type === 'command') return byName.get(invocation.name)?.slow?.(invocation);
      if (invocation.type === 'component' || invocation.type === 'modal') {
        // Only ids that carry their action; a stored one (st:) is looked up when answered.
        const d = decodeCustomId(invocation.customId);
        if (d?.verb === 'act') return byName.get(d.command)?.slowAction?.(d.action, invocation);
      }
      return undefined;
    },
    answer: pureRun,
    payload(snapshot, name, opts) {
      const a = pureRun(snapshot, name, opts);
      return a === undefined ? renderError(`Unknown command /${name}.`) : renderDiscord(a, { command: name, version: snapshot.catalog.version, removable: true, ...(stash ? { stash } : {}) });
    },
    autocomplete(snapshot, name, focused, opts) {
      const c = byName.get(name);
      const choices = c?.autocomplete?.({ type: 'autocomplete', name, options: opts, focused, caller: OFFLINE }, ctxOf(snapshot)) ?? [];
      return renderChoices(choices);
    },
  };
}
