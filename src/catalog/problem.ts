// A problem found in the fact files, located so an editor (or a moderator's eye) can jump to it.

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

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${p.path || '-'}  ${tag}${p.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}
