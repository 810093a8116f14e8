// Long computations written once as generators that yield at safe points, then run either to the
// end at once (tests, the validator, the command line) or in slices that give the event loop back
// every few milliseconds (a live reload, while the bot keeps answering within Discord's 3 s).
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps`, yielding to the event loop whenever a slice has run for `sliceMs`. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await nextTurn();
      start = performance.now();
    }
  }
}
