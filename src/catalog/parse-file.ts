// Turns one file's bytes into a validated FactFile, or into located problems. Pure: the caller
// reads the file. Every failure is a value, so a moderator's bad edit can never throw past here.
// Every step is bounded by the file's size, whatever it holds (src/catalog/limits.ts): aliases may
// repeat only so much text, keys are short, numbers are ones a figure can be, and a file full of
// mistakes gets its first few listed and the rest counted.
import { CORE_SCHEMA, load as loadYaml, type State } from 'js-yaml';
import { FactFile } from './schema.ts';
import { excerpt, formatPath, quoted, type Problem } from './problem.ts';
import type { z } from 'zod';
import { issueMessages } from './issues.ts';
import { yamlSyntaxErrors } from './yaml-errors.ts';
import { MAX_ALIAS_EXPANSION, MAX_ERRORS_PER_FILE, MAX_FILE_BYTES, MAX_KEY_LENGTH, FULL_LOCATE_MAX_CHARS } from './limits.ts';
import { createLocator, lineStarts, positionIn } from './locate.ts';

export { MAX_FILE_BYTES };

export interface ParsedFile {
  readonly file: string;
  readonly data: FactFile | undefined;
  /** At most MAX_ERRORS_PER_FILE, in file order; `omitted` more were found and not listed. */
  readonly problems: Problem[];
  readonly omitted?: number;
  /** Locates a record path ("facts", 3) in this file, for later cross-file checks (parses again, once). */
  readonly locate: (path: readonly PropertyKey[]) => { line: number; col: number };
  /** The line of a record's `- id:` (cheap: a text scan), for pointing moderators at a record. */
  readonly lineOfId: (id: string) => number;
  /** A field's value in a record, by a text scan (block style); undefined when not found that way. */
  readonly locateField: (id: string, key: string) => { line: number; col: number } | undefined;
}

const nowhere = () => ({ line: 0, col: 0 });

/**
 * After this many locations a file's `locate` answers with the record's line alone: cross-file
 * checks may find thousands of errors in one file, and only the first few are shown.
 */
const MAX_LOCATED = 200;

export function parseFactFile(file: string, bytes: Uint8Array): ParsedFile {
  const failMany = (problems: Problem[], omitted = 0): ParsedFile => ({
    file,
    data: undefined,
    problems,
    ...(omitted > 0 ? { omitted } : {}),
    locate: nowhere,
    lineOfId: () => 0,
    locateField: () => undefined,
  });
  const fail = (message: string, line = 0, col = 0): ParsedFile => failMany([{ severity: 'error', file, line, col, path: '', message }]);

  if (bytes.byteLength > MAX_FILE_BYTES) {
    return fail(`file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into one file per report)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail(`file is not valid UTF-8 (first bad byte at offset ${at.offset}); save it as UTF-8`, at.line, at.col);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // YAML reads a lone CR (old Mac line endings) as a line break; the `yaml` package's line counter
  // does not, and put every error at 1:1. One character for one keeps every offset.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  if (text.trim() === '') return fail('file is empty; add `entities:`, `sources:` or `facts:`, or delete the file');

  const locator = createLocator(text);
  let located = 0;
  const locate = (path: readonly PropertyKey[]) => {
    located += 1;
    if (located > MAX_LOCATED) return nowhere();
    const { line, col } = locator.locate(path);
    return { line, col };
  };

  // js-yaml reads a valid file about ten times faster than `yaml`; `yaml` keeps source positions.
  // So every file is read fast, and only a file with a problem is parsed again to locate it.
  let raw: unknown;
  try {
    raw = loadYaml(text, { schema: CORE_SCHEMA, filename: file, ...(text.includes('*') ? { listener: aliasBudget(text) } : {}) });
  } catch (e) {
    if (e instanceof AliasBudgetExceeded) {
      const at = locator.position(e.offset);
      return fail(
        `YAML aliases repeat more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} characters of text by here (${e.uses.toLocaleString('en-US')} uses of ` +
          `${e.names.map((n) => `*${excerpt(n, 30)}`).join(', ')}); write the text out where it is needed, or repeat less`,
        at.line,
        at.col,
      );
    }
    return syntaxFailure(file, text, e, failMany);
  }
  if (raw === null || raw === undefined) {
    return fail('file is empty (only comments); add `entities:`, `sources:` or `facts:`, or delete the file');
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('the top level must be a mapping with `entities:`, `sources:` and/or `facts:` lists', 1, 1);
  }

  // What zod cannot say well, or at a cost: keys that are really lost text, numbers no figure can be.
  const shape = shapeProblems(raw);
  // reportInput: the messages need the value given ("strike") and to tell a missing field from a wrong one.
  const parsed = FactFile.safeParse(raw, { reportInput: true });
  let ids: IdIndex | undefined;
  const idIndex = () => (ids ??= scanIds(text));
  const lineOfId = (id: string) => {
    const offset = idIndex().offsets.get(id);
    return offset === undefined ? 0 : positionIn(idIndex().lineStarts, offset).line;
  };
  const locateField = (id: string, key: string) => findField(text, idIndex(), id, key);
  if (!parsed.success || shape.length > 0) {
    const covered = (path: readonly PropertyKey[]) => shape.some((s) => startsWith(path, s.path));
    const issues: z.core.$ZodIssue[] = [];
    for (const i of parsed.success ? [] : parsed.error.issues) {
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.filter((k) => k.length <= MAX_KEY_LENGTH && !covered([...i.path, k]));
        if (keys.length > 0) issues.push({ ...i, keys });
      } else if (!covered(i.path)) issues.push(i);
    }
    const all: ShapeProblem[] = [...shape, ...issueMessages(issues, raw, FactFile)];
    // In file order (a stable sort keeps each record's own order), then only the first few written.
    const order = topLevelOrder(raw);
    all.sort((a, b) => comparePaths(a.path, b.path, order));
    const shown = all.slice(0, MAX_ERRORS_PER_FILE);
    const problems = shown.map((m): Problem => {
      const at = locator.locate(m.path, m.atKey);
      return { severity: 'error', file, line: at.line, col: at.col, path: formatPath(m.path), message: m.message(at.source) };
    });
    const omitted = all.length - shown.length;
    return { file, data: undefined, problems, ...(omitted > 0 ? { omitted } : {}), locate, lineOfId, locateField };
  }
  return { file, data: parsed.data, problems: [], locate, lineOfId, locateField };
}

function syntaxFailure(file: string, text: string, e: unknown, failMany: (p: Problem[], omitted?: number) => ParsedFile): ParsedFile {
  const ex = e as { reason?: string; message: string; mark?: { line: number; column: number; position?: number } };
  const jsLine = (ex.mark?.line ?? -1) + 1;
  const jsCol = (ex.mark?.column ?? -1) + 1;
  // The `yaml` package explains a mistake better and finds more than the first; it parses the
  // whole text once per mistake, so a large file gets only the record around js-yaml's mark.
  if (text.length <= FULL_LOCATE_MAX_CHARS) {
    // One parse per mistake found: many for a small file, a few for a larger one.
    const syntax = yamlSyntaxErrors(text, text.length <= 32 * 1024 ? 20 : 3);
    if (syntax.length > 0) {
      return failMany(syntax.map((err) => ({ severity: 'error' as const, file, line: err.line, col: err.col, path: '', message: `YAML syntax: ${err.message}` })));
    }
  } else if (jsLine > 0) {
    const around = linesAround(text, jsLine);
    const syntax = yamlSyntaxErrors(around.text, 1);
    if (syntax.length > 0) {
      const err = syntax[0]!;
      return failMany([{ severity: 'error', file, line: around.firstLine + err.line - 1, col: err.col, path: '', message: `YAML syntax: ${err.message}` }]);
    }
  }
  // A corner of the spec where the two parsers disagree: report js-yaml's own position.
  return failMany([{ severity: 'error', file, line: jsLine, col: jsCol, path: '', message: `YAML syntax: ${excerpt(firstLine(ex.reason ?? ex.message), 200)}` }]);
}

/** The block of lines around `line` (a top-level list item's worth), to parse on its own. */
function linesAround(text: string, line: number): { text: string; firstLine: number } {
  const starts = lineStarts(text);
  const item = /^ *- /;
  const lineAt = (n: number) => text.slice(starts[n - 1]!, (starts[n] ?? text.length + 1) - 1);
  let from = line;
  while (from > 1 && line - from < 200 && !item.test(lineAt(from)) && !/^\S/.test(lineAt(from))) from--;
  let to = line;
  while (to < starts.length && to - line < 200 && !item.test(lineAt(to + 1)) && !/^\S/.test(lineAt(to + 1))) to++;
  return { text: text.slice(starts[from - 1]!, (starts[to] ?? text.length + 1) - 1), firstLine: from };
}

// ---- aliases ---------------------------------------------------------------------------------

class AliasBudgetExceeded extends Error {
  constructor(
    readonly offset: number,
    readonly uses: number,
    readonly names: string[],
  ) {
    super('alias budget exceeded');
  }
}

/**
 * A js-yaml listener that counts what aliases repeat, as they are read, and stops the parse once
 * they repeat more than MAX_ALIAS_EXPANSION characters. js-yaml shares an aliased mapping or list
 * (cheap until something walks it) but joins an aliased list used as a key into one string, so
 * `? [*s, *s, …]` with a 1,000-character *s built a 450 MB key before any check could run.
 * composeNode leaves `kind` unset for an alias node alone; every scalar and collection sets it.
 */
function aliasBudget(text: string): (event: 'open' | 'close', state: State) => void {
  const sizes = new WeakMap<object, number>();
  const opened: number[] = [];
  const names = new Set<string>();
  let expanded = 0;
  let uses = 0;
  return (event, state) => {
    if (event === 'open') {
      opened.push(state.position);
      return;
    }
    const start = opened.pop() ?? state.position;
    if (state.kind !== null || state.result === null || state.result === undefined) return;
    uses += 1;
    expanded += sizeOf(state.result, sizes);
    if (names.size < 3) {
      const m = /\*([^\s,[\]{}]+)/.exec(text.slice(start, Math.min(state.position, start + 200)));
      if (m) names.add(m[1]!);
    }
    if (expanded > MAX_ALIAS_EXPANSION) {
      const at = text.indexOf('*', start);
      throw new AliasBudgetExceeded(at === -1 || at > state.position ? start : at, uses, [...names]);
    }
  };
}

/** Characters a value stands for, keys included; each shared mapping or list is measured once. */
function sizeOf(value: unknown, sizes: WeakMap<object, number>): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  let n = 1;
  if (Array.isArray(value)) for (const v of value) n += sizeOf(v, sizes);
  else for (const [k, v] of Object.entries(value)) n += k.length + sizeOf(v, sizes);
  sizes.set(value, n);
  return n;
}

// ---- shapes zod cannot describe well -----------------------------------------------------------

interface ShapeProblem {
  readonly path: readonly PropertyKey[];
  readonly atKey?: boolean;
  /** Written when shown, from the text at the path where it needs it (a number as written). */
  readonly message: (source: string | undefined) => string;
}

/**
 * Keys longer than any field name (a lost line break or ": " made text into a key), numbers that
 * are not finite (.inf, .nan, 1e400) and integers past 2^53, which cannot be held exactly: the
 * figure shown would differ from its quote (9,007,199,254,740,993 shown as …992). Each shared
 * mapping or list (an alias) is looked at once.
 */
function shapeProblems(raw: unknown): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  const seen = new Set<object>();
  const path: PropertyKey[] = [];
  const walk = (v: unknown): void => {
    if (out.length >= MAX_ERRORS_PER_FILE * 2) return;
    if (typeof v === 'number') {
      if (Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v))) return;
      const field = String(path.findLast((s) => typeof s === 'string') ?? 'value');
      if (!Number.isFinite(v)) {
        out.push({
          path: [...path],
          message: (src) => {
            const written = src ?? String(v);
            const why = Number.isNaN(v) ? 'is "not a number"' : /^[-+]?\.inf$/i.test(written) ? 'is infinity' : 'is too large to be read as a number (it reads as infinity)';
            return `${field} ${excerpt(written, 30)} ${why}; write the figure in digits, as the source gives it`;
          },
        });
      } else if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
        out.push({
          path: [...path],
          message: (src) =>
            `${field} ${excerpt(src ?? String(v), 40)} is larger than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}, the largest whole number held exactly: ` +
            `it would be shown as ${v.toLocaleString('en-US', { maximumFractionDigits: 0 })}; check the digits`,
        });
      }
      return;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k.length > MAX_KEY_LENGTH) {
        const message = `a key of ${k.length.toLocaleString('en-US')} characters (${quoted(k, 40)}); keys are field names such as "facts" or "value": check for a missing line break or ": "`;
        out.push({ path: [...path, k], atKey: true, message: () => message });
        continue;
      }
      path.push(k);
      walk(child);
      path.pop();
    }
  };
  walk(raw);
  return out;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

function topLevelOrder(raw: object): Map<string, number> {
  return new Map(Object.keys(raw).map((k, i) => [k, i]));
}

/** File order as far as the path tells it: top-level key, then list index; otherwise as found. */
function comparePaths(a: readonly PropertyKey[], b: readonly PropertyKey[], order: Map<string, number>): number {
  const ka = order.get(String(a[0])) ?? -1;
  const kb = order.get(String(b[0])) ?? -1;
  if (ka !== kb) return ka - kb;
  const ia = typeof a[1] === 'number' ? a[1] : -1;
  const ib = typeof b[1] === 'number' ? b[1] : -1;
  return ia - ib;
}

// ---- cheap text scans ----------------------------------------------------------------------

const ID_LINE = /^[ \t]*-[ \t]+id:[ \t]*["']?([a-z0-9._-]+)/gm;

/** Where each record's `- id:` starts, by a text scan: no YAML parse needed. */
interface IdIndex {
  readonly offsets: Map<string, number>;
  readonly lineStarts: number[];
}

function scanIds(text: string): IdIndex {
  const offsets = new Map<string, number>();
  for (const m of text.matchAll(ID_LINE)) if (m[1] !== undefined && !offsets.has(m[1])) offsets.set(m[1], m.index ?? 0);
  return { offsets, lineStarts: lineStarts(text) };
}

/** The value of `key` in the block-style record `id` (as the data is written), or undefined. */
function findField(text: string, ids: IdIndex, id: string, key: string): { line: number; col: number } | undefined {
  const start = ids.offsets.get(id);
  if (start === undefined) return undefined;
  const nextRecord = /\n[ \t]*- /g;
  nextRecord.lastIndex = start + 1;
  const end = nextRecord.exec(text)?.index ?? text.length;
  const field = new RegExp(`\\n[ \\t]+${key}:[ \\t]*`, 'g');
  field.lastIndex = start;
  const m = field.exec(text);
  if (!m || m.index >= end) return undefined;
  return positionIn(ids.lineStarts, m.index + m[0].length);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; col: number } {
  // The lenient decoder marks each bad sequence with U+FFFD; the first one that was not a literal
  // U+FFFD in the file (bytes EF BF BD) is the culprit, and the text before it decoded exactly.
  const text = new TextDecoder('utf-8').decode(bytes);
  // Byte offsets counted on from the previous U+FFFD, not from the start: a file of literal
  // U+FFFDs would otherwise cost the square of its length.
  let offset = 0;
  let counted = 0;
  for (let idx = text.indexOf('\uFFFD'); idx !== -1; idx = text.indexOf('\uFFFD', idx + 1)) {
    offset += Buffer.byteLength(text.slice(counted, idx), 'utf8');
    counted = idx;
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const before = text.slice(0, idx);
    const line = before.split('\n').length;
    return { offset, line, col: idx - before.lastIndexOf('\n') };
  }
  return { offset: 0, line: 1, col: 1 };
}
