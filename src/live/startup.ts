// What every long-running transport does first: open the live catalog, or refuse to start with a
// message a moderator can act on. Kept free of discord.js so the HTTP endpoint need not load it.
import { getHeapStatistics } from 'node:v8';
import { formatProblem } from '../catalog/problem.ts';
import type { Logger } from '../log.ts';
import { createCatalogStore, type CatalogStore, type ReloadOutcome } from './catalog-store.ts';

/** Start-up refused: bad configuration, no valid catalog, no connection. Safe to print as is. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface OpenOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Who is starting, for the message: "the bot", "the endpoint". */
  readonly what: string;
  readonly watch?: boolean;
  readonly debounceMs?: number;
  /** Told each load attempt's outcome, the first one included. */
  readonly onLoad?: (outcome: ReloadOutcome) => void;
}

/** Loads the fact files once (they must be valid to start) and, by default, watches them. */
export async function openLiveCatalog(options: OpenOptions): Promise<CatalogStore> {
  const store = createCatalogStore({
    dir: options.dataDir,
    logger: options.logger.child({ component: 'catalog' }),
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.onLoad ? { onLoad: options.onLoad } : {}),
  });
  const first = await store.reload('startup');
  if (!first.ok) {
    const { problems, errorCount } = first.failure;
    const shown = problems.map((p) => `  ${formatProblem(p)}`).join('\n');
    const more = errorCount > problems.length ? `\n  … and ${errorCount - problems.length} more (run npm run validate)` : '';
    throw new StartupError(`The fact files in ${options.dataDir} have errors, so ${options.what} cannot start:\n${shown}${more}`);
  }
  if (options.watch ?? true) store.watch();
  collectLoadGarbage();
  return store;
}

/**
 * Loading leaves tens of megabytes of garbage (file texts, parser output) that V8 keeps resident
 * until its memory reducer runs, 20 to 90 s later: a 10,000-fact bot holds about 155 MB until then
 * and 110 MB after. Once start-up has returned (the loader's frames still hold it until then) and
 * before the first interaction can arrive, collecting costs no one anything: the first collection
 * frees the objects, the next gives the emptied pages back. `npm start` and `npm run serve` run
 * node with --expose-gc for this; without it (tests, tsx) this does nothing.
 */
export function collectLoadGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  setImmediate(() => {
    let before = getHeapStatistics().total_heap_size;
    for (let i = 0; i < MAX_COLLECTIONS; i++) {
      gc();
      const after = getHeapStatistics().total_heap_size;
      if (i > 0 && after >= before) break;
      before = after;
    }
  }).unref();
}

const MAX_COLLECTIONS = 3;
