// custom_id formats. A button or menu carries the resolved command and options it stands for, so
// any instance of the bot can answer a click statelessly, even after a restart.
//   run:<command>:<params>          run a command (new message)
//   more:<command>:<params>         the same command, another page (updates the message)
//   cite:<command>:<params>         the figures of that answer as pasteable citation lines
//   pick:<command>:<option>:<params> a select menu; the chosen value fills <option>
// <params> is URL-encoded k=v&k=v. Anything longer than Discord's 100 is not made at all.
import type { Replay } from '../answers/model.ts';

export const CUSTOM_ID_MAX = 100;
export type Verb = 'run' | 'more' | 'cite' | 'pick';

export type Decoded =
  | { readonly verb: 'run' | 'more' | 'cite'; readonly command: string; readonly options: Record<string, string> }
  | { readonly verb: 'pick'; readonly command: string; readonly option: string; readonly options: Record<string, string> };

const NAME = /^[a-z0-9_-]{1,32}$/;

export function encodeCustomId(verb: Exclude<Verb, 'pick'>, replay: Replay): string | undefined {
  if (!NAME.test(replay.command)) return undefined;
  const id = `${verb}:${replay.command}:${new URLSearchParams(replay.options as Record<string, string>).toString()}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

export function encodePickId(command: string, option: string, rest: Readonly<Record<string, string>>): string | undefined {
  if (!NAME.test(command) || !NAME.test(option)) return undefined;
  const id = `pick:${command}:${option}:${new URLSearchParams(rest as Record<string, string>).toString()}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

export function decodeCustomId(id: string): Decoded | undefined {
  const m = /^(run|more|cite|pick):([a-z0-9_-]{1,32}):(.*)$/s.exec(id);
  if (!m) return undefined;
  const verb = m[1] as Verb;
  const command = m[2]!;
  let rest = m[3]!;
  if (verb === 'pick') {
    const p = /^([a-z0-9_-]{1,32}):(.*)$/s.exec(rest);
    if (!p) return undefined;
    rest = p[2]!;
    return { verb, command, option: p[1]!, options: parseParams(rest) };
  }
  return { verb, command, options: parseParams(rest) };
}

function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(s)) out[k] = v;
  return out;
}
