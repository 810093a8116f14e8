// YAML syntax errors as a moderator needs them: one message per mistake. A YAML parser that meets a
// mis-indented line goes on to report every line after it in the same record (one slip gave eleven
// messages), so after each error the record holding it is set aside and the rest parsed again:
// a second message means a second mistake elsewhere.
import { LineCounter, parseDocument, type YAMLError } from 'yaml';

export interface SyntaxError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The file's YAML syntax errors, one per broken record, in file order (at most `max`). */
export function yamlSyntaxErrors(text: string, max = 20): SyntaxError[] {
  const out: SyntaxError[] = [];
  let current = text;
  // Everything before the record last set aside parsed; an error there now would be of our making.
  let settled = 0;
  while (out.length < max) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(current, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const first = doc.errors.reduce<YAMLError | undefined>((a, e) => (a === undefined || e.pos[0] < a.pos[0] ? e : a), undefined);
    if (first === undefined || first.pos[0] < settled) break;
    const { line, col } = openingQuote(current, first) ?? lineCounter.linePos(first.pos[0]);
    out.push({ line, col, message: explain(first, lineText(current, line)) });
    const region = recordAround(current, line);
    const next = blankLines(current, region);
    if (next === current) break;
    current = next;
    settled = lineCounter.lineStarts[region.from - 1] ?? current.length;
  }
  return out;
}

/** Our words for the parser's, which assume one knows YAML's grammar; its own kept in brackets. */
function explain(e: YAMLError, line: string): string {
  const said = e.message.split('\n')[0] ?? e.message;
  const ours = (words: string) => `${words} (parser: ${said})`;
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return 'a tab indents this line; indent with spaces';
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same record';
    case 'BAD_INDENT':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      if (/^Flow (sequence|mapping)/.test(said)) return ours('a [ or { opened above is not closed');
      return ours('check the indentation of this line and the next, and that each key is followed by ": "');
    case 'MISSING_CHAR':
      if (/quote/i.test(said)) return ours('a quoted text is not closed');
      if (/indicator/i.test(said)) return ours('this line is indented differently from the lines around it');
      return said;
    case 'UNEXPECTED_TOKEN':
      return /'[^']*'[^']*'/.test(line) ? ours(`text goes on after a closing quote: inside '…' write an apostrophe twice ('') or quote with "…"`) : said;
    default:
      return said;
  }
}

/**
 * Where an unclosed quote opens. A quoted text may run over several lines, so the parser notices
 * only where the file (or the next quote) ends; the line with an odd number of that quote is where
 * the moderator went wrong.
 */
function openingQuote(text: string, e: YAMLError): { line: number; col: number } | undefined {
  const quote = e.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(e.message)?.[1] : undefined;
  if (quote === undefined) return undefined;
  const lines = text.slice(0, e.pos[0]).split('\n');
  for (let i = 0; i < lines.length; i++) {
    // Quotes inside a comment do not count; '' inside '…' and \" inside "…" are escapes.
    const code = lines[i]!.replace(/(^|\s)#.*$/, '$1');
    const plain = quote === "'" ? code.replace(/''/g, '') : code.replace(/\\./g, '');
    const count = plain.split(quote).length - 1;
    if (count % 2 === 1) return { line: i + 1, col: code.lastIndexOf(quote) + 1 };
  }
  return undefined;
}

function lineText(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

const LIST_ITEM = /^( *)-(?:[ \t]|$)/;
const TOP_LEVEL = /^[^\s#-]/;

/**
 * The lines of the list item (a whole entity, source or fact) holding `line`: from its "- " to the
 * next item at the same depth or the next top-level key. A top-level key's line, with its list.
 */
function recordAround(text: string, line: number): { from: number; to: number } {
  const lines = text.split('\n');
  let depth = Infinity;
  for (const l of lines) {
    const m = LIST_ITEM.exec(l);
    if (m) depth = Math.min(depth, m[1]!.length);
  }
  const isItem = (i: number) => LIST_ITEM.exec(lines[i] ?? '')?.[1]?.length === depth;
  const isTop = (i: number) => TOP_LEVEL.test(lines[i] ?? '');
  if (isTop(line - 1)) {
    // A broken top-level key takes its whole list with it; its items alone would read as errors.
    let to = line;
    while (to < lines.length && !isTop(to)) to++;
    return { from: line, to };
  }
  let from = line - 1;
  while (from > 0 && !isItem(from) && !isTop(from)) from--;
  if (!isItem(from)) from = line - 1;
  let to = line;
  while (to < lines.length && !isItem(to) && !isTop(to)) to++;
  return { from: from + 1, to };
}

/** Replaces the lines' characters with spaces: positions elsewhere stay as they were. */
function blankLines(text: string, { from, to }: { from: number; to: number }): string {
  const lines = text.split('\n');
  for (let i = from - 1; i < to && i < lines.length; i++) lines[i] = ' '.repeat(lines[i]!.length);
  return lines.join('\n');
}
