// The structured logger every transport uses: one JSON object per line on stderr, with a level
// threshold. Secrets are redacted on the way out (by field name, by shape, and any value registered
// with `secrets`), so a token that reaches a log call through an error message still never lands
// in a log file.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default. Tests pass an array's push. */
  write?: (line: string) => void;
  /** Exact strings to redact wherever they appear (the bot token). */
  secrets?: readonly string[];
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
export const REDACTED = '[redacted]';

/** Field names whose values are never logged. */
const SECRET_KEY = /token|secret|password|authori[sz]ation|cookie|public_?key|api_?key/i;

/**
 * Values that look like credentials: a bot token (three dot-separated base64url parts), an
 * interaction token (base64 of "interaction:" …), and the token segment of interaction and
 * webhook URLs ( /interactions/{id}/{token}, /webhooks/{id}/{token} ), plus "Bot xxx" headers.
 */
const SECRET_SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(\/(?:interactions|webhooks)\/\d+\/)[^/?\s"']+/g, '$1[redacted]'],
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._-]{10,}/g, '$1 [redacted]'],
  // Tried only where a run of token characters starts (the lookbehind): tried at every position of
  // a long run, the first part would rescan the rest of it each time, quadratic in the run.
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}/g, '[redacted]'],
  [/aW50ZXJhY3Rpb246[A-Za-z0-9+/=_.-]*/g, '[redacted]'],
];

/** Longest string a log line carries per value (messages, fields, error messages), in UTF-16 units. */
export const MAX_LOGGED_TEXT = 2000;

/**
 * Secrets out of a text. Linear in its length (each pattern starts at a literal or at the start of
 * a run), so a hostile text, a 150 KB key quoted in a start-up error, costs what reading it costs.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join(REDACTED);
  for (const [re, replacement] of SECRET_SHAPES) out = out.replace(re, replacement);
  return out;
}

/** Makes a value safe to serialise: secrets redacted, errors flattened, depth and size bounded. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return clip(redactText(value, secrets));
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  if (depth >= 4) return '[…]';
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: clip(String(value.name)), message: clip(redactText(String(value.message), secrets)) };
    const status = (value as { status?: unknown }).status;
    const code = (value as { code?: unknown }).code;
    if (typeof status === 'number') out.status = status;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50)) {
    out[clip(redactText(k, secrets), 200)] = SECRET_KEY.test(k) ? REDACTED : redactValue(v, secrets, depth + 1);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const now = options.now ?? (() => new Date());

  const make = (bound: LogFields): Logger => {
    const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
      if (RANK[level] < threshold) return;
      const record = {
        time: now().toISOString(),
        level,
        msg: clip(redactText(message, secrets)),
        ...(redactValue({ ...bound, ...fields }, secrets) as LogFields),
      };
      try {
        // JSON escapes C0 controls and lone surrogates itself; C1 controls, separators and bidi
        // overrides it leaves raw, and a log read on a terminal would act on them.
        write(JSON.stringify(record).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      } catch {
        // A logger must never take the process down (a closed stderr, a cyclic value).
      }
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

// Characters that act on a terminal or on how a line reads rather than showing: C0 controls (but
// the tab), DEL, C1 controls (0x9b is a one-byte CSI), the line and paragraph separators, the
// bidirectional overrides and isolates, and halves of surrogate pairs standing alone.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

/**
 * Untrusted text (a file name, an excerpt of a file) made safe to print on a terminal: every
 * character above written as an escape ("\n", "\e", "\u202e"), so a file named
 * "x\nok: 99 files" cannot forge a line and an escape sequence in a name cannot reach the terminal.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * At most `max` UTF-16 units, ending in "…" when cut, never between the two halves of a surrogate
 * pair. Applied after redaction (linear, see redactText), so a secret across the cut is already gone.
 */
export function clip(text: string, max = MAX_LOGGED_TEXT): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
