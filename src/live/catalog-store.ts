// The live catalog: the one mutable thing in the bot. It holds an immutable snapshot (catalog and
// its search index, built together) and replaces it whole, only after a new load has validated
// completely; a broken edit leaves the last good snapshot serving and is remembered for
// /facts status. Transport-neutral: the gateway client and the HTTP endpoint both read it.
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { listFactFiles, type LoadResult } from '../catalog/load.ts';
import { loadCatalogOffThread } from '../catalog/off-thread.ts';
import { formatProblem, type Problem } from '../catalog/problem.ts';
import { runSliced } from '../catalog/slices.ts';
import { buildSearchIndexSteps, type SearchIndex } from '../search/index.ts';
import { silentLogger, type Logger } from '../log.ts';

/** What a handler reads, once per interaction: never changes after it is published. */
export interface LiveState {
  readonly catalog: Catalog;
  readonly index: SearchIndex;
  readonly loadedAt: Date;
  readonly warnings: readonly Problem[];
}

export interface LoadFailure {
  readonly at: Date;
  /** Why the attempt was made: "startup", "watch", "/facts reload by 123…". */
  readonly trigger: string;
  /** The first few errors, located (file:line:col). */
  readonly problems: readonly Problem[];
  readonly errorCount: number;
}

export interface StoreStatus {
  readonly dir: string;
  readonly version?: string;
  readonly counts?: { readonly entities: number; readonly sources: number; readonly facts: number; readonly files: number };
  readonly loadedAt?: Date;
  readonly warnings: number;
  readonly lastAttemptAt?: Date;
  /** The last failed load, kept until a later load succeeds. */
  readonly lastError?: LoadFailure;
  readonly watching: boolean;
  readonly reloads: number;
}

export type ReloadOutcome =
  | { readonly ok: true; readonly changed: boolean; readonly state: LiveState }
  | { readonly ok: false; readonly failure: LoadFailure; readonly serving?: LiveState };

export interface CatalogStore {
  /** The snapshot being served; undefined only before the first successful load. */
  current(): LiveState | undefined;
  /** Like current(), for callers that ran after a successful start. Throws if nothing is loaded. */
  require(): LiveState;
  /**
   * Loads to the side and swaps in on success. Concurrent calls share one load in flight and, when
   * a change arrives meanwhile, one more after it, so the newest files always get loaded.
   */
  reload(trigger?: string): Promise<ReloadOutcome>;
  /**
   * Watches the data directory and reloads on changes, once the files have settled (unchanged for
   * `settleMs`). Keeps watching when the directory is renamed away and back, deleted and
   * recreated, or replaced. Idempotent.
   */
  watch(): void;
  status(): StoreStatus;
  /** Stops watching and pending debounces. */
  close(): void;
}

export interface CatalogStoreOptions {
  dir: string;
  logger?: Logger;
  /** Injectable for tests; defaults to the real loader and index builder. */
  load?: (dir: string) => Promise<LoadResult>;
  buildIndex?: (catalog: Catalog) => SearchIndex | Promise<SearchIndex>;
  /** Quiet after the last file event before the files are looked at (default 300 ms). */
  debounceMs?: number;
  /**
   * A changed file goes live only once every fact file has stayed the same (size and time) for
   * this long, and still is after it was read (default SETTLE_MS). An editor or sync tool writing
   * a file in pieces is never caught half-way unless it pauses longer than this.
   */
  settleMs?: number;
  /** How often the watch checks that the directory it watches is still the one named (default 2 s). */
  watchCheckMs?: number;
  now?: () => Date;
  /** How many located errors to keep for status. */
  keepProblems?: number;
  /** Told each load attempt's outcome (the metrics count reloads and rejected edits); must not throw. */
  onLoad?: (outcome: ReloadOutcome) => void;
}

const FACT_FILE = /\.ya?ml$/i;

export const SETTLE_MS = 1_000;

export function createCatalogStore(options: CatalogStoreOptions): CatalogStore {
  const logger = options.logger ?? silentLogger;
  // A running bot keeps answering while it reloads: the files are read and validated in a worker
  // thread (src/catalog/off-thread.ts), and the catalog's maps and the search index are built here
  // in slices that give the event loop back every few milliseconds.
  const load = options.load ?? ((dir: string) => loadCatalogOffThread(dir));
  const buildIndex = options.buildIndex ?? ((catalog: Catalog) => runSliced(buildSearchIndexSteps(catalog)));
  const debounceMs = options.debounceMs ?? 300;
  const settleMs = options.settleMs ?? SETTLE_MS;
  const watchCheckMs = options.watchCheckMs ?? 2_000;
  const dir = path.resolve(options.dir);
  const now = options.now ?? (() => new Date());
  const keep = options.keepProblems ?? 5;

  let state: LiveState | undefined;
  let lastError: LoadFailure | undefined;
  let lastAttemptAt: Date | undefined;
  let reloads = 0;
  let inFlight: Promise<ReloadOutcome> | undefined;
  let queued: { promise: Promise<ReloadOutcome>; trigger: string } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // The watch: the directory itself (recursive), its parent (for the directory's own name: renamed,
  // deleted, replaced), and a periodic check that the one watched is still the one named.
  let watchWanted = false;
  let watcher: FSWatcher | undefined;
  let parentWatcher: FSWatcher | undefined;
  let armedAs: string | undefined;
  let check: NodeJS.Timeout | undefined;
  let rearm: NodeJS.Timeout | undefined;
  // Settling: the files' sizes and times, and since when they have been so.
  let settling: { signature: string; since: number } | undefined;
  let pendingTrigger: string | undefined;

  async function attempt(trigger: string, settled?: string): Promise<ReloadOutcome> {
    lastAttemptAt = now();
    let result: LoadResult;
    let index: SearchIndex | undefined;
    try {
      result = await load(options.dir);
      if (settled !== undefined && (await signature()) !== settled) {
        // A file changed while it was being read: what was read may be half of it. Nothing is
        // swapped in or reported; the files are looked at again once they settle.
        logger.debug('fact files changed while being read; waiting for them to settle', { trigger });
        schedule(trigger);
        return state ? { ok: true, changed: false, state } : { ok: false, failure: { at: now(), trigger, problems: [], errorCount: 0 } };
      }
      // The index is built before the swap, so readers never see a catalog without its index.
      if (result.ok) index = await buildIndex(result.catalog);
    } catch (err) {
      // The loader promises not to throw on bad data; anything else is still not a reason to crash.
      result = { ok: false, errors: [{ severity: 'error', file: options.dir, line: 0, col: 0, path: '', message: `loading failed: ${String(err).split('\n')[0]}` }], warnings: [] };
    }
    if (!result.ok || index === undefined) {
      const errors = result.ok ? [] : result.errors;
      const errorCount = result.ok ? 0 : (result.errorCount ?? errors.length);
      const failure: LoadFailure = { at: now(), trigger, problems: errors.slice(0, keep), errorCount };
      lastError = failure;
      logger.error('fact files rejected; still serving the last good catalog', {
        trigger,
        errors: errorCount,
        first: errors.slice(0, keep).map(formatProblem),
        serving: state?.catalog.version ?? null,
      });
      return state ? { ok: false, failure, serving: state } : { ok: false, failure };
    }
    const changed = state?.catalog.version !== result.catalog.version;
    lastError = undefined;
    if (changed) {
      state = Object.freeze({ catalog: result.catalog, index, loadedAt: now(), warnings: result.warnings });
      reloads += 1;
      logger.info('catalog loaded', {
        trigger,
        version: result.catalog.version,
        facts: result.catalog.facts.length,
        files: result.catalog.files.length,
        warnings: result.warnings.length,
      });
    } else {
      logger.debug('fact files unchanged', { trigger, version: result.catalog.version });
    }
    return { ok: true, changed, state: state! };
  }

  function reload(trigger = 'manual', settled?: string): Promise<ReloadOutcome> {
    // /facts reload (or any reload) also puts back a watch that lost its directory.
    if (watchWanted && !closed && !watchIsLive()) arm();
    if (!inFlight) {
      inFlight = attempt(trigger, settled)
        .then((outcome) => {
          try {
            options.onLoad?.(outcome);
          } catch (error) {
            logger.warn('a load listener failed', { error });
          }
          return outcome;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    }
    // A load is running and may have read the files before this change: run one more after it.
    if (!queued) {
      const promise = inFlight.then(() => {
        queued = undefined;
        return reload(trigger, settled);
      });
      queued = { promise, trigger };
    }
    return queued.promise;
  }

  /** A file event: look at the files once events have been quiet for debounceMs. */
  function schedule(trigger: string): void {
    if (closed) return;
    pendingTrigger = trigger;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void settle(), debounceMs);
    timer.unref();
  }

  /** Reloads once the files have stayed the same for settleMs; until then, looks again. */
  async function settle(): Promise<void> {
    timer = undefined;
    if (closed) return;
    const current = await signature();
    if (closed || timer) return; // closed, or a newer event restarted the wait
    const at = Date.now();
    if (settling === undefined || settling.signature !== current) {
      settling = { signature: current, since: at };
      timer = setTimeout(() => void settle(), settleMs);
      timer.unref();
      return;
    }
    if (at - settling.since < settleMs) {
      timer = setTimeout(() => void settle(), settleMs - (at - settling.since));
      timer.unref();
      return;
    }
    settling = undefined;
    void reload(pendingTrigger ?? 'watch', current);
  }

  /** Every fact file's path, size and modification time: what "unchanged" means here. */
  async function signature(): Promise<string> {
    const listed = await listFactFiles(dir);
    if (!listed.ok) return `!${listed.problem.message}`;
    const parts: string[] = [];
    for (const f of listed.files) {
      try {
        const st = await stat(f);
        parts.push(`${f}\0${st.size}\0${st.mtimeMs}`);
      } catch {
        parts.push(`${f}\0gone`);
      }
    }
    for (const p of listed.problems) parts.push(`${p.file}\0${p.message}`);
    return parts.join('\n');
  }

  function identity(): string | undefined {
    try {
      const st = statSync(dir);
      return st.isDirectory() ? `${st.dev}:${st.ino}` : undefined;
    } catch {
      return undefined;
    }
  }

  function watchIsLive(): boolean {
    return watcher !== undefined && armedAs !== undefined && identity() === armedAs;
  }

  function disarm(): void {
    watcher?.close();
    watcher = undefined;
    armedAs = undefined;
  }

  /** (Re)starts the recursive watch on the directory now at `dir`; false when there is none. */
  function arm(): boolean {
    disarm();
    const id = identity();
    if (id === undefined) return false;
    try {
      const w = fsWatch(dir, { recursive: true, persistent: false }, (_event, filename) => {
        const name = filename === null ? null : String(filename);
        // Editors' swap and backup files are noise; a directory event (no extension) may be a rename.
        if (name !== null && !FACT_FILE.test(name) && /\.[^/\\]+$/.test(name)) return;
        schedule(`watch${name ? ` (${name})` : ''}`);
      });
      w.on('error', (err) => {
        if (watcher !== w) return;
        logger.warn('watching the data directory failed; trying again', { dir: options.dir, error: err });
        disarm();
        scheduleRearm();
      });
      watcher = w;
      armedAs = id;
      return true;
    } catch (err) {
      logger.error('cannot watch the data directory; use /facts reload', { dir: options.dir, error: err });
      return false;
    }
  }

  /** The directory's own name came and went in its parent: watch whatever is there now. */
  function scheduleRearm(): void {
    if (closed || rearm) return;
    rearm = setTimeout(() => {
      rearm = undefined;
      verifyWatch();
    }, debounceMs);
    rearm.unref();
  }

  /**
   * Puts the watch back on the directory named `dir` when it is not on it: a watch follows the
   * folder it was started on, so after `mv data data.old` (and back), or `rm -rf data && cp -r
   * backup data`, it would hear nothing more. A directory that came back is loaded again.
   */
  function verifyWatch(): void {
    if (closed || !watchWanted) return;
    const id = identity();
    if (id !== undefined && watcher !== undefined && id === armedAs && !parentSawChange) return;
    parentSawChange = false;
    const was = armedAs;
    if (id === undefined) {
      if (was !== undefined) logger.warn('the data directory is gone; watching for it to come back', { dir: options.dir });
      disarm();
      return;
    }
    if (arm()) {
      logger.info('watching the data directory again', { dir: options.dir });
      schedule('watch (the data directory was replaced or moved back)');
    }
  }
  let parentSawChange = false;

  function watchParent(): void {
    const parent = path.dirname(dir);
    if (parent === dir) return;
    const name = path.basename(dir);
    try {
      parentWatcher = fsWatch(parent, { persistent: false }, (_event, filename) => {
        if (filename !== null && String(filename) !== name) return;
        parentSawChange = true;
        scheduleRearm();
      });
      parentWatcher.on('error', () => {
        parentWatcher?.close();
        parentWatcher = undefined;
      });
    } catch {
      // The periodic check still notices a replaced directory, only less quickly.
    }
  }

  return {
    current: () => state,
    require() {
      if (!state) throw new Error('no catalog loaded');
      return state;
    },
    reload,
    watch() {
      if (watchWanted || closed) return;
      watchWanted = true;
      if (arm()) logger.info('watching the data directory', { dir: options.dir });
      else logger.warn('the data directory is not there to watch; watching for it to appear', { dir: options.dir });
      watchParent();
      check = setInterval(verifyWatch, watchCheckMs);
      check.unref();
    },
    status() {
      const s = state;
      return {
        dir: options.dir,
        ...(s
          ? {
              version: s.catalog.version,
              counts: { entities: s.catalog.entities.size, sources: s.catalog.sources.size, facts: s.catalog.facts.length, files: s.catalog.files.length },
              loadedAt: s.loadedAt,
            }
          : {}),
        warnings: s?.warnings.length ?? 0,
        ...(lastAttemptAt ? { lastAttemptAt } : {}),
        ...(lastError ? { lastError } : {}),
        // Never "yes" while blind: the watch must be on the directory that `dir` names now.
        watching: watchIsLive(),
        reloads,
      };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (rearm) clearTimeout(rearm);
      rearm = undefined;
      if (check) clearInterval(check);
      check = undefined;
      disarm();
      parentWatcher?.close();
      parentWatcher = undefined;
    },
  };
}
