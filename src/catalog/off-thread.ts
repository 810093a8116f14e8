// Loading for a running bot: everything that reads a fact file (the directory walk, YAML, zod, the
// cross-checks) runs in a worker thread (src/catalog/load-worker.ts), so the thread that answers
// never waits for a file, however large or hostile; it only takes in the validated records, a few
// hundred at a time, and builds the catalog's maps in slices of a few milliseconds. A worker per
// load: what a rejected file cost in memory is given back when its worker ends, and a worker that
// runs out of heap or time is stopped without touching the bot.
//
// Why a worker rather than slicing the parse itself: js-yaml and zod each take a file in one
// synchronous call, so a 2 MiB file held the event loop for a second or more however the rest was
// sliced, and the memory a hostile file made the parser allocate stayed in the bot's heap.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Origin } from './catalog.ts';
import { LOAD_TIMEOUT_MS, LOAD_WORKER_HEAP_MB } from './limits.ts';
import { catalogFromParts, displayPath, type LoadResult, type ValidatedResult } from './load.ts';
import type { Chunk, WorkerReply } from './load-worker.ts';
import { runSliced } from './slices.ts';

export interface OffThreadOptions {
  /** Stop the worker after this long (default LOAD_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** The worker's old-generation heap (default LOAD_WORKER_HEAP_MB). */
  readonly heapMb?: number;
}

/**
 * The worker's entry: the bundle's own file beside the bundle (src/cli/build.ts builds
 * dist/load-worker.js next to dist/start.js), or, run from the TypeScript sources (tsx, vitest), a
 * small ES module that registers tsx in the worker and imports load-worker.ts.
 */
export function loadWorkerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./load-worker-dev.mjs', import.meta.url) : new URL('./load-worker.js', import.meta.url);
}

/** loadCatalog(dir), with the reading and validating in a worker thread. Never throws. */
export async function loadCatalogOffThread(dir: string, options: OffThreadOptions = {}): Promise<LoadResult> {
  const timeoutMs = options.timeoutMs ?? LOAD_TIMEOUT_MS;
  const heapMb = options.heapMb ?? LOAD_WORKER_HEAP_MB;
  const fail = (message: string): LoadResult => ({ ok: false, errors: [{ severity: 'error', file: displayPath(dir), line: 0, col: 0, path: '', message }], warnings: [] });
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(loadWorkerUrl(), {
      workerData: { dir, port: port2 },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  } catch (e) {
    port1.close();
    return fail(`loading could not start (${(e as Error).message.split('\n')[0]})`);
  }
  const validated = await new Promise<ValidatedResult>((resolve) => {
    let settled = false;
    let collecting = false;
    const finish = (r: ValidatedResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish(fail(`loading took more than ${Math.round(timeoutMs / 1000)} s and was stopped; a fact file is far larger or more complex than a report's`) as ValidatedResult);
    }, timeoutMs);
    timer.unref();
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'failed') return finish(m.result);
      collecting = true;
      collect(port1, m).then(finish, (e: unknown) => finish(fail(`loading failed: ${(e as Error).message}`) as ValidatedResult));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      finish(
        fail(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `loading ran out of memory (the loader may use ${heapMb} MB); a fact file is far larger or more complex than a report's`
            : `loading failed: ${e.message.split('\n')[0]}`,
        ) as ValidatedResult,
      );
    });
    worker.on('exit', (code) => {
      if (!collecting) finish(fail(`loading stopped unexpectedly (exit code ${code})`) as ValidatedResult);
    });
  });
  // The worker waits to be ended: its heap, parser garbage and all, goes with it.
  void worker.terminate();
  port1.close();
  if (!validated.ok) return validated;
  return runSliced(catalogFromParts(validated));
}

/** The chunks the worker queued on `port`, taken one at a time between turns of the event loop. */
async function collect(port: MessagePort, done: Extract<WorkerReply, { type: 'done' }>): Promise<ValidatedResult> {
  const lists = { entities: [] as unknown[], sources: [] as unknown[], facts: [] as unknown[], families: [] as unknown[], metrics: [] as unknown[], stop_words: [] as unknown[] };
  const origins = new Map<string, Origin>();
  let got = 0;
  let idle = 0;
  let sliceStart = performance.now();
  while (got < done.chunks) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) {
      // Posted before the summary, so queued already; a wait here would be a bug, not a slow file.
      if (++idle > 10_000) throw new Error(`${done.chunks - got} of ${done.chunks} chunks never arrived`);
      await nextTurn();
      continue;
    }
    const chunk = received.message as Chunk;
    if (chunk.list === 'origins') for (const [id, o] of chunk.items) origins.set(id, o);
    else lists[chunk.list].push(...chunk.items);
    got += 1;
    if (performance.now() - sliceStart >= 4) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return {
    ok: true,
    parts: { ...(lists as unknown as Pick<Extract<ValidatedResult, { ok: true }>['parts'], keyof typeof lists>), origins, files: done.files, version: done.version },
    warnings: done.warnings,
  };
}

type MessagePort = import('node:worker_threads').MessagePort;
