// The fact files as moderators change them from Discord: which names may be written, where they
// resolve, what they hold (content hashes), and the write itself. Everything that writes under
// DATA_DIR goes through here, and nothing here writes anywhere else.
//
// A target name is confined in two steps. `confineName` is pure: a relative path of plain
// segments (letters, digits, `.`, `_`, `-`; no `..`, no hidden segment, no absolute path, no
// backslash), ending in `.yaml`. `resolveInside` then walks the real directories: every existing
// part of the path must be a real directory or file inside DATA_DIR, never a symbolic link, so a
// link planted in the data folder cannot carry a write outside it. Writes go to a hidden temporary
// file in the same directory (the loader and the watcher skip hidden and non-YAML names), then a
// rename, so the watcher never sees half a file.
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, listFactFiles as listLoaderFiles } from '../catalog/load.ts';
import { MAX_FILE_BYTES } from '../catalog/parse-file.ts';
import type { Problem } from '../catalog/problem.ts';

/** What a change from Discord may write: far below the loader's own limit per file. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
const MAX_NAME_LENGTH = 200;
const MAX_DEPTH = 4;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export type Confined = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/**
 * A target name as a moderator typed it → the one relative path (forward slashes) it may mean, or
 * why not. Pure, so the rule is tested on its own; `resolveInside` checks the file system.
 */
export function confineName(input: string): Confined {
  const refuse = (message: string): Confined => ({ ok: false, message });
  const name = input.trim();
  if (name === '') return refuse('Name a file, such as `cjtf-oir/2020-02-13.yaml`.');
  if (name.length > MAX_NAME_LENGTH) return refuse(`The file name is too long (at most ${MAX_NAME_LENGTH} characters).`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return refuse('The file name holds control characters.');
  if (name.includes('\\')) return refuse('Use forward slashes (`/`) in file names.');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return refuse('Give a path inside the data folder, not an absolute one.');
  const segments = name.split('/');
  for (const s of segments) {
    if (s === '' ) return refuse('The file name has an empty folder (`//` or a trailing `/`).');
    if (s === '.' || s === '..') return refuse('`.` and `..` are not allowed in file names: give the path inside the data folder.');
    if (s.startsWith('.')) return refuse('Hidden files and folders (starting with `.`) are not read by the bot.');
    if (!SEGMENT.test(s)) return refuse('File and folder names may use letters, digits, `.`, `_` and `-` only.');
  }
  if (segments.length > MAX_DEPTH) return refuse(`The file is nested too deeply (at most ${MAX_DEPTH} levels).`);
  if (!/\.yaml$/.test(name)) return refuse('Only `.yaml` files can be written (lower-case extension).');
  if (segments.at(-1) === '.yaml') return refuse('Give the file a name before `.yaml`.');
  return { ok: true, name: segments.join('/') };
}

export type Resolved =
  | { readonly ok: true; readonly name: string; readonly absolute: string; readonly exists: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * A confined name → its absolute path under the real data directory, checking every part that
 * exists: directories must be real directories, the file a regular file, and none of them a
 * symbolic link. A file that does not exist yet is fine (a new file); its folders are created on
 * write, under the same rule.
 */
export async function resolveInside(dataDir: string, input: string): Promise<Resolved> {
  const confined = confineName(input);
  if (!confined.ok) return confined;
  let root: string;
  try {
    root = await realpath(dataDir);
  } catch {
    return { ok: false, message: 'The data folder cannot be read.' };
  }
  const segments = confined.name.split('/');
  let at = root;
  for (let i = 0; i < segments.length; i++) {
    at = path.join(at, segments[i]!);
    const last = i === segments.length - 1;
    let st;
    try {
      st = await lstat(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, name: confined.name, absolute: path.join(root, ...segments), exists: false };
      return { ok: false, message: `\`${confined.name}\` cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
    if (st.isSymbolicLink()) return { ok: false, message: `\`${segments.slice(0, i + 1).join('/')}\` is a symbolic link; the bot only writes real files inside the data folder.` };
    if (!last && !st.isDirectory()) return { ok: false, message: `\`${segments.slice(0, i + 1).join('/')}\` is not a folder.` };
    if (last && !st.isFile()) return { ok: false, message: `\`${confined.name}\` is not a regular file.` };
  }
  if (!isInside(root, at)) return { ok: false, message: 'That file is outside the data folder.' };
  return { ok: true, name: confined.name, absolute: at, exists: true };
}

/** True when `target` is `root` itself or below it (both absolute, normalised). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** sha256 of a file's bytes, or of nothing: `absent` stands for a file that does not exist. */
export const ABSENT = 'absent';
export function contentHash(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? ABSENT : createHash('sha256').update(bytes).digest('hex');
}

/** The file's bytes (undefined when it does not exist), refusing anything but a regular file. */
export async function readTarget(dataDir: string, name: string): Promise<{ ok: true; bytes: Uint8Array | undefined; name: string } | { ok: false; message: string }> {
  const r = await resolveInside(dataDir, name);
  if (!r.ok) return r;
  if (!r.exists) return { ok: true, bytes: undefined, name: r.name };
  const st = await stat(r.absolute);
  if (st.size > MAX_FILE_BYTES) return { ok: false, message: `\`${r.name}\` is larger than the loader accepts.` };
  return { ok: true, bytes: await readFile(r.absolute), name: r.name };
}

/** The fact files the loader would read, and the entries it would refuse (a broken link…). */
export interface Listed {
  /** Paths as the loader names them (the data folder as given, joined), and the same relative to it. */
  readonly files: readonly { readonly full: string; readonly name: string }[];
  readonly problems: readonly Problem[];
}

/**
 * The fact files exactly as the loader lists them (src/catalog/load.ts: hidden names skipped,
 * links followed only inside the folder, each file once), with names relative to the data folder.
 */
export async function listData(dataDir: string): Promise<Listed> {
  const listed = await listLoaderFiles(dataDir);
  if (!listed.ok) return { files: [], problems: [listed.problem] };
  const files = listed.files.map((full) => ({ full, name: path.relative(dataDir, full).split(path.sep).join('/') }));
  return { files, problems: listed.problems };
}

/** The fact files' names relative to the data folder, sorted (what download and upload take). */
export async function listFactFiles(dataDir: string): Promise<string[]> {
  return (await listData(dataDir)).files.map((f) => f.name);
}

/** A file `listData` named (links inside the folder followed), bounded as the loader bounds it. */
export async function readListed(abs: string): Promise<Uint8Array | undefined> {
  try {
    const st = await stat(abs);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return await readFile(abs);
  } catch {
    return undefined;
  }
}

/**
 * Writes `bytes` to the confined name (creating its folders), or deletes it when `bytes` is
 * undefined. Atomic: a hidden temporary file in the same folder, synced, then renamed over the
 * target. Re-checks confinement first, so a link planted since the preview is refused.
 */
export async function writeTarget(dataDir: string, name: string, bytes: Uint8Array | undefined): Promise<void> {
  const r = await resolveInside(dataDir, name);
  if (!r.ok) throw new Error(r.message);
  if (bytes === undefined) {
    if (r.exists) await rm(r.absolute);
    return;
  }
  const dir = path.dirname(r.absolute);
  await mkdir(dir, { recursive: true });
  // mkdir may have made folders: check again that none of them is, or became, a link.
  const again = await resolveInside(dataDir, name);
  if (!again.ok) throw new Error(again.message);
  const tmp = path.join(dir, `.${path.basename(r.absolute)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, r.absolute);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** How the loader names a file in its messages (relative to the working directory when inside it). */
export { displayPath };
