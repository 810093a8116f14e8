// Zod's issues about one file, turned into messages a moderator can act on. A misspelt key is one
// slip, so it gets one message that names the key meant ("unknown key "qualifer"; did you mean
// "qualifier"?"), not a second one about the field it left missing; an unknown value is matched
// against the allowed ones the same way.
import type { z } from 'zod';
import { excerpt, formatPath, quoted } from './problem.ts';
import { nearest } from './suggest.ts';

export interface IssueMessage {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** Point at the key itself rather than its value: the key is what is wrong. */
  readonly atKey?: boolean;
}

/** A message not written yet: a file of mistakes has thousands, and only the first few are shown. */
export interface PendingMessage {
  readonly path: readonly PropertyKey[];
  readonly message: () => string;
  readonly atKey?: boolean;
}

/**
 * One message per slip, in the order zod found them. `raw` is the parsed YAML (to see which keys a
 * record has) and `schema` the schema it was checked against (to know which keys it may have).
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, schema: z.ZodType): IssueMessage[] {
  return issueMessages(issues, raw, schema).map((m) => ({ path: m.path, message: m.message(), ...(m.atKey ? { atKey: true } : {}) }));
}

/**
 * describeIssues, with each message written only when asked for. Which missing fields a misspelt
 * key explains is settled here, for all of them (it decides which messages exist); the
 * suggestions for wrong values, the costly part, wait until their message is written.
 */
export function issueMessages(issues: readonly z.core.$ZodIssue[], raw: unknown, schema: z.ZodType): PendingMessage[] {
  const out: PendingMessage[] = [];
  // Missing fields that a misspelt key explains, as "facts[0].qualifier".
  const explained = new Set<string>();
  const missing = new Set(issues.filter(isMissing).map((i) => formatPath(i.path)));

  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const present = new Set(Object.keys(objectAt(raw, issue.path) ?? {}));
    const allowed = keysAt(schema, issue.path) ?? [];
    for (const key of issue.keys) {
      // A suggestion for a key longer than any field name would be noise, and slow.
      const short = key.length <= 64;
      const meant = short ? nearest(key, allowed.filter((k) => !present.has(k))) : undefined;
      const twin = short && meant === undefined ? nearest(key, allowed) : undefined;
      if (meant !== undefined) explained.add(formatPath([...issue.path, meant]));
      const hint =
        meant !== undefined
          ? `; did you mean "${meant}"?`
          : twin !== undefined
            ? ` ("${twin}" is already set in this record)`
            : allowed.length > 0
              ? ` (allowed here: ${allowed.join(', ')})`
              : '';
      const message = `unknown key ${quoted(key)}${hint}`;
      out.push({ path: [...issue.path, key], message: () => message, atKey: true });
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    if (isMissing(issue) && explained.has(formatPath(issue.path))) continue;
    const isMissingField = missing.has(formatPath(issue.path));
    out.push({ path: issue.path, message: () => describe(issue, isMissingField) });
  }
  return out;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  // Needs the parse's reportInput: without it every issue's input reads as undefined.
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && (issue as { input?: unknown }).input === undefined;
}

function describe(issue: z.core.$ZodIssue, isMissingField: boolean): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (isMissingField) return `required field is missing (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${typeOf(issue.input)}${hintFor(issue.expected, issue.input, field)}`;
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      if (isMissingField) return `required field is missing (one of ${allowed})`;
      const input = issue.input;
      const meant = typeof input === 'string' && input.length <= 64 ? nearest(input, issue.values.filter((v): v is string => typeof v === 'string')) : undefined;
      const what = `${field ? `${field} ` : ''}${typeof input === 'string' ? quoted(input) : excerpt(String(JSON.stringify(input)))}`;
      return meant !== undefined ? `${what} is not an allowed value; did you mean "${meant}"?` : `${what} is not an allowed value: use one of ${allowed}`;
    }
    case 'invalid_union':
      // A figure written as text: "about 100", or a number too large for YAML to read as one.
      if (typeof issue.input === 'string' && field !== undefined) {
        const text = issue.input;
        if (/^[-+]?(?:\d[\d_]*)?\.?\d*[eE][-+]?\d+$/.test(text)) return `${field} ${excerpt(text, 30)} is too large to be read as a number; write the figure in digits, as the source gives it`;
        return `${field} ${quoted(text, 40)} is text, not a number; write the figure in digits (${field}: 1370), or a range (${field}: { min: 8106, max: 13159 })`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

/** "qualifier" for facts[0].qualifier; undefined for a list item. */
function fieldName(path: readonly PropertyKey[]): string | undefined {
  const last = path.at(-1);
  return typeof last === 'string' ? last : undefined;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text ${quoted(v, 40)}`;
  return `${typeof v} ${excerpt(String(v), 40)}`;
}

/**
 * How to write what was meant, for the slips YAML invites: an unquoted date or number read as a
 * number where text belongs (`as_of: 2019`), one name where a list belongs (`places: syria`).
 */
function hintFor(expected: string, input: unknown, field: string | undefined): string {
  const key = field ?? 'the value';
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    const written = String(input);
    return DATE_FIELDS.has(key)
      ? `: YAML reads ${written} unquoted as a number; write dates in quotes, ${key}: "${written}"`
      : `: YAML reads ${written} unquoted as a ${typeof input}; put it in quotes, ${key}: "${written}"`;
  }
  if (expected === 'array' && (typeof input === 'string' || typeof input === 'number')) {
    return `: ${key} is a list, even of one; write ${key}: [${excerpt(String(input), 40)}]`;
  }
  return '';
}

const DATE_FIELDS = new Set(['as_of', 'start', 'end', 'published', 'retrieved']);

function objectAt(raw: unknown, path: readonly PropertyKey[]): Record<string, unknown> | undefined {
  let node = raw;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

/** Zod's own definition of a schema: `_zod.def` is the documented way for tools to walk one. */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional, default, transform and the like down to the object, array or value inside. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let guard = 0; guard < 20; guard++) {
    const def = defOf(s);
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) s = def.in;
    else if (def.type === 'union' && def.options !== undefined) {
      const object = def.options.find((o) => defOf(unwrap(o)).type === 'object');
      if (object === undefined) return s;
      s = object;
    } else return s;
  }
  return s;
}

/** The keys the schema allows for the object at `path`, or undefined if it is not an object. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let s = unwrap(schema);
  for (const seg of path) {
    const def = defOf(s);
    if (def.type === 'object' && def.shape !== undefined && typeof seg === 'string' && seg in def.shape) s = unwrap(def.shape[seg]!);
    else if (def.type === 'array' && def.element !== undefined && typeof seg === 'number') s = unwrap(def.element);
    else return undefined;
  }
  const def = defOf(s);
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : undefined;
}
