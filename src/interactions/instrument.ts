// What the metrics need from an interaction, kept out of the runner and the dispatcher: a bounded
// label for the command it belongs to, and whether a command's answer found nothing.
import { decodeCustomId } from '../render/custom-id.ts';
import { isAnswer, type Command, type Reply } from './command.ts';
import type { CommandInvocation, Invocation } from './invocation.ts';

/**
 * The command an interaction belongs to (a button's or modal's from its custom_id), or "other":
 * only the served commands' names become label values, so a label set stays small whatever arrives.
 */
export function commandLabel(invocation: Invocation, known: ReadonlySet<string>): string {
  let name: string | undefined;
  if (invocation.type === 'command' || invocation.type === 'autocomplete') name = invocation.name;
  else {
    const d = decodeCustomId(invocation.customId);
    name = d === undefined ? undefined : d.verb === 'stored' ? 'stored' : d.command;
  }
  return name !== undefined && (known.has(name) || name === 'stored') ? name : 'other';
}

/**
 * The same commands, each telling `onReply` what its run() answered: a slash command, a button
 * replaying it, or a question by @mention. Sync answers stay sync (`npm run ask` and the mention
 * path read pure answers synchronously).
 */
export function observeReplies(commands: readonly Command[], onReply: (command: string, reply: Reply, invocation: CommandInvocation) => void): Command[] {
  return commands.map((c) => {
    const name = c.definition.name;
    const tell = (reply: Reply, invocation: CommandInvocation): Reply => {
      try {
        onReply(name, reply, invocation);
      } catch {
        // Counting must never cost an answer.
      }
      return reply;
    };
    return {
      ...c,
      run(invocation, ctx) {
        const reply = c.run(invocation, ctx);
        return reply instanceof Promise ? reply.then((r) => tell(r, invocation)) : tell(reply, invocation);
      },
    };
  });
}

/** An answer that found nothing: what people ask that the data lacks. */
export function isUnanswered(reply: Reply): boolean {
  return isAnswer(reply) && reply.kind === 'not_found';
}

/**
 * Whether an answer missed: found nothing ('unanswered'), or answered around a gap it names
 * ('no_figure': a line the question answer opens with, "No figure about Mosul in the data; these
 * are for Iraq as a whole.", "No figure for Syria alone…", written in src/answers/question.ts;
 * test/e2e/misses.test.ts asks the shipped data such a question, so the two keep the same words).
 */
export function missOf(reply: Reply): 'unanswered' | 'no_figure' | undefined {
  if (!isAnswer(reply)) return undefined;
  if (reply.kind === 'not_found') return 'unanswered';
  if (reply.kind === 'facts' && reply.lines?.some((l) => NO_FIGURE.test(l))) return 'no_figure';
  return undefined;
}
const NO_FIGURE = /^No figure\b/;

/**
 * The question a command invocation asked, as typed: its text options in order ("coalition
 * syria"), without the page a button turns to. Undefined for a later page: the question was
 * counted when first asked.
 */
export function questionOf(invocation: CommandInvocation): string | undefined {
  const page = invocation.options.page;
  if (page !== undefined && Number(page) > 1) return undefined;
  const text = Object.entries(invocation.options)
    .filter(([k, v]) => k !== 'page' && typeof v === 'string')
    .map(([, v]) => v as string)
    .join(' ')
    .trim();
  return text === '' ? undefined : text;
}
