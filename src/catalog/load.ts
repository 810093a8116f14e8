// Loads every fact file under a directory into one catalog, or reports why it cannot. The only
// module here that touches the file system; it never throws on bad data, only on programmer error.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createCatalogSteps, type Catalog, type Origin } from './catalog.ts';
import { crossCheckSteps, type Located, type Records } from './checks.ts';
import { consistencySteps } from './consistency.ts';
import { runSliced, runToEnd, type Steps } from './slices.ts';
import { MAX_FILE_BYTES, parseFactFile, type ParsedFile } from './parse-file.ts';
import type { Problem } from './problem.ts';

export type LoadResult =
  | { readonly ok: true; readonly catalog: Catalog; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly errors: readonly Problem[]; readonly warnings: readonly Problem[] };

export interface FileInput {
  /** As shown in messages, e.g. "data/cjtf-oir/2020-02-13.yaml". */
  readonly file: string;
  readonly bytes: Uint8Array;
}

const FACT_FILE = /\.ya?ml$/i;
const MAX_FILES = 2000;

export interface LoadOptions {
  /**
   * Give the event loop back every few milliseconds while building (a live reload in a running
   * bot). Off, the catalog is built in one go, which is quicker overall (tools, tests).
   */
  readonly sliced?: boolean;
}

/** Reads `dir` recursively (YAML files only, sorted) and builds the catalog. */
export async function loadCatalog(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const listed = await listFactFiles(dir);
  if (!listed.ok) return { ok: false, errors: [listed.problem], warnings: [] };
  return loadFiles(listed.files, options);
}

/** Reads the given files (each bounded in size) and builds one catalog from them. */
export async function loadFiles(files: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const build = (inputs: readonly FileInput[]) => (options.sliced ? runSliced(buildCatalogSteps(inputs)) : buildCatalog(inputs));
  const inputs: FileInput[] = [];
  const errors: Problem[] = [];
  for (const f of files) {
    const read = await readBounded(f);
    if (read.ok) inputs.push({ file: displayPath(f), bytes: read.bytes });
    else errors.push({ severity: 'error', file: displayPath(f), line: 0, col: 0, path: '', message: read.message });
  }
  if (errors.length === 0) return build(inputs);
  const rest = inputs.length > 0 ? await build(inputs) : undefined;
  return { ok: false, errors: [...errors, ...(rest && !rest.ok ? rest.errors : [])], warnings: rest?.warnings ?? [] };
}

/** Pure: parse, validate and cross-check in-memory files. */
export function buildCatalog(inputs: readonly FileInput[]): LoadResult {
  return runToEnd(buildCatalogSteps(inputs));
}

/** buildCatalog in steps (see slices.ts): yields between files and between records. */
export function* buildCatalogSteps(inputs: readonly FileInput[]): Steps<LoadResult> {
  if (inputs.length === 0) {
    return { ok: false, errors: [{ severity: 'error', file: '(data)', line: 0, col: 0, path: '', message: 'no fact files (*.yaml) found' }], warnings: [] };
  }
  const parsed: ParsedFile[] = [];
  for (const i of inputs) {
    parsed.push(parseFactFile(i.file, i.bytes));
    yield;
  }
  const errors = parsed.flatMap((p) => p.problems);
  if (errors.length > 0) return { ok: false, errors, warnings: [] };

  const records: Required<Records> = { entities: [], sources: [], facts: [], families: [], metrics: [], stopWords: [] };
  for (const p of parsed) {
    const data = p.data!;
    const at = <T>(record: T, list: string, i: number): Located<T> => ({ record, file: p.file, path: [list, i], locate: p.locate, locateField: p.locateField });
    data.entities.forEach((e, i) => records.entities.push(at(e, 'entities', i)));
    data.sources.forEach((s, i) => records.sources.push(at(s, 'sources', i)));
    data.facts.forEach((f, i) => records.facts.push(at(f, 'facts', i)));
    data.families.forEach((f, i) => records.families.push(at(f, 'families', i)));
    data.metrics.forEach((m, i) => records.metrics.push(at(m, 'metrics', i)));
    data.stop_words.forEach((w, i) => records.stopWords.push(at(w, 'stop_words', i)));
    yield;
  }
  const crossErrors = yield* crossCheckSteps(records);
  const warnings = yield* consistencySteps(records.facts);
  if (crossErrors.length > 0) return { ok: false, errors: crossErrors, warnings };

  const origins = new Map<string, Origin>();
  for (const p of parsed) {
    const d = p.data!;
    for (const r of [...d.entities, ...d.sources, ...d.facts]) if (!origins.has(r.id)) origins.set(r.id, { file: p.file, line: p.lineOfId(r.id) });
    yield;
  }
  const hash = createHash('sha256');
  for (const i of inputs) {
    hash.update(i.file).update('\0').update(i.bytes).update('\0');
    yield;
  }
  const catalog = yield* createCatalogSteps({
    entities: records.entities.map((r) => r.record),
    sources: records.sources.map((r) => r.record),
    facts: records.facts.map((r) => r.record),
    families: records.families.map((r) => r.record),
    metrics: records.metrics.map((r) => r.record),
    stop_words: records.stopWords.map((r) => r.record),
    origins,
    files: inputs.map((i) => i.file),
    version: hash.digest('hex').slice(0, 12),
  });
  return { ok: true, catalog, warnings };
}

type Listing = { ok: true; files: string[] } | { ok: false; problem: Problem };

async function listFactFiles(dir: string): Promise<Listing> {
  const problem = (message: string): Listing => ({ ok: false, problem: { severity: 'error', file: displayPath(dir), line: 0, col: 0, path: '', message } });
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return problem('is not a directory');
  } catch (e) {
    return problem(describeFsError(e, 'data directory'));
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && FACT_FILE.test(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  if (files.length > MAX_FILES) return problem(`holds ${files.length} fact files; the limit is ${MAX_FILES}`);
  return { ok: true, files };
}

type Read = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Refuses oversized files before reading them, so a stray dump cannot exhaust memory. */
async function readBounded(file: string): Promise<Read> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return { ok: false, message: 'is not a regular file' };
    if (st.size > MAX_FILE_BYTES) {
      return { ok: false, message: `file is ${(st.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into one file per report)` };
    }
    return { ok: true, bytes: await readFile(file) };
  } catch (e) {
    return { ok: false, message: describeFsError(e, 'file') };
  }
}

function describeFsError(e: unknown, what: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${what} not found`;
  if (code === 'EACCES' || code === 'EPERM') return `${what} cannot be read (permission denied)`;
  return `${what} cannot be read (${code ?? 'unknown error'})`;
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') ? p : rel;
}
