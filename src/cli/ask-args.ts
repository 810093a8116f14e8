// Parsing `npm run ask` arguments: flags, then a command line written as in Discord,
// "/casualties subject:coalition place:syria", where free text before any name: fills the first
// option. Pure, so property tests can throw anything at it.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';

export interface AskRequest {
  readonly command: string;
  readonly options: Record<string, string>;
  /** Set with --autocomplete: the option being typed (the last one written). */
  readonly focused?: string;
  readonly json: boolean;
  readonly autocomplete: boolean;
  readonly dataDir?: string;
}

export type AskArgs = { ok: true; request: AskRequest } | { ok: true; help: true } | { ok: false; message: string };

export const USAGE = `usage: npm run ask -- [--json] [--autocomplete] [--data DIR] "/command [text] [option:value …]"
  npm run ask -- "/casualties coalition"
  npm run ask -- "/casualties subject:coalition place:syria"
  npm run ask -- --json "/timeline coalition"
  npm run ask -- --autocomplete "/source air"
exit status: 0 answered, 1 nothing found (suggestions printed), 2 usage error or unreadable data`;

type Definition = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'options'>;

export function parseAskArgs(argv: readonly string[], definitions: readonly Definition[]): AskArgs {
  let json = false;
  let autocomplete = false;
  let dataDir: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') words.push(...argv.slice(i + 1));
    else if (a === '--json') json = true;
    else if (a === '--autocomplete') autocomplete = true;
    else if (a === '--help' || a === '-h') return { ok: true, help: true };
    else if (a === '--data') {
      const d = argv[++i];
      if (d === undefined || d === '') return { ok: false, message: '--data needs a directory' };
      dataDir = d;
    } else if (a.startsWith('--data=')) {
      dataDir = a.slice('--data='.length);
      if (dataDir === '') return { ok: false, message: '--data needs a directory' };
    } else if (a.startsWith('--')) return { ok: false, message: `unknown flag ${a}` };
    else words.push(a);
    if (a === '--') break;
  }
  const line = words.join(' ').trim();
  const parsed = parseCommandLine(line, definitions, autocomplete);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    request: { ...parsed.value, json, autocomplete, ...(dataDir === undefined ? {} : { dataDir }) },
  };
}

export function parseCommandLine(
  line: string,
  definitions: readonly Definition[],
  autocomplete = false,
): { ok: true; value: { command: string; options: Record<string, string>; focused?: string } } | { ok: false; message: string } {
  const m = /^\/?([^\s/]+)(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!m) return { ok: false, message: 'no command given' };
  const name = m[1]!.toLowerCase();
  const def = definitions.find((d) => d.name === name);
  if (!def) return { ok: false, message: `unknown command /${name}; try ${definitions.map((d) => `/${d.name}`).join(', ')}` };
  const names = (def.options ?? []).map((o) => o.name);
  const rest = m[2] ?? '';
  const options: Record<string, string> = {};
  let focused: string | undefined;

  // Split at " name:" for this command's option names only, so a colon inside a value stays.
  const marker = names.length === 0 ? undefined : new RegExp(`(?:^|\\s)(${names.map(escapeRegExp).join('|')}):`, 'gi');
  const pieces: { name: string | undefined; text: string }[] = [];
  let last = 0;
  let current: string | undefined;
  for (const hit of marker ? rest.matchAll(marker) : []) {
    pieces.push({ name: current, text: rest.slice(last, hit.index) });
    current = hit[1]!.toLowerCase();
    last = hit.index + hit[0].length;
  }
  pieces.push({ name: current, text: rest.slice(last) });

  for (const p of pieces) {
    const text = p.text.trim();
    if (p.name === undefined) {
      if (text === '') continue;
      const first = names[0];
      if (first === undefined) return { ok: false, message: `/${name} takes no options` };
      options[first] = text;
      focused = first;
      continue;
    }
    if (p.name in options) return { ok: false, message: `option ${p.name} given twice` };
    options[p.name] = text;
    focused = p.name;
  }
  if (autocomplete && focused === undefined) focused = names[0];
  if (!autocomplete) {
    for (const k of Object.keys(options)) if (options[k] === '') delete options[k];
    const missing = (def.options ?? []).filter((o) => 'required' in o && o.required && options[o.name] === undefined);
    if (missing.length > 0) return { ok: false, message: `/${name} needs ${missing.map((o) => o.name).join(', ')}` };
  } else if (focused === undefined) {
    return { ok: false, message: `/${name} has no options to autocomplete` };
  }
  return { ok: true, value: { command: name, options, ...(focused === undefined || !autocomplete ? {} : { focused }) } };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
