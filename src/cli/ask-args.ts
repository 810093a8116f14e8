// Parsing `npm run ask` arguments: flags (node:util parseArgs), then a command line written as in
// Discord, "/casualties subject:coalition place:syria", where free text before any name: fills the
// first option; a line without a slash is a question for the free-text command. Pure, so property
// tests can throw anything at it.
import { parseArgs } from 'node:util';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';

export interface AskRequest {
  readonly command: string;
  readonly options: Record<string, string>;
  /** Set with --autocomplete: the option being typed (the last one written). */
  readonly focused?: string;
  readonly json: boolean;
  readonly autocomplete: boolean;
  readonly dataDir?: string;
  /** With format:csv or format:json (or --csv, --export-json): where to write the file; stdout without it. */
  readonly out?: string;
  /** --png FILE: /timeline's chart written there, as the bot attaches it (the text answer still printed). */
  readonly png?: string;
}

export type AskArgs = { ok: true; request: AskRequest } | { ok: true; help: true } | { ok: false; message: string };

export const USAGE = `usage: npm run ask -- [--json] [--autocomplete] [--data DIR] [--csv | --export-json] [--out FILE] [--png FILE] "/command [text] [option:value …]" | "a question"
  npm run ask -- "/casualties coalition"
  npm run ask -- "/casualties subject:coalition place:syria"
  npm run ask -- "/source airwars page:2"
  npm run ask -- "how many civilians did the coalition kill"   (no slash: the same as /fact)
  npm run ask -- --json "/timeline coalition"
  npm run ask -- --autocomplete "/source air"
  npm run ask -- "/timeline coalition format:csv" --out coalition.csv   (the export attachment; stdout without --out)
  npm run ask -- --export-json "/casualties coalition"                  (the same as format:json)
  npm run ask -- "/timeline coalition" --png coalition.png              (the chart the bot attaches, written to the file)
exit status: 0 answered, 1 nothing found (suggestions printed), 2 usage error or unreadable data`;

type Definition = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'options'>;

/**
 * Options the terminal takes besides a command's own: Discord pages with buttons, which carry
 * `page` in their custom_id; here it is typed.
 */
const TERMINAL_OPTIONS = ['page'];

export interface AskSyntax {
  /** The command a line without a slash goes to (a question in plain words). */
  readonly freeText?: string;
}

export function parseAskArgs(argv: readonly string[], definitions: readonly Definition[], syntax: AskSyntax = {}): AskArgs {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, help: true };
  if (values.data === '') return { ok: false, message: '--data needs a directory' };
  if (values.out === '') return { ok: false, message: '--out needs a file name' };
  if (values.png === '') return { ok: false, message: '--png needs a file name' };
  if (values.csv && values['export-json']) return { ok: false, message: '--csv and --export-json: choose one' };
  const line = positionals.join(' ').trim();
  const command = parseCommandLine(line, definitions, values.autocomplete ?? false, syntax);
  if (!command.ok) return command;
  const flagFormat = values.csv ? 'csv' : values['export-json'] ? 'json' : undefined;
  const options = flagFormat === undefined ? command.value.options : { ...command.value.options, format: flagFormat };
  if (options.format !== undefined && options.format !== 'csv' && options.format !== 'json') return { ok: false, message: `format:${options.format}: use format:csv or format:json` };
  if (values.out !== undefined && options.format === undefined) return { ok: false, message: '--out writes an export: give format:csv or format:json (or --csv, --export-json)' };
  if (values.png !== undefined && (options.format !== undefined || values.autocomplete)) return { ok: false, message: '--png writes the chart of an answer: leave out format:, --csv, --export-json and --autocomplete' };
  return {
    ok: true,
    request: {
      ...command.value,
      options,
      json: values.json ?? false,
      autocomplete: values.autocomplete ?? false,
      ...(values.data === undefined ? {} : { dataDir: values.data }),
      ...(values.out === undefined ? {} : { out: values.out }),
      ...(values.png === undefined ? {} : { png: values.png }),
    },
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean' },
      autocomplete: { type: 'boolean' },
      data: { type: 'string' },
      out: { type: 'string' },
      png: { type: 'string' },
      csv: { type: 'boolean' },
      'export-json': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

export function parseCommandLine(
  line: string,
  definitions: readonly Definition[],
  autocomplete = false,
  syntax: AskSyntax = {},
): { ok: true; value: { command: string; options: Record<string, string>; focused?: string } } | { ok: false; message: string } {
  const trimmed = line.trim();
  if (trimmed === '') return { ok: false, message: 'no command given' };
  const free = syntax.freeText === undefined ? undefined : definitions.find((d) => d.name === syntax.freeText);
  // A question in plain words goes whole to the free-text command's first option.
  if (!trimmed.startsWith('/') && free !== undefined) {
    const first = free.options?.[0]?.name;
    if (first === undefined) return { ok: false, message: `/${free.name} takes no options` };
    return { ok: true, value: { command: free.name, options: { [first]: trimmed }, ...(autocomplete ? { focused: first } : {}) } };
  }
  const m = /^\/?([^\s/]+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!m) return { ok: false, message: 'no command given' };
  const name = m[1]!.toLowerCase();
  const def = definitions.find((d) => d.name === name);
  if (!def) return { ok: false, message: `unknown command /${name}; try ${definitions.map((d) => `/${d.name}`).join(', ')}` };
  const own = (def.options ?? []).map((o) => o.name);
  const names = [...own, ...TERMINAL_OPTIONS.filter((o) => !own.includes(o) && own.length > 0)];
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
