// A problem found in the fact files, located so an editor (or a moderator's eye) can jump to it.
import { printable } from '../log.ts';
import { MAX_EXCERPT, MAX_MESSAGE } from './limits.ts';

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** Path relative to the data directory's parent when known, else as given. */
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file or directory. */
  readonly line: number;
  readonly col: number;
  /** The record path inside the file, e.g. "facts[3].value"; empty for whole-file problems. */
  readonly path: string;
  readonly message: string;
}

/**
 * One line, safe to print: the file name, path and message are untrusted (a file may be named
 * "x\nok: 99 files" or hold an escape sequence), so control characters come out as escapes, and
 * the message is bounded.
 */
export function formatProblem(p: Problem): string {
  const file = printable(p.file);
  const where = p.line > 0 ? `${file}:${p.line}:${p.col}` : file;
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${printable(p.path) || '-'}  ${tag}${printable(excerpt(p.message, MAX_MESSAGE))}`;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * At most `max` UTF-16 units of `text`, ending in "…" when cut; the cut falls between grapheme
 * clusters (never inside a surrogate pair, a flag or an accented letter). Only the start of the
 * text is segmented, so a 450 MB text costs what its first `max` characters cost.
 */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  if (text.length <= max) return text;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let out = '';
  for (const { segment } of graphemes.segment(text.slice(0, max + 16))) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/** A text quoted in a message: its excerpt, in JSON quotes (so control characters show as escapes). */
export function quoted(text: string, max = MAX_EXCERPT): string {
  return JSON.stringify(excerpt(text, max));
}

/** "facts[3].value"; a key longer than a field name (a hostile or broken file's) is shortened. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = excerpt(String(seg), 40);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}
