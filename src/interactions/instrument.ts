// What the metrics need from an interaction, kept out of the runner and the dispatcher: a bounded
// label for the command it belongs to, and whether a command's answer found nothing.
import { decodeCustomId } from '../render/custom-id.ts';
import { isAnswer, type Command, type Reply } from './command.ts';
import type { Invocation } from './invocation.ts';

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
export function observeReplies(commands: readonly Command[], onReply: (command: string, reply: Reply) => void): Command[] {
  return commands.map((c) => {
    const name = c.definition.name;
    const tell = (reply: Reply): Reply => {
      try {
        onReply(name, reply);
      } catch {
        // Counting must never cost an answer.
      }
      return reply;
    };
    return {
      ...c,
      run(invocation, ctx) {
        const reply = c.run(invocation, ctx);
        return reply instanceof Promise ? reply.then(tell) : tell(reply);
      },
    };
  });
}

/** An answer that found nothing: what people ask that the data lacks. */
export function isUnanswered(reply: Reply): boolean {
  return isAnswer(reply) && reply.kind === 'not_found';
}
