// The live catalog: the one mutable thing in the bot. It holds an immutable snapshot (catalog and
// its search index, built together) and replaces it whole, only after a new load has validated
// completely; a broken edit leaves the last good snapshot serving and is remembered for
// /facts status. Transport-neutral: the gateway client and the HTTP endpoint both read it.
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import type { Catalog } from '../catalog/catalog.ts';
import { loadCatalog as defaultLoad, type LoadResult } from '../catalog/load.ts';
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
  /** Watches the data directory and reloads (debounced) on changes. Idempotent. */
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
  debounceMs?: number;
  now?: () => Date;
  /** How many located errors to keep for status. */
  keepProblems?: number;
  /** Told each load attempt's outcome (the metrics count reloads and rejected edits); must not throw. */
  onLoad?: (outcome: ReloadOutcome) => void;
}

const FACT_FILE = /\.ya?ml$/i;

export function createCatalogStore(options: CatalogStoreOptions): CatalogStore {
  const logger = options.logger ?? silentLogger;
  // A running bot keeps answering while it reloads: both steps give the event loop back every
  // few milliseconds instead of holding it for the whole load (seconds, for a large catalog).
  const load = options.load ?? ((dir: string) => defaultLoad(dir, { sliced: true }));
  const buildIndex = options.buildIndex ?? ((catalog: Catalog) => runSliced(buildSearchIndexSteps(catalog)));
  const debounceMs = options.debounceMs ?? 300;
  const now = options.now ?? (() => new Date());
  const keep = options.keepProblems ?? 5;

  let state: LiveState | undefined;
  let lastError: LoadFailure | undefined;
  let lastAttemptAt: Date | undefined;
  let reloads = 0;
  let inFlight: Promise<ReloadOutcome> | undefined;
  let queued: { promise: Promise<ReloadOutcome>; trigger: string } | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function attempt(trigger: string): Promise<ReloadOutcome> {
    lastAttemptAt = now();
    let result: LoadResult;
    let index: SearchIndex | undefined;
    try {
      result = await load(options.dir);
      // The index is built before the swap, so readers never see a catalog without its index.
      if (result.ok) index = await buildIndex(result.catalog);
    } catch (err) {
      // The loader promises not to throw on bad data; anything else is still not a reason to crash.
      result = { ok: false, errors: [{ severity: 'error', file: options.dir, line: 0, col: 0, path: '', message: `loading failed: ${String(err)}` }], warnings: [] };
    }
    if (!result.ok || index === undefined) {
      const errors = result.ok ? [] : result.errors;
      const failure: LoadFailure = { at: now(), trigger, problems: errors.slice(0, keep), errorCount: errors.length };
      lastError = failure;
      logger.error('fact files rejected; still serving the last good catalog', {
        trigger,
        errors: errors.length,
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

  function reload(trigger = 'manual'): Promise<ReloadOutcome> {
    if (!inFlight) {
      inFlight = attempt(trigger)
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
        return reload(trigger);
      });
      queued = { promise, trigger };
    }
    return queued.promise;
  }

  function schedule(file: string | null): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void reload(`watch${file ? ` (${file})` : ''}`);
    }, debounceMs);
    timer.unref();
  }

  return {
    current: () => state,
    require() {
      if (!state) throw new Error('no catalog loaded');
      return state;
    },
    reload,
    watch() {
      if (watcher || closed) return;
      try {
        watcher = fsWatch(options.dir, { recursive: true, persistent: false }, (_event, filename) => {
          const name = filename === null ? null : String(filename);
          // Editors' swap and backup files are noise; a directory event (no extension) may be a rename.
          if (name !== null && !FACT_FILE.test(name) && /\.[^/\\]+$/.test(name)) return;
          schedule(name);
        });
        watcher.on('error', (err) => {
          logger.error('watching the data directory failed; use /facts reload', { dir: options.dir, error: err });
          watcher?.close();
          watcher = undefined;
        });
        logger.info('watching the data directory', { dir: options.dir });
      } catch (err) {
        logger.error('cannot watch the data directory; use /facts reload', { dir: options.dir, error: err });
      }
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
        watching: watcher !== undefined,
        reloads,
      };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      watcher?.close();
      watcher = undefined;
    },
  };
}
