// Loads every fact file under a directory into one catalog, or reports why it cannot. The only
// module here that touches the file system; it never throws on bad data, only on programmer error.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createCatalogSteps, type Catalog, type CatalogParts, type Origin } from './catalog.ts';
import { crossCheckSteps, type Located, type Records } from './checks.ts';
import { consistencySteps } from './consistency.ts';
import { runSliced, runToEnd, type Steps } from './slices.ts';
import { parseFactFile, type ParsedFile } from './parse-file.ts';
import { MAX_ERRORS_LISTED, MAX_ERRORS_PER_FILE, MAX_FILE_BYTES, MAX_FILES, MAX_FOLDER_DEPTH } from './limits.ts';
import type { Problem } from './problem.ts';

export type LoadResult =
  | { readonly ok: true; readonly catalog: Catalog; readonly warnings: readonly Problem[] }
  | {
      readonly ok: false;
      /** The errors listed: at most MAX_ERRORS_PER_FILE per file and MAX_ERRORS_LISTED in all. */
      readonly errors: readonly Problem[];
      readonly warnings: readonly Problem[];
      /** Every error found, listed or not; absent when all are listed. */
      readonly errorCount?: number;
    };

/** What a valid load is made of, before the catalog's maps are built: plain data (a worker sends it). */
export type ValidatedResult =
  | { readonly ok: true; readonly parts: CatalogParts & { version: string; files: readonly string[] }; readonly warnings: readonly Problem[] }
  | Extract<LoadResult, { ok: false }>;

export interface FileInput {
  /** As shown in messages, e.g. "data/cjtf-oir/2020-02-13.yaml". */
  readonly file: string;
  readonly bytes: Uint8Array;
}

const FACT_FILE = /\.ya?ml$/i;

export interface LoadOptions {
  /**
   * Give the event loop back every few milliseconds while building (a live reload in a running
   * bot). Off, the catalog is built in one go, which is quicker overall (tools, tests).
   */
  readonly sliced?: boolean;
}

/** Reads `dir` recursively (YAML files only, sorted) and builds the catalog. */
export async function loadCatalog(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readDataDir(dir);
  if (!read.ok) return read.result;
  return options.sliced ? runSliced(buildAfterReading(read.inputs, read.errors)) : runToEnd(buildAfterReading(read.inputs, read.errors));
}

/** Reads the given files (each bounded in size) and builds one catalog from them. */
export async function loadFiles(files: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const { inputs, errors } = await readFiles(files);
  return options.sliced ? runSliced(buildAfterReading(inputs, errors)) : runToEnd(buildAfterReading(inputs, errors));
}

/** loadCatalog up to the catalog's maps: what the worker thread does (src/catalog/load-worker.ts). */
export async function validateDataDir(dir: string): Promise<ValidatedResult> {
  const read = await readDataDir(dir);
  if (!read.ok) return read.result;
  return runToEnd(validateAfterReading(read.inputs, read.errors));
}

/** Pure: parse, validate and cross-check in-memory files. */
export function buildCatalog(inputs: readonly FileInput[]): LoadResult {
  return runToEnd(buildCatalogSteps(inputs));
}

/** buildCatalog in steps (see slices.ts): yields between files and between records. */
export function* buildCatalogSteps(inputs: readonly FileInput[]): Steps<LoadResult> {
  return yield* buildAfterReading(inputs, []);
}

/** Validated parts into a catalog, in steps: the part of a load left to the thread that serves it. */
export function* catalogFromParts(v: Extract<ValidatedResult, { ok: true }>): Steps<LoadResult> {
  const catalog = yield* createCatalogSteps(v.parts);
  return { ok: true, catalog, warnings: v.warnings };
}

function* buildAfterReading(inputs: readonly FileInput[], readErrors: readonly Problem[]): Steps<LoadResult> {
  const v = yield* validateAfterReading(inputs, readErrors);
  if (!v.ok) return v;
  return yield* catalogFromParts(v);
}

function* validateAfterReading(inputs: readonly FileInput[], readErrors: readonly Problem[]): Steps<ValidatedResult> {
  if (inputs.length === 0 && readErrors.length === 0) {
    return { ok: false, errors: [{ severity: 'error', file: '(data)', line: 0, col: 0, path: '', message: 'no fact files (*.yaml) found' }], warnings: [] };
  }
  const parsed: ParsedFile[] = [];
  for (const i of inputs) {
    parsed.push(parseFactFile(i.file, i.bytes));
    yield;
  }
  const parseErrors = parsed.flatMap((p) => p.problems);
  const omitted = parsed.reduce((n, p) => n + (p.omitted ?? 0), 0);
  if (readErrors.length > 0 || parseErrors.length > 0) return failed([...readErrors, ...parseErrors], [], omitted);

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
  if (crossErrors.length > 0) return failed(crossErrors, warnings, 0);

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
  return {
    ok: true,
    parts: {
      entities: records.entities.map((r) => r.record),
      sources: records.sources.map((r) => r.record),
      facts: records.facts.map((r) => r.record),
      families: records.families.map((r) => r.record),
      metrics: records.metrics.map((r) => r.record),
      stop_words: records.stopWords.map((r) => r.record),
      origins,
      files: inputs.map((i) => i.file),
      version: hash.digest('hex').slice(0, 12),
    },
    warnings,
  };
}

/**
 * A failed load's errors as listed: the first MAX_ERRORS_PER_FILE of each file and at most
 * MAX_ERRORS_LISTED in all; `errorCount` counts the rest too. A file of 26,000 mistakes is 20 lines.
 */
function failed(errors: readonly Problem[], warnings: readonly Problem[], alreadyOmitted: number): Extract<LoadResult, { ok: false }> {
  const perFile = new Map<string, number>();
  const listed: Problem[] = [];
  let omitted = alreadyOmitted;
  for (const e of errors) {
    const n = (perFile.get(e.file) ?? 0) + 1;
    perFile.set(e.file, n);
    if (n > MAX_ERRORS_PER_FILE || listed.length >= MAX_ERRORS_LISTED) omitted += 1;
    else listed.push(e);
  }
  return { ok: false, errors: listed, warnings, ...(omitted > 0 ? { errorCount: listed.length + omitted } : {}) };
}

// ---- reading -------------------------------------------------------------------------------

type DirRead = { ok: true; inputs: FileInput[]; errors: Problem[] } | { ok: false; result: Extract<LoadResult, { ok: false }> };

async function readDataDir(dir: string): Promise<DirRead> {
  const listed = await listFactFiles(dir);
  if (!listed.ok) return { ok: false, result: { ok: false, errors: [listed.problem], warnings: [] } };
  const read = await readFiles(listed.files);
  return { ok: true, inputs: read.inputs, errors: [...listed.problems, ...read.errors] };
}

async function readFiles(files: readonly string[]): Promise<{ inputs: FileInput[]; errors: Problem[] }> {
  const inputs: FileInput[] = [];
  const errors: Problem[] = [];
  for (const f of files) {
    const read = await readBounded(f);
    if (read.ok) inputs.push({ file: displayPath(f), bytes: read.bytes });
    else errors.push(whole(f, read.message));
  }
  return { inputs, errors };
}

type Listing = { ok: true; files: string[]; problems: Problem[] } | { ok: false; problem: Problem };

/**
 * The fact files under `dir`, sorted, with a problem for each entry that cannot be read as one.
 * Symbolic links are followed while they stay inside `dir` (a link to a file elsewhere, a loop or a
 * link to nothing is refused with a message rather than skipped: the data it stands for would be
 * missing without a word). A folder that cannot be read is a problem too, not a crash.
 */
export async function listFactFiles(dir: string): Promise<Listing> {
  const problem = (message: string): Listing => ({ ok: false, problem: whole(dir, message) });
  let root: string;
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return problem('is not a directory');
    root = await realpath(dir);
  } catch (e) {
    return problem(describeFsError(e, 'data directory'));
  }
  const files: string[] = [];
  const problems: Problem[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>([root]);
  const inside = (real: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  const walk = async (shown: string, depth: number): Promise<void> => {
    const here = await realpath(shown).catch(() => shown);
    seenDirs.add(here);
    if (depth > MAX_FOLDER_DEPTH) {
      problems.push(whole(shown, `folders nest more than ${MAX_FOLDER_DEPTH} deep here; this one is not read`));
      return;
    }
    let entries;
    try {
      entries = await readdir(shown, { withFileTypes: true });
    } catch (e) {
      problems.push(whole(shown, describeFsError(e, 'folder')));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(shown, e.name);
      if (e.isDirectory()) {
        await walk(full, depth + 1);
        continue;
      }
      const isFactName = FACT_FILE.test(e.name) && !e.name.startsWith('.');
      if (e.isFile()) {
        if (!isFactName) continue;
        let real = full;
        try {
          real = await realpath(full);
        } catch {
          // Gone since the listing: reading it will say so.
        }
        if (!seenFiles.has(real)) {
          seenFiles.add(real);
          files.push(full);
        }
        continue;
      }
      if (!e.isSymbolicLink()) continue;
      let real: string;
      try {
        real = await realpath(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (!isFactName && code !== 'ELOOP') continue;
        problems.push(
          whole(
            full,
            code === 'ENOENT'
              ? 'is a symbolic link to nothing (its target does not exist); fix or delete the link'
              : code === 'ELOOP'
                ? 'is a symbolic link that loops back on itself; delete it'
                : describeFsError(err, 'link'),
          ),
        );
        continue;
      }
      let target;
      try {
        target = await stat(real);
      } catch (err) {
        if (isFactName) problems.push(whole(full, describeFsError(err, 'link target')));
        continue;
      }
      if (target.isDirectory()) {
        if (!inside(real)) {
          problems.push(whole(full, 'is a symbolic link to a folder outside the data directory; links are followed only inside it (copy the files in)'));
        } else if (isAncestor(real, here)) {
          problems.push(whole(full, 'is a symbolic link to a folder that contains it (a loop); delete the link'));
        } else if (!seenDirs.has(real)) {
          // A folder reached twice (a link beside the folder) is read once.
          await walk(full, depth + 1);
        }
        continue;
      }
      if (!isFactName) continue;
      if (!inside(real)) {
        problems.push(whole(full, 'is a symbolic link to a file outside the data directory; links are followed only inside it (copy the file in)'));
        continue;
      }
      if (!target.isFile()) {
        problems.push(whole(full, 'is a symbolic link to something that is not a file'));
        continue;
      }
      // The same file reached twice (a link beside its target) is read once.
      if (seenFiles.has(real)) continue;
      seenFiles.add(real);
      files.push(full);
    }
  };
  await walk(dir, 0);
  files.sort();
  if (files.length > MAX_FILES) return problem(`holds ${files.length} fact files; the limit is ${MAX_FILES}`);
  return { ok: true, files, problems };
}

function isAncestor(dir: string, of: string): boolean {
  return of === dir || of.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
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
    const bytes = await readFile(file);
    // It may have grown between the two calls.
    if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, message: `file is over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit (split it into one file per report)` };
    return { ok: true, bytes };
  } catch (e) {
    const link = await lstat(file).then((s) => s.isSymbolicLink(), () => false);
    return { ok: false, message: describeFsError(e, link ? 'link target' : 'file') };
  }
}

function whole(file: string, message: string): Problem {
  return { severity: 'error', file: displayPath(file), line: 0, col: 0, path: '', message };
}

function describeFsError(e: unknown, what: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${what} not found`;
  if (code === 'EACCES' || code === 'EPERM') return `${what} cannot be read (permission denied)`;
  if (code === 'ELOOP') return `${what} is a symbolic link that loops`;
  return `${what} cannot be read (${code ?? 'unknown error'})`;
}

export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') ? p : rel;
}
