// The chart worker: a thread that draws /timeline charts (png.ts) for a running bot, so the tens of
// milliseconds Vega and resvg take never hold the thread that answers autocomplete and commands.
// One long-lived worker (loading Vega costs more than a chart does); off-thread.ts starts it,
// sends one ChartData per request and restarts it when it fails or is too slow.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ChartData } from './data.ts';
import { renderChartPng } from './png.ts';

export interface ChartRequest {
  readonly id: number;
  readonly data: ChartData;
}

export type ChartReply = { readonly id: number; readonly png: Uint8Array } | { readonly id: number; readonly error: string };

if (parentPort) {
  const port = parentPort;
  // As the load worker does: on Linux a thread has its own nice value, so the answering thread wins
  // the CPU on a machine with few cores. Elsewhere it would renice the whole bot.
  if (process.platform === 'linux') {
    try {
      setPriority(0, 10);
    } catch {
      // Not permitted here: draw at the same priority.
    }
  }
  port.on('message', (m: ChartRequest) => {
    renderChartPng(m.data).then(
      (png) => port.postMessage({ id: m.id, png } satisfies ChartReply, [png.buffer as ArrayBuffer]),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies ChartReply),
    );
  });
}
