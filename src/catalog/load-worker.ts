// The worker thread a running bot loads its fact files in (src/catalog/off-thread.ts starts it):
// reading, YAML, zod and the cross-checks all happen here, so no file, however hostile, can hold
// the thread that answers, and what a rejected file cost in memory goes when the worker does.
// It sends back plain validated records in chunks of a few hundred, so that taking each one in
// costs the answering thread well under a millisecond; that thread builds the catalog's maps.
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { CatalogParts, Origin } from './catalog.ts';
import { validateDataDir, type ValidatedResult } from './load.ts';

export interface WorkerRequest {
  readonly dir: string;
  /** Where the chunks go; the summary goes to parentPort after the last chunk. */
  readonly port: MessagePort;
}

export type Chunk =
  | { readonly list: 'entities' | 'sources' | 'facts' | 'families' | 'metrics' | 'stop_words'; readonly items: readonly unknown[] }
  | { readonly list: 'origins'; readonly items: readonly (readonly [string, Origin])[] };

export type WorkerReply =
  | { readonly type: 'failed'; readonly result: Extract<ValidatedResult, { ok: false }> }
  | {
      readonly type: 'done';
      readonly chunks: number;
      readonly version: string;
      readonly files: readonly string[];
      readonly warnings: Extract<ValidatedResult, { ok: true }>['warnings'];
    };

export const CHUNK = 250;

const LISTS = ['entities', 'sources', 'facts', 'families', 'metrics', 'stop_words'] as const;

async function run({ dir, port }: WorkerRequest): Promise<void> {
  const result = await validateDataDir(dir);
  if (!result.ok) {
    parentPort!.postMessage({ type: 'failed', result } satisfies WorkerReply);
    return;
  }
  let chunks = 0;
  const send = (chunk: Chunk) => {
    port.postMessage(chunk);
    chunks += 1;
  };
  const parts: CatalogParts = result.parts;
  for (const list of LISTS) {
    const items = parts[list] ?? [];
    for (let i = 0; i < items.length; i += CHUNK) send({ list, items: items.slice(i, i + CHUNK) });
  }
  const origins = [...(parts.origins ?? new Map<string, Origin>())];
  for (let i = 0; i < origins.length; i += CHUNK) send({ list: 'origins', items: origins.slice(i, i + CHUNK) });
  parentPort!.postMessage({ type: 'done', chunks, version: result.parts.version, files: result.parts.files, warnings: result.warnings } satisfies WorkerReply);
}

if (parentPort) {
  // On Linux a nice value belongs to a thread, and setpriority on "this process" (0) sets the
  // calling thread's: the loader yields the CPU to the thread that answers, which matters on a
  // machine with few cores. Elsewhere it would renice the whole bot, so it is left alone.
  if (process.platform === 'linux') {
    try {
      setPriority(0, 10);
    } catch {
      // Not permitted here: load at the same priority.
    }
  }
  // Kept alive until the bot has taken every chunk and ends the worker (off-thread.ts).
  parentPort.on('message', () => {});
  await run(workerData as WorkerRequest);
}
