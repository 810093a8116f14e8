// The moderators' desk: every change to the fact files made from Discord goes through here.
//
//   preview  an upload, a figure from the /facts add form, or a revert is validated together with
//            every other file, exactly as the loader would read the result; problems come back
//            located, a valid change is described (previewChange) and kept as a pending change in
//            STATE_DIR for 15 minutes, with the target's content hash as it was previewed.
//   apply    under the apply lock (one at a time across processes): the pending change must still
//            exist and be fresh, the target must still hash as previewed, and the whole catalog
//            must still validate with it; then the file is written atomically, the trail gets a
//            record, the live store reloads, and (DATA_GIT=on) git gets a commit.
//
// Every entry point checks the caller is a moderator again, whatever the command layer did.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { buildCatalogSteps, type FileInput, type LoadResult } from '../catalog/load.ts';
import type { Problem } from '../catalog/problem.ts';
import { runSliced } from '../catalog/slices.ts';
import type { Logger } from '../log.ts';
import { silentLogger } from '../log.ts';
import { ADD_INPUTS, appendRecords, inputOfProblem, readAddForm, type AddForm, type AddInput, type FormProblem } from './add-figure.ts';
import { LockBusy, withApplyLock } from './apply-lock.ts';
import type { CatalogStore, LiveState } from './catalog-store.ts';
import { ABSENT, contentHash, displayPath, listData, listFactFiles, MAX_UPLOAD_BYTES, readListed, readTarget, resolveInside, writeTarget } from './data-files.ts';
import type { DataGit } from './data-git.ts';
import { decodeYamlText, fetchAttachment } from './fetch-attachment.ts';
import { draftContext, draftReport } from '../draft/index.ts';
import { silentModLog, type ModLog } from './mod-log.ts';
import { createPendingStore, type PendingChange, type PendingStore } from './pending.ts';
import { isEmptyPreview, previewChange, summaryLines, type ChangePreview } from './preview.ts';
import { checkRevert, createTrail, type Trail, type TrailRecord } from './trail.ts';

/** Who is acting: the interaction's caller, as the transport decided it. */
export interface Actor {
  readonly id: string;
  readonly name?: string;
  readonly guildId?: string;
  readonly isModerator: boolean;
}

export interface AttachedFile {
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly contentType?: string;
}

/** What `/facts draft` may say about a report that its text does not. */
export interface ReportOptions {
  readonly sourceUrl?: string;
  readonly published?: string;
  readonly claimant?: string;
}

/** A report to draft from: a long article saved as a page is a few hundred KiB. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

export interface DeskOptions {
  readonly dataDir: string;
  readonly stateDir: string;
  readonly logger?: Logger;
  readonly modLog?: ModLog;
  /** DATA_GIT=on and DATA_DIR in a work tree: each applied change is also a commit. */
  readonly git?: DataGit;
  /** DISCORD_API_URL, when it is not Discord's: attachments on its host may be fetched. */
  readonly apiUrl?: string;
  readonly fetch?: typeof fetch;
  readonly fetchTimeoutMs?: number;
  readonly now?: () => number;
  readonly pendingTtlMs?: number;
  /** How long Apply waits for another process's apply (default 10 s). */
  readonly lockWaitMs?: number;
}

/** At most this many located problems are kept for a reply; the count says how many there were. */
const SHOWN_PROBLEMS = 15;

export type Refusal = { readonly kind: 'refused'; readonly message: string };

export type PreviewOutcome =
  | Refusal
  | { readonly kind: 'problems'; readonly file: string; readonly problems: readonly Problem[]; readonly errorCount: number; readonly formProblems?: readonly FormProblem[] }
  | { readonly kind: 'form'; readonly problems: readonly FormProblem[] }
  | { readonly kind: 'unchanged'; readonly file: string }
  | {
      readonly kind: 'preview';
      readonly change: PendingChange;
      readonly preview: ChangePreview;
      readonly lines: readonly string[];
      /** Bytes before (undefined: a new file) and after (undefined: the file is deleted). */
      readonly sizeBefore?: number;
      readonly sizeAfter?: number;
      /** The data version the change would make. */
      readonly version: string;
    };

export type ApplyOutcome =
  | Refusal
  | { readonly kind: 'expired'; readonly expiredAt: string }
  | { readonly kind: 'stale'; readonly file: string }
  | { readonly kind: 'problems'; readonly file: string; readonly problems: readonly Problem[]; readonly errorCount: number }
  | {
      readonly kind: 'applied';
      readonly record: TrailRecord;
      /** The reload after the write: the version now served, or why it failed. */
      readonly reload: { readonly ok: true; readonly version: string } | { readonly ok: false; readonly errorCount: number };
      readonly git?: { readonly ok: true; readonly sha: string } | { readonly ok: false; readonly message: string };
    };

export interface FactsDesk {
  readonly dataDir: string;
  readonly stateDir: string;
  readonly pendingTtlMs: number;
  /** Relative names of the fact files, sorted. */
  listFiles(): Promise<string[]>;
  download(actor: Actor, name: string): Promise<Refusal | { kind: 'file'; name: string; bytes: Uint8Array }>;
  previewUpload(actor: Actor, target: string, file: AttachedFile, live: LiveState): Promise<PreviewOutcome>;
  previewAdd(actor: Actor, form: AddForm, live: LiveState): Promise<PreviewOutcome>;
  previewRevert(actor: Actor, changeId: string, live: LiveState): Promise<PreviewOutcome>;
  apply(actor: Actor, pendingId: string, store: CatalogStore | undefined): Promise<ApplyOutcome>;
  cancel(actor: Actor, pendingId: string): Promise<Refusal | { kind: 'cancelled'; file: string } | { kind: 'gone' }>;
  history(actor: Actor, limit: number): Promise<Refusal | { kind: 'history'; records: readonly TrailRecord[]; skipped: number }>;
  /** A report (text or a saved page) read into a draft fact file, checked against the data: nothing is written. */
  draft(actor: Actor, file: AttachedFile, live: LiveState, options: ReportOptions): Promise<Refusal | { kind: 'draft'; name: string; yaml: string; summary: readonly string[]; valid: boolean; proposals: number }>;
  /** Recent changes, newest first, for autocomplete (empty for anyone but a moderator). */
  recentChanges(actor: Actor, limit: number): Promise<TrailRecord[]>;
  /** The same from memory, for autocomplete, which must answer at once; refreshed in the background. */
  recentChangesCached(actor: Actor, limit: number): readonly TrailRecord[];
  /** The fact files of a loaded catalog as names inside DATA_DIR (what download and upload take). */
  fileNames(files: readonly string[]): string[];
}

export const NOT_A_MODERATOR = 'Only moderators can change the fact files: you need the Manage Server permission or one of the moderator roles.';

export function createFactsDesk(options: DeskOptions): FactsDesk {
  const { dataDir, stateDir } = options;
  const logger = options.logger ?? silentLogger;
  const modLog = options.modLog ?? silentModLog;
  const now = options.now ?? Date.now;
  const pending: PendingStore = createPendingStore({ stateDir, now, ...(options.pendingTtlMs !== undefined ? { ttlMs: options.pendingTtlMs } : {}) });
  const trail: Trail = createTrail({ stateDir, now });
  const refuse = (message: string): Refusal => ({ kind: 'refused', message });
  let recentCache: readonly TrailRecord[] = [];
  let refreshing: Promise<void> | undefined;
  const refreshRecent = (): Promise<void> =>
    (refreshing ??= trail
      .recent(25)
      .then((r) => {
        recentCache = r;
      })
      .catch(() => undefined)
      .finally(() => {
        refreshing = undefined;
      }));
  void refreshRecent();
  const who = (a: Actor) => ({ id: a.id, ...(a.name ? { name: a.name } : {}) });

  /** Every fact file as the loader would read it, with `name` replaced by `content` (or left out). */
  async function build(name: string, content: Uint8Array | undefined): Promise<{ result: LoadResult; display: string } | Refusal> {
    let listed;
    try {
      listed = await listData(dataDir);
    } catch {
      return refuse('The data folder cannot be read.');
    }
    const target = path.join(dataDir, ...name.split('/'));
    const targetReal = await realpath(target).catch(() => target);
    const inputs: FileInput[] = [];
    if (content !== undefined) inputs.push({ file: displayOf(name), bytes: content });
    for (const f of listed.files) {
      if (f.name === name) continue;
      // The target reached through a link under another name is the target too.
      if ((await realpath(f.full).catch(() => f.full)) === targetReal) continue;
      // A file the bot cannot read the way the loader does (too large, vanished) is the loader's to report.
      const bytes = await readListed(f.full);
      if (bytes !== undefined) inputs.push({ file: displayPath(f.full), bytes });
    }
    inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const result = await runSliced(buildCatalogSteps(inputs));
    // Entries the loader refuses (a broken link…) fail the load whatever the change is.
    if (listed.problems.length > 0) {
      return { result: { ok: false, errors: [...listed.problems, ...(result.ok ? [] : result.errors)], warnings: result.warnings }, display: displayOf(name) };
    }
    return { result, display: displayOf(name) };
  }

  function displayOf(rel: string): string {
    return displayPath(path.join(dataDir, ...rel.split('/')));
  }

  /** The shared step of every preview: validate, describe, keep. */
  async function preview(actor: Actor, kind: PendingChange['kind'], name: string, content: string | null, live: LiveState, extra: { revertOf?: string; onProblems?: (p: readonly Problem[], display: string) => FormProblem[] } = {}): Promise<PreviewOutcome> {
    const current = await readTarget(dataDir, name);
    if (!current.ok) return refuse(current.message);
    const bytes = content === null ? undefined : new TextEncoder().encode(content);
    if (bytes !== undefined && bytes.byteLength > MAX_UPLOAD_BYTES) return refuse(`The new \`${name}\` would be larger than ${MAX_UPLOAD_BYTES / 1024} KiB; split it into one file per report.`);
    if (contentHash(bytes) === contentHash(current.bytes)) return { kind: 'unchanged', file: name };
    const built = await build(name, bytes);
    if ('kind' in built) return built;
    const { result, display } = built;
    if (!result.ok) {
      const what = kind === 'add' ? `a figure from /facts add for ${'`'}${name}${'`'}` : kind === 'revert' ? `a revert of ${'`'}${name}${'`'}` : `an upload of ${'`'}${name}${'`'}`;
      modLog.post({ kind: 'rejected', what: `${what} by ${actor.name ?? actor.id}`, problems: result.errors, errorCount: result.errors.length, ...(live.catalog.version ? { serving: live.catalog.version } : {}) });
      const formProblems = extra.onProblems?.(result.errors, display);
      return { kind: 'problems', file: name, problems: result.errors.slice(0, SHOWN_PROBLEMS), errorCount: result.errors.length, ...(formProblems ? { formProblems } : {}) };
    }
    const described = previewChange({ catalog: live.catalog, warnings: live.warnings }, { catalog: result.catalog, warnings: result.warnings });
    const lines = summaryLines(described);
    if (isEmptyPreview(described) && lines.length === 0) lines.push(`(no figures or records change; the text of ${name} does)`);
    let change: PendingChange;
    try {
      change = await pending.save({
        kind,
        file: name,
        baseHash: contentHash(current.bytes),
        content,
        summary: lines.slice(0, 200),
        createdBy: who(actor),
        ...(actor.guildId ? { guildId: actor.guildId } : {}),
        ...(extra.revertOf ? { revertOf: extra.revertOf } : {}),
      });
    } catch (error) {
      logger.error('cannot keep a pending change in the state folder', { dir: stateDir, error });
      return refuse('The bot cannot write its state folder (STATE_DIR), so it cannot keep this preview; nothing was changed. It has been logged.');
    }
    return {
      kind: 'preview',
      change,
      preview: described,
      lines,
      ...(current.bytes ? { sizeBefore: current.bytes.byteLength } : {}),
      ...(bytes ? { sizeAfter: bytes.byteLength } : {}),
      version: result.catalog.version,
    };
  }

  const desk: FactsDesk = {
    dataDir,
    stateDir,
    pendingTtlMs: pending.ttlMs,
    listFiles: () => listFactFiles(dataDir).catch(() => []),

    async draft(actor, file, live, opts) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      if (file.size > MAX_REPORT_BYTES) return refuse(`The report is ${(file.size / 1024).toFixed(0)} KiB; the limit is ${MAX_REPORT_BYTES / 1024} KiB.`);
      const fetched = await fetchAttachment(file.url, {
        maxBytes: MAX_REPORT_BYTES,
        timeoutMs: options.fetchTimeoutMs ?? 10_000,
        ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      if (!fetched.ok) return refuse(fetched.message);
      const text = new TextDecoder('utf-8').decode(fetched.bytes);
      let listed;
      try {
        listed = await listData(dataDir);
      } catch {
        return refuse('The data folder cannot be read.');
      }
      const inputs: FileInput[] = [];
      for (const f of listed.files) {
        const bytes = await readListed(f.full);
        if (bytes !== undefined) inputs.push({ file: displayPath(f.full), bytes });
      }
      const base = file.filename.replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'report';
      const name = `draft-${base}.yaml`;
      const run = draftReport(draftContext(live.catalog, live.index), inputs, text, {
        draftName: displayOf(name),
        input: file.filename,
        schemaPath: './schema/fact-file.schema.json',
        ...(opts.sourceUrl !== undefined ? { sourceUrl: opts.sourceUrl } : {}),
        ...(opts.published !== undefined ? { published: opts.published } : {}),
        ...(opts.claimant !== undefined ? { claimant: opts.claimant } : {}),
      });
      return { kind: 'draft', name, yaml: run.yaml, summary: run.summary, valid: run.valid, proposals: run.reading.proposals.length };
    },

    async download(actor, name) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const read = await readTarget(dataDir, name);
      if (!read.ok) return refuse(read.message);
      if (read.bytes === undefined) return refuse(`There is no \`${read.name}\` in the data folder.`);
      return { kind: 'file', name: read.name, bytes: read.bytes };
    },

    async previewUpload(actor, target, file, live) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const where = await resolveInside(dataDir, target);
      if (!where.ok) return refuse(where.message);
      if (!/\.ya?ml$/i.test(file.filename)) return refuse(`\`${clean(file.filename)}\` is not a YAML file: attach a \`.yaml\` file.`);
      if (file.contentType !== undefined && !/yaml|^text\/|octet-stream|json/i.test(file.contentType)) return refuse(`The attachment is ${clean(file.contentType)}, not YAML text.`);
      if (file.size > MAX_UPLOAD_BYTES) return refuse(`The attachment is ${(file.size / 1024).toFixed(0)} KiB; the limit is ${MAX_UPLOAD_BYTES / 1024} KiB. Split it into one file per report.`);
      const fetched = await fetchAttachment(file.url, {
        maxBytes: MAX_UPLOAD_BYTES,
        timeoutMs: options.fetchTimeoutMs ?? 10_000,
        ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      if (!fetched.ok) return refuse(fetched.message);
      const text = decodeYamlText(fetched.bytes);
      if (!text.ok) return refuse(text.message);
      return preview(actor, 'upload', where.name, text.text, live);
    },

    async previewAdd(actor, form, live) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const files = await listFactFiles(dataDir).catch(() => [] as string[]);
      const byDisplay = new Map(files.map((rel) => [displayOf(rel), rel]));
      const read = readAddForm(form, { catalog: live.catalog, fileOfSource: (id) => byDisplay.get(live.catalog.origins.get(id)?.file ?? '') });
      if (!read.ok) return { kind: 'form', problems: read.problems };
      const { figure } = read;
      const current = await readTarget(dataDir, figure.file);
      if (!current.ok) return { kind: 'form', problems: [{ input: 'source', message: current.message }] };
      const depth = figure.file.split('/').length - 1;
      let appended;
      try {
        appended = appendRecords(current.bytes === undefined ? undefined : new TextDecoder().decode(current.bytes), { ...(figure.source ? { sources: [figure.source] } : {}), facts: [figure.fact] }, `${depth === 0 ? './' : '../'.repeat(depth)}schema/fact-file.schema.json`);
      } catch (error) {
        return { kind: 'form', problems: [{ input: 'source', message: `\`${figure.file}\` cannot be extended from Discord (${(error as Error).message}); use /facts upload.` }] };
      }
      return preview(actor, 'add', figure.file, appended.text, live, {
        onProblems: (problems, display) =>
          problems.flatMap((p) => {
            const input = inputOfProblem(p, display, appended);
            return input ? [{ input, message: p.message }] : [];
          }),
      });
    },

    async previewRevert(actor, changeId, live) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const { records } = await trail.read();
      const change = records.find((r) => r.id === changeId.trim());
      if (!change) return refuse(`There is no change \`${clean(changeId)}\` in the trail; \`/facts history\` lists them.`);
      const current = await readTarget(dataDir, change.file);
      if (!current.ok) return refuse(current.message);
      const check = checkRevert(records, change, contentHash(current.bytes));
      if (!check.ok) {
        if (check.reason === 'later-change') {
          const b = check.blocking;
          return refuse(`\`${change.file}\` has changed since: change \`${b.id}\` by ${b.user.name ?? b.user.id} (${b.at}) is in the way. Revert that one first.`);
        }
        return refuse(`\`${change.file}\` no longer holds what change \`${change.id}\` left: it was edited outside the bot since${check.latest ? ` (the last change from Discord was \`${check.latest.id}\`)` : ''}. Download it and upload the fix instead.`);
      }
      return preview(actor, 'revert', change.file, change.previous, live, { revertOf: change.id });
    },

    async apply(actor, id, store) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const first = await pending.get(id);
      if (first.status === 'unknown') return refuse(GONE);
      if (first.status === 'expired') return { kind: 'expired', expiredAt: first.change.expiresAt };
      if (first.change.guildId !== undefined && first.change.guildId !== actor.guildId) return refuse('That preview was made in another server.');
      let applied: { record: TrailRecord; git?: { ok: true; sha: string } | { ok: false; message: string } } | ApplyOutcome;
      try {
        applied = await withApplyLock(
          stateDir,
          async (): Promise<typeof applied> => {
            // Read again under the lock: another process may have applied or cancelled it meanwhile.
            const again = await pending.get(id);
            if (again.status === 'unknown') return refuse(GONE);
            if (again.status === 'expired') return { kind: 'expired', expiredAt: again.change.expiresAt };
            const change = again.change;
            const current = await readTarget(dataDir, change.file);
            if (!current.ok) return refuse(current.message);
            if (contentHash(current.bytes) !== change.baseHash) return { kind: 'stale', file: change.file };
            const bytes = change.content === null ? undefined : new TextEncoder().encode(change.content);
            const built = await build(change.file, bytes);
            if ('kind' in built) return built;
            if (!built.result.ok) return { kind: 'problems', file: change.file, problems: built.result.errors.slice(0, SHOWN_PROBLEMS), errorCount: built.result.errors.length };
            try {
              await writeTarget(dataDir, change.file, bytes);
            } catch (error) {
              logger.error('could not write a fact file from Discord', { file: change.file, error });
              return refuse(`\`${change.file}\` could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}; is the data folder read-only?), so nothing was changed. It has been logged.`);
            }
            let record: TrailRecord;
            try {
              record = await trail.append({
                user: who(actor),
                ...(actor.guildId ? { guildId: actor.guildId } : {}),
                action: change.kind,
                file: change.file,
                summary: change.summary,
                before: contentHash(current.bytes),
                after: contentHash(bytes),
                previous: current.bytes === undefined ? null : new TextDecoder().decode(current.bytes),
                ...(change.revertOf ? { revertOf: change.revertOf } : {}),
                dataVersion: built.result.catalog.version,
              });
            } catch (error) {
              // Every applied change has its trail record: without one, the change is undone.
              await writeTarget(dataDir, change.file, current.bytes).catch((undo: unknown) => logger.error('could not undo a change whose trail record failed', { file: change.file, error: undo }));
              logger.error('could not append to the trail; the change was undone', { file: change.file, error });
              return refuse('The trail in the state folder could not be written, so the change was undone and nothing changed. It has been logged.');
            }
            await pending.remove(id).catch(() => undefined);
            const git = options.git ? await commitChange(options.git, record, actor) : undefined;
            return { record, ...(git ? { git } : {}) };
          },
          { now, ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}) },
        );
      } catch (error) {
        if (error instanceof LockBusy) return refuse('Another change is being applied right now; press Apply again in a moment.');
        // Nothing above writes before its own checks pass; a failure here left the data as it was.
        logger.error('could not apply a change from Discord', { pending: id, error });
        return refuse('The change could not be applied (the state folder may not be writable); nothing was written. It has been logged.');
      }
      if ('kind' in applied) return applied;
      const { record, git } = applied;
      recentCache = [record, ...recentCache.filter((r) => r.id !== record.id)].slice(0, 25);
      logger.info('fact file changed from Discord', { change: record.id, action: record.action, file: record.file, user: record.user.id });
      const reloaded = store ? await store.reload(`/facts ${record.action} ${record.id} by ${actor.id}`) : undefined;
      const reload = reloaded === undefined ? { ok: true as const, version: record.dataVersion ?? '?' } : reloaded.ok ? { ok: true as const, version: reloaded.state.catalog.version } : { ok: false as const, errorCount: reloaded.failure.errorCount };
      const gitNote = git && !git.ok ? `⚠️ The git commit failed (${git.message}); the change is applied and in the trail.` : undefined;
      modLog.post({ kind: 'applied', record, ...(gitNote ? { note: gitNote } : {}) });
      return { kind: 'applied', record, reload, ...(git ? { git } : {}) };
    },

    async cancel(actor, id) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const found = await pending.get(id);
      if (found.status === 'unknown') return { kind: 'gone' };
      if (found.change.guildId !== undefined && found.change.guildId !== actor.guildId) return refuse('That preview was made in another server.');
      await pending.remove(id);
      return { kind: 'cancelled', file: found.change.file };
    },

    async history(actor, limit) {
      if (!actor.isModerator) return refuse(NOT_A_MODERATOR);
      const { records, skipped } = await trail.read();
      return { kind: 'history', records: [...records].reverse().slice(0, limit), skipped };
    },

    async recentChanges(actor, limit) {
      if (!actor.isModerator) return [];
      return trail.recent(limit).catch(() => []);
    },

    recentChangesCached(actor, limit) {
      if (!actor.isModerator) return [];
      void refreshRecent();
      return recentCache.slice(0, limit);
    },

    fileNames(files) {
      const prefix = `${displayPath(path.resolve(dataDir))}${path.sep}`;
      const alt = `${displayPath(dataDir)}${path.sep}`;
      return files.flatMap((f) => {
        const rel = f.startsWith(prefix) ? f.slice(prefix.length) : f.startsWith(alt) ? f.slice(alt.length) : undefined;
        return rel === undefined ? [] : [rel.split(path.sep).join('/')];
      });
    },
  };

  async function commitChange(git: DataGit, record: TrailRecord, actor: Actor): Promise<{ ok: true; sha: string } | { ok: false; message: string }> {
    const verb = record.action === 'revert' ? `Revert ${record.revertOf ?? ''} in` : record.action === 'add' ? 'Add a figure to' : 'Update';
    const message = [`${verb} ${record.file} from Discord`, '', ...record.summary.slice(0, 50), '', `Trail: ${record.id}`, `Discord user: ${actor.id}`].join('\n');
    try {
      const outcome = await git.commit(record.file, message, who(actor));
      if (!outcome.ok) logger.error('the git commit of a change from Discord failed; the change is applied', { change: record.id, message: outcome.message });
      return outcome;
    } catch (error) {
      logger.error('the git commit of a change from Discord failed; the change is applied', { change: record.id, error });
      return { ok: false, message: 'git could not be run' };
    }
  }

  return desk;
}

export const GONE = 'That preview is no longer pending: it was applied or cancelled already, or it is more than a day old. Run the command again for a new preview.';

export { ABSENT, ADD_INPUTS };
export type { AddForm, AddInput, FormProblem };

/** A file name or type from an attachment, safe inside inline code. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[`\u0000-\u001f\u007f]/g, '').slice(0, 100);
}

export interface OpenDeskOptions {
  readonly dataDir: string;
  readonly stateDir: string;
  /** DATA_GIT=on: commit each applied change when DATA_DIR is inside a git work tree. */
  readonly dataGit: boolean;
  /** DISCORD_API_URL. */
  readonly apiUrl: string;
  readonly logger: Logger;
  readonly modLog?: ModLog;
}

/** The desk as the transports start it: the configuration read, git looked for when asked. */
export async function openFactsDesk(options: OpenDeskOptions): Promise<FactsDesk> {
  let git: DataGit | undefined;
  if (options.dataGit) {
    const { openDataGit } = await import('./data-git.ts');
    git = await openDataGit(options.dataDir);
    if (git) options.logger.info('changes from Discord are committed to git', { root: git.root });
    else options.logger.warn('DATA_GIT is on, but the data folder is not inside a git work tree (or git is missing): changes are not committed', { dir: options.dataDir });
  }
  return createFactsDesk({
    dataDir: options.dataDir,
    stateDir: options.stateDir,
    logger: options.logger,
    apiUrl: options.apiUrl,
    ...(options.modLog ? { modLog: options.modLog } : {}),
    ...(git ? { git } : {}),
  });
}
