// With DATA_GIT=on and DATA_DIR inside a git work tree, each change applied from Discord is also a
// commit of that one file, authored by the moderator (a no-reply address made from their Discord
// id) and committed by the bot. The file is written before the commit is tried, so a failed commit
// (a hook, a locked index, no git) is logged and reported but never loses the change.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CommitAuthor {
  readonly id: string;
  readonly name?: string;
}

export type CommitOutcome = { readonly ok: true; readonly sha: string } | { readonly ok: false; readonly message: string };

export interface DataGit {
  /** The work tree's top folder. */
  readonly root: string;
  /** Stages the one file (a deletion too) and commits only it. */
  commit(file: string, message: string, author: CommitAuthor): Promise<CommitOutcome>;
}

const TIMEOUT_MS = 30_000;
export const BOT_COMMITTER = { name: 'Contested Figures bot', email: 'bot@contested-figures.noreply.invalid' };

/** The no-reply address a moderator's commits are authored with. */
export function noreplyEmail(userId: string): string {
  return `${userId.replace(/\D/g, '') || 'unknown'}@users.noreply.discord.invalid`;
}

/** A name git accepts in `Name <email>`: no angle brackets, no control characters. */
export function authorName(author: CommitAuthor): string {
  // eslint-disable-next-line no-control-regex
  const clean = (author.name ?? '').replace(/[<>\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? `Discord user ${author.id}` : clean.slice(0, 100);
}

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env, timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && !stderr ? error.message : '')) });
    });
  });
}

/** Git's own variables from the bot's environment would point it elsewhere; they are dropped. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** The data folder's git work tree, or undefined when it is not inside one (or git is missing). */
export async function openDataGit(dataDir: string): Promise<DataGit | undefined> {
  const dir = path.resolve(dataDir);
  const top = await run(['rev-parse', '--show-toplevel'], dir, cleanEnv());
  if (top.code !== 0) return undefined;
  const root = top.stdout.trim();
  return {
    root,
    async commit(file, message, author) {
      const rel = path.join(dir, ...file.split('/'));
      const env = cleanEnv({
        GIT_AUTHOR_NAME: authorName(author),
        GIT_AUTHOR_EMAIL: noreplyEmail(author.id),
        GIT_COMMITTER_NAME: BOT_COMMITTER.name,
        GIT_COMMITTER_EMAIL: BOT_COMMITTER.email,
      });
      const add = await run(['add', '--all', '--', rel], dir, env);
      if (add.code !== 0) return { ok: false, message: firstLine(add.stderr) || 'git add failed' };
      const commit = await run(['commit', '--quiet', '-m', message, '--', rel], dir, env);
      if (commit.code !== 0) return { ok: false, message: firstLine(commit.stderr) || firstLine(commit.stdout) || 'git commit failed' };
      const sha = await run(['rev-parse', 'HEAD'], dir, env);
      return { ok: true, sha: sha.stdout.trim() };
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}
