// Charts for a running bot, drawn in the chart worker (worker.ts): the answering thread only posts
// the chart's data and waits for the PNG, so autocomplete and other answers go on meanwhile. One
// worker, started at once (so the first chart does not also pay for loading Vega), restarted when
// it fails, exits, or is slower than the time allowed; a request it cannot take in time is refused
// at once. Whoever asks answers without the chart when a request fails: the text table stays.
import { Worker } from 'node:worker_threads';
import type { ChartData } from './data.ts';
import type { ChartReply, ChartRequest } from './worker.ts';

export interface ChartWorkerOptions {
  /** A chart not drawn after this long is given up and the worker restarted (default 5 s). */
  readonly timeoutMs?: number;
  /** Requests waiting beyond this many are refused at once (default 8). */
  readonly maxQueued?: number;
  /** The worker's old-generation heap, in MB (default 192). */
  readonly heapMb?: number;
}

export interface ChartWorker {
  /** The chart as PNG; rejects when the worker fails, is too slow or too busy. */
  render(data: ChartData): Promise<Uint8Array>;
  /** Ends the worker; later renders start a new one. */
  close(): Promise<void>;
}

export const CHART_TIMEOUT_MS = 5_000;

/** dist/chart-worker.js beside the bundle (src/cli/build.ts), or the TypeScript source through tsx. */
export function chartWorkerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker-dev.mjs', import.meta.url) : new URL('./chart-worker.js', import.meta.url);
}

interface Pending {
  readonly resolve: (png: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export function createChartWorker(options: ChartWorkerOptions = {}): ChartWorker {
  const timeoutMs = options.timeoutMs ?? CHART_TIMEOUT_MS;
  const maxQueued = options.maxQueued ?? 8;
  const heapMb = options.heapMb ?? 192;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  const stop = (w: Worker, error: Error): void => {
    if (worker !== w) return;
    worker = undefined;
    failAll(error);
    void w.terminate();
  };

  const start = (): Worker => {
    const w = new Worker(chartWorkerUrl(), { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    // Never what keeps the process alive: the bot, the CLI and the tests end without closing it.
    w.unref();
    w.on('message', (m: ChartReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      if ('png' in m) p.resolve(m.png);
      else p.reject(new Error(`the chart could not be drawn: ${m.error}`));
    });
    w.on('error', (e) => stop(w, new Error(`the chart worker failed: ${e.message.split('\n')[0]}`)));
    w.on('exit', (code) => stop(w, new Error(`the chart worker stopped (exit code ${code})`)));
    return w;
  };

  return {
    render(data) {
      if (pending.size >= maxQueued) return Promise.reject(new Error(`the chart worker is busy (${pending.size} charts waiting)`));
      const w = (worker ??= start());
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the chart took more than ${timeoutMs} ms`));
          // A stuck worker holds every chart behind it: start afresh.
          stop(w, new Error('the chart worker was restarted after a chart took too long'));
        }, timeoutMs);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        w.postMessage({ id, data } satisfies ChartRequest);
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      failAll(new Error('the chart worker was closed'));
      if (w) await w.terminate();
    },
  };
}
