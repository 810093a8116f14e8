// A quick look at where question-style queries spend their time at one catalog size, in process:
// `npx tsx bench/profile-questions.ts [facts]`. Prints per-kind p50/p99 of autocomplete and command
// for the bench's own query mix, and the slowest queries. Not part of `npm run bench`'s targets;
// for finding what to optimise.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { loadCatalog } from '../src/catalog/load.ts';
import { commands } from '../src/commands/index.ts';
import { createDispatcher } from '../src/interactions/dispatch.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { BENCH_SEED, generateCatalog } from './generate.ts';
import { autocompleteTarget, buildQueryMix, commandTarget } from './queries.ts';
import { loadShipped } from './shipped.ts';

const size = Number(process.argv[2] ?? 10_000);
const shipped = await loadShipped();
const queries = buildQueryMix(shipped.vocabulary);
const dir = await mkdtemp(path.join(os.tmpdir(), 'contested-profile-'));
for (const f of generateCatalog({ facts: size, seed: BENCH_SEED, base: shipped.files, baseFacts: shipped.facts, vocabulary: shipped.vocabulary }).files) {
  const target = path.join(dir, f.file.replace(/^data[\\/]/, ''));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, f.bytes);
}
const loaded = await loadCatalog(dir);
if (!loaded.ok) throw new Error('does not load');
const ctx = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };
const d = createDispatcher(commands);
const times: { kind: string; what: string; text: string; ms: number; at: number; waitMs: number }[] = [];
// Time this thread waited for a core (Linux), to tell a slow call from a preempted one.
const waited = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
};
// Garbage collections, to tell a slow call from a call that a collection landed on.
const gcs: { start: number; ms: number; kind: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0 });
}).observe({ entryTypes: ['gc'] });
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  for (const [i, q] of queries.entries()) {
    const a = autocompleteTarget(q, i);
    let w = waited();
    let t = performance.now();
    d.autocomplete(ctx, a.name, a.focused, { [a.focused]: q.text });
    if (round > 0) times.push({ kind: q.kind, what: `autocomplete /${a.name}`, text: q.text, ms: performance.now() - t, at: t, waitMs: waited() - w });
    const c = commandTarget(q, i);
    w = waited();
    t = performance.now();
    d.payload(ctx, c.name, { [c.option]: q.text });
    if (round > 0) times.push({ kind: q.kind, what: `command /${c.name}`, text: q.text, ms: performance.now() - t, at: t, waitMs: waited() - w });
  }
}
const pct = (xs: number[], p: number): number => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
for (const what of ['autocomplete', 'command']) {
  const all = times.filter((t) => t.what.startsWith(what)).map((t) => t.ms);
  console.log(`${what.padEnd(12)} ALL       p50 ${pct(all, 0.5).toFixed(2)} p99 ${pct(all, 0.99).toFixed(2)}`);
  for (const kind of [...new Set(queries.map((q) => q.kind))]) {
    const xs = times.filter((t) => t.what.startsWith(what) && t.kind === kind).map((t) => t.ms);
    console.log(`${what.padEnd(12)} ${kind.padEnd(9)} p50 ${pct(xs, 0.5).toFixed(2)} p99 ${pct(xs, 0.99).toFixed(2)}`);
  }
}
console.log('slowest:');
await new Promise((r) => setTimeout(r, 50));
for (const t of times.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.SLOWEST ?? 25))) {
  const gc = gcs.filter((g) => g.start < t.at + t.ms && g.start + g.ms > t.at).reduce((n, g) => n + g.ms, 0);
  const notes = [gc > 0 ? `gc ${gc.toFixed(1)} ms` : '', t.waitMs >= 0.5 ? `waited ${t.waitMs.toFixed(1)} ms for a core` : ''].filter(Boolean);
  console.log(`  ${t.ms.toFixed(1)} ms ${t.what} ${t.kind} ${t.text}${notes.length ? ` (${notes.join(', ')})` : ''}`);
}
console.log(`gc: ${gcs.length} collections, ${gcs.filter((g) => g.ms > 2).length} over 2 ms, longest ${Math.max(0, ...gcs.map((g) => g.ms)).toFixed(1)} ms`);
// The slowest queries by their median over the rounds: a query's samples repeat, so a p99 over the
// mix is set by its few slowest queries rather than by chance.
const byQuery = new Map<string, number[]>();
for (const t of times) {
  const key = `${t.what} ${t.kind} ${t.text}`;
  byQuery.set(key, [...(byQuery.get(key) ?? []), t.ms]);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('slowest by median:');
for (const [k, xs] of [...byQuery].sort((a, b) => median(b[1]) - median(a[1])).slice(0, Number(process.env.SLOWEST ?? 25))) console.log(`  ${median(xs).toFixed(2)} ms ${k}`);
