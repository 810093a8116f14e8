// Turns one file's bytes into a validated FactFile, or into located problems. Pure: the caller
// reads the file. Every failure is a value, so a moderator's bad edit can never throw past here.
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FactFile } from './schema.ts';
import { formatPath, type Problem } from './problem.ts';
import { describeIssues } from './issues.ts';
import { yamlSyntaxErrors } from './yaml-errors.ts';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ParsedFile {
  readonly file: string;
  readonly data: FactFile | undefined;
  readonly problems: Problem[];
  /** Locates a record path ("facts", 3) in this file, for later cross-file checks (parses again, once). */
  readonly locate: (path: readonly PropertyKey[]) => { line: number; col: number };
  /** The line of a record's `- id:` (cheap: a text scan), for pointing moderators at a record. */
  readonly lineOfId: (id: string) => number;
  /** A field's value in a record, by a text scan (block style); undefined when not found that way. */
  readonly locateField: (id: string, key: string) => { line: number; col: number } | undefined;
}

const nowhere = () => ({ line: 0, col: 0 });

export function parseFactFile(file: string, bytes: Uint8Array): ParsedFile {
  const fail = (message: string, line = 0, col = 0): ParsedFile => ({
    file,
    data: undefined,
    problems: [{ severity: 'error', file, line, col, path: '', message }],
    locate: nowhere,
    lineOfId: () => 0,
    locateField: () => undefined,
  });

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
  if (text.trim() === '') return fail('file is empty; add `entities:`, `sources:` or `facts:`, or delete the file');

  // js-yaml reads a valid file about ten times faster than `yaml`; `yaml` keeps source positions.
  // So every file is read fast, and only a file with a problem is parsed again to locate it.
  let located: { doc: Document; position: (offset: number) => { line: number; col: number } } | undefined;
  const locatedDoc = () => (located ??= parseLocated(text));
  const locate = (path: readonly PropertyKey[]) => {
    const { doc, position } = locatedDoc();
    return locateInDocument(doc, path, position);
  };

  let raw: unknown;
  try {
    raw = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    const syntax = yamlSyntaxErrors(text);
    if (syntax.length > 0) {
      return {
        file,
        data: undefined,
        problems: syntax.map((err) => ({ severity: 'error' as const, file, line: err.line, col: err.col, path: '', message: `YAML syntax: ${err.message}` })),
        locate: nowhere,
        lineOfId: () => 0,
        locateField: () => undefined,
      };
    }
    // A corner of the spec where the two parsers disagree: report js-yaml's own position.
    const ex = e as { reason?: string; message: string; mark?: { line: number; column: number } };
    return fail(`YAML syntax: ${firstLine(ex.reason ?? ex.message)}`, (ex.mark?.line ?? -1) + 1, (ex.mark?.column ?? -1) + 1);
  }
  // Aliases make js-yaml share nodes, and a few nested ones expand exponentially when walked
  // ("billion laughs"); `yaml` reads such a file with a cap on how far aliases may expand.
  if (hasSharedNodes(raw)) {
    try {
      raw = locatedDoc().doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return fail(`YAML could not be read: ${firstLine(String((e as Error).message))}`);
    }
  }
  if (raw === null || raw === undefined) {
    return fail('file is empty (only comments); add `entities:`, `sources:` or `facts:`, or delete the file');
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('the top level must be a mapping with `entities:`, `sources:` and/or `facts:` lists', 1, 1);
  }
  // reportInput: the messages need the value given ("strike") and to tell a missing field from a wrong one.
  const parsed = FactFile.safeParse(raw, { reportInput: true });
  let ids: IdIndex | undefined;
  const idIndex = () => (ids ??= scanIds(text));
  const lineOfId = (id: string) => {
    const offset = idIndex().offsets.get(id);
    return offset === undefined ? 0 : positionOf(idIndex(), offset).line;
  };
  const locateField = (id: string, key: string) => findField(text, idIndex(), id, key);
  if (!parsed.success) {
    const { doc, position } = locatedDoc();
    const problems = describeIssues(parsed.error.issues, raw, FactFile).map(
      (m): Problem => ({ severity: 'error', file, ...locateInDocument(doc, m.path, position, m.atKey), path: formatPath(m.path), message: m.message }),
    );
    return { file, data: undefined, problems, locate, lineOfId, locateField };
  }
  return { file, data: parsed.data, problems: [], locate, lineOfId, locateField };
}

function parseLocated(text: string): { doc: Document; position: (offset: number) => { line: number; col: number } } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return {
    doc,
    position: (offset) => {
      const p = lineCounter.linePos(offset);
      return { line: p.line, col: p.col };
    },
  };
}

/** True when some object or array is reachable twice: the mark of a YAML alias. */
function hasSharedNodes(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (seen.has(v)) return true;
    seen.add(v);
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

const ID_LINE = /^[ \t]*-[ \t]+id:[ \t]*["']?([a-z0-9._-]+)/gm;

/** Where each record's `- id:` starts, by a text scan: no YAML parse needed. */
interface IdIndex {
  readonly offsets: Map<string, number>;
  readonly lineStarts: number[];
}

function scanIds(text: string): IdIndex {
  const offsets = new Map<string, number>();
  for (const m of text.matchAll(ID_LINE)) if (m[1] !== undefined && !offsets.has(m[1])) offsets.set(m[1], m.index ?? 0);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { offsets, lineStarts };
}

function positionOf(ids: IdIndex, offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = ids.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ids.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - ids.lineStarts[lo]! + 1 };
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
  return positionOf(ids, m.index + m[0].length);
}

/**
 * The line and column of the deepest existing node on `path`. A missing field is reported at the
 * record that lacks it; a map entry at its key, where an editor's cursor should land.
 */
function locateInDocument(
  doc: Document,
  path: readonly PropertyKey[],
  position: (offset: number) => { line: number; col: number },
  atKey = false,
): { line: number; col: number } {
  let node: unknown = doc.contents;
  let best: { line: number; col: number } = node && hasRange(node) ? position(node.range[0]) : { line: 1, col: 1 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) best = position(pair.key.range[0]);
      // An unknown key is the mistake itself: point at it, not at its value.
      if (atKey && i === path.length - 1) break;
      node = pair.value;
      if (node && hasRange(node) && !isMap(node) && !isSeq(node)) best = position(node.range[0]);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) break;
      node = item;
      if (hasRange(item)) best = position(item.range[0]);
    } else {
      break;
    }
  }
  return best;
}

function hasRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && Array.isArray((n as { range?: unknown }).range);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; col: number } {
  // The lenient decoder marks each bad sequence with U+FFFD; the first one that was not a literal
  // U+FFFD in the file (bytes EF BF BD) is the culprit, and the text before it decoded exactly.
  const text = new TextDecoder('utf-8').decode(bytes);
  for (let idx = text.indexOf('\uFFFD'); idx !== -1; idx = text.indexOf('\uFFFD', idx + 1)) {
    const offset = Buffer.byteLength(text.slice(0, idx), 'utf8');
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const before = text.slice(0, idx);
    const line = before.split('\n').length;
    return { offset, line, col: idx - before.lastIndexOf('\n') };
  }
  return { offset: 0, line: 1, col: 1 };
}
