// custom_id formats. A button or menu carries the command and resolved options it stands for, so
// any instance of the bot can answer a click statelessly, even after a restart.
//   run:<command>:<params>            run a command (new message)
//   more:<command>:<params>           the same command, another page (updates the message)
//   cite:<command>:<params>           the figures of that answer as pasteable citation lines
//   export:<command>:<params>         that answer's figures as CSV and JSON (params carry v=<data version>)
//   post:<command>:<params>           a private answer posted in the channel for everyone
//   postcite:<command>:<params>       a private Cite block posted in the channel
//   remove:<command>:                 remove the answer it sits on (its asker or a moderator only)
//   pick:<command>:<option>:<params>  a select menu; the chosen value fills <option>
//   act:<command>:<action>:<state>    a command's own button or modal (e.g. Apply, Cancel)
//   st:<key>                          any of the above, kept server-side because it did not fit
// <params> is URL-encoded k=v&k=v. Discord allows 100 characters; an id that does not fit is kept
// by the caller's stash (with an expiry) rather than dropped, so a button never silently vanishes.
import type { ReplayOptions } from '../answers/model.ts';

export const CUSTOM_ID_MAX = 100;
export type ReplayVerb = 'run' | 'more' | 'cite' | 'export' | 'post' | 'postcite' | 'remove';

export type Decoded =
  | { readonly verb: ReplayVerb; readonly command: string; readonly options: Record<string, string> }
  | { readonly verb: 'pick'; readonly command: string; readonly option: string; readonly options: Record<string, string> }
  | { readonly verb: 'act'; readonly command: string; readonly action: string; readonly state: string }
  | { readonly verb: 'stored'; readonly key: string };

/** Keeps an id that is too long server-side and returns a short one (`st:<key>`), or undefined when it cannot. */
export type Stash = (customId: string) => string | undefined;

const NAME = /^[a-z0-9_-]{1,32}$/;
export const STORED_PREFIX = 'st:';

function fit(id: string, stash: Stash | undefined): string | undefined {
  if (id.length <= CUSTOM_ID_MAX) return id;
  const short = stash?.(id);
  return short !== undefined && short.length <= CUSTOM_ID_MAX ? short : undefined;
}

export function encodeCustomId(verb: ReplayVerb, command: string, options: ReplayOptions, stash?: Stash): string | undefined {
  if (!NAME.test(command)) return undefined;
  return fit(`${verb}:${command}:${new URLSearchParams(options as Record<string, string>).toString()}`, stash);
}

export function encodePickId(command: string, option: string, rest: ReplayOptions, stash?: Stash): string | undefined {
  if (!NAME.test(command) || !NAME.test(option)) return undefined;
  return fit(`pick:${command}:${option}:${new URLSearchParams(rest as Record<string, string>).toString()}`, stash);
}

/** A command's own component or modal; `state` is opaque to everyone but that command. */
export function encodeActionId(command: string, action: string, state: string, stash?: Stash): string | undefined {
  if (!NAME.test(command) || !NAME.test(action)) return undefined;
  return fit(`act:${command}:${action}:${state}`, stash);
}

export function decodeCustomId(id: string): Decoded | undefined {
  if (id.startsWith(STORED_PREFIX)) {
    const key = id.slice(STORED_PREFIX.length);
    return /^[A-Za-z0-9_-]{8,64}$/.test(key) ? { verb: 'stored', key } : undefined;
  }
  const m = /^(run|more|cite|export|postcite|post|remove|pick|act):([a-z0-9_-]{1,32}):(.*)$/s.exec(id);
  if (!m) return undefined;
  const verb = m[1]!;
  const command = m[2]!;
  const rest = m[3]!;
  if (verb === 'pick' || verb === 'act') {
    const p = /^([a-z0-9_-]{1,32}):(.*)$/s.exec(rest);
    if (!p) return undefined;
    return verb === 'pick'
      ? { verb, command, option: p[1]!, options: parseParams(p[2]!) }
      : { verb, command, action: p[1]!, state: p[2]! };
  }
  return { verb: verb as ReplayVerb, command, options: parseParams(rest) };
}

function parseParams(s: string): Record<string, string> {
  // fromEntries: a key named "__proto__" stays an ordinary own property.
  return Object.fromEntries(new URLSearchParams(s));
}
