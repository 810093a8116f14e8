// Where a record path (["facts", 3, "value"]) sits in a file's text: the line and column a message
// points at, and the text written there (so a message can quote "9007199254740993" as written, not
// the number it was read as). js-yaml, which reads the files, keeps no positions; the `yaml` package
// does, at about ten times the cost. A small file is parsed with it once, in full. A large one (a
// 2 MiB file of mistakes took 4 s to parse in full) is located record by record: a scan of the text
// finds where each top-level list item starts, and only the items a message points into are parsed.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FULL_LOCATE_MAX_CHARS } from './limits.ts';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface Found extends Position {
  /** The text of the node at the whole path, when the path was found whole and it is a scalar. */
  readonly source?: string;
}

export interface Locator {
  /**
   * The line and column of the deepest existing node on `path`. A missing field is reported at the
   * record that lacks it; a map entry at its key, where an editor's cursor should land; with
   * `atKey`, the last segment's key itself (an unknown key is the mistake, not its value).
   */
  locate(path: readonly PropertyKey[], atKey?: boolean): Found;
  /** Line and column of an offset in the text. */
  position(offset: number): Position;
}

export function createLocator(text: string, fullMaxChars = FULL_LOCATE_MAX_CHARS): Locator {
  let starts: number[] | undefined;
  const position = (offset: number): Position => positionIn((starts ??= lineStarts(text)), offset);

  if (text.length <= fullMaxChars) {
    let full: { doc: Document; lc: LineCounter } | undefined;
    return {
      position,
      locate(path, atKey = false) {
        full ??= parseLocated(text);
        const { lc, doc } = full;
        return locateInDocument(doc, path, text, (o) => lc.linePos(o), atKey);
      },
    };
  }

  let regions: Region[] | undefined;
  const items = new Map<string, { doc: Document; lc: LineCounter; slice: string; first: Position } | null>();
  return {
    position,
    locate(path, atKey = false) {
      regions ??= scanRegions(text);
      // Where the document starts (its first key), as a full parse says for a path not found.
      const top = regions[0] ? position(regions[0].keyOffset) : { line: 1, col: 1 };
      if (path.length === 0) return top;
      const region = regions.find((r) => r.key === String(path[0]));
      if (region === undefined) return top;
      const keyAt = position(region.keyOffset);
      if (path.length === 1 && atKey) return { ...keyAt, source: text.slice(region.keyOffset, region.keyOffset + region.keyLength) };
      const index = path[1];
      if (path.length === 1 || typeof index !== 'number' || region.items === undefined || index < 0 || index >= region.items.length) return keyAt;
      const start = region.items[index]!;
      const cacheKey = `${region.keyOffset}:${index}`;
      let item = items.get(cacheKey);
      if (item === undefined) {
        const end = region.items[index + 1] ?? region.end;
        const slice = text.slice(start, end);
        const lc = new LineCounter();
        const doc = parseDocument(slice, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
        // A record that does not parse alone (an alias to another record, say): its line will do.
        item = doc.errors.length === 0 && isSeq(doc.contents) && doc.contents.items.length === 1 ? { doc, lc, slice, first: position(start) } : null;
        items.set(cacheKey, item);
      }
      if (item === null) {
        const p = position(start);
        return { line: p.line, col: p.col + indentOf(text, start) };
      }
      const { doc, lc, slice, first } = item;
      // The slice starts at a line start, so columns need no shift.
      return locateInDocument(doc, [0, ...path.slice(2)], slice, (o) => {
        const p = lc.linePos(o);
        return { line: first.line + p.line - 1, col: p.col };
      }, atKey);
    },
  };
}

export function parseLocated(text: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  return { doc, lc };
}

function locateInDocument(doc: Document, path: readonly PropertyKey[], text: string, position: (offset: number) => Position, atKey: boolean): Found {
  let node: unknown = doc.contents;
  let best: Position = node && hasRange(node) ? position(node.range[0]) : { line: 1, col: 1 };
  let whole = true;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) {
        whole = false;
        break;
      }
      if (isScalar(pair.key) && pair.key.range) best = position(pair.key.range[0]);
      if (atKey && i === path.length - 1) {
        node = pair.key;
        break;
      }
      node = pair.value;
      if (node && hasRange(node) && !isMap(node) && !isSeq(node)) best = position(node.range[0]);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) {
        whole = false;
        break;
      }
      node = item;
      if (hasRange(item)) best = position(item.range[0]);
    } else {
      whole = false;
      break;
    }
  }
  if (whole && isScalar(node) && hasRange(node)) return { ...best, source: text.slice(node.range[0], node.range[1]) };
  return best;
}

function hasRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && Array.isArray((n as { range?: unknown }).range);
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionIn(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** A top-level key and, when its value is a block list, where each item's line starts. */
interface Region {
  readonly key: string;
  readonly keyOffset: number;
  /** The key as written (quotes included). */
  readonly keyLength: number;
  /** Offset of the line after the region (the next top-level key, or the end of the text). */
  end: number;
  items?: number[];
}

const TOP_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#&*!|>'"%@`,[\]{}?:-][^:]*?|[?:-][^\s:][^:]*?)[ \t]*:(?:[ \t]|$)/;

/**
 * The top-level keys of a block mapping and the items of their block lists, by lines: a key starts
 * at column 0; its list's items are the lines with the first item's indentation followed by "- ".
 * Anything else (flow style, a document marker) leaves a region without items, located at its key.
 */
function scanRegions(text: string): Region[] {
  const regions: Region[] = [];
  let current: Region | undefined;
  let itemIndent: number | undefined;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const first = text.charCodeAt(pos);
    if (first !== 0x20 && first !== 0x09 && first !== 0x23 /* # */ && end > pos && !/^(?:-[ \t]|-$|---|\.\.\.)/.test(text.slice(pos, Math.min(end, pos + 4)))) {
      const m = TOP_KEY.exec(text.slice(pos, end));
      if (current) current.end = pos;
      current = m ? { key: unquote(m[1]!), keyOffset: pos, keyLength: m[1]!.length, end: text.length } : undefined;
      if (current) regions.push(current);
      itemIndent = undefined;
    } else if (current) {
      let i = pos;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
      const isItem = text.charCodeAt(i) === 0x2d /* - */ && (i + 1 === end || text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x09);
      if (itemIndent === undefined && i < end && text.charCodeAt(i) !== 0x23) {
        // The first content line decides: a block list's first item, or something else.
        itemIndent = isItem ? i - pos : -1;
        if (isItem) current.items = [];
      }
      if (isItem && i - pos === itemIndent) current.items!.push(pos);
    }
    pos = end + 1;
  }
  return regions;
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text.charCodeAt(i) === 0x20) i++;
  return i - lineStart;
}
