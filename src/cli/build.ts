// npm run build: bundles every command an operator runs (start, serve, ask, validate,
// deploy-commands) into dist/ as plain JavaScript, so none of them needs tsx or esbuild at run
// time: after a build, a production install (`npm ci --omit=dev`) runs them all. It also keeps
// tsx out of the bot's memory: its loader thread and the transpiled sources are about 35 MB of a
// 10,000-fact bot's resident memory (bench/README.md). Packages stay in node_modules; only our own
// modules are bundled. Their npm pre-scripts (scripts/ensure-build.mjs) run this when dist/ is
// missing or was built from other sources, which they tell from dist/build.json, written last here:
// the digest of the sources the build was made from, and the files it wrote.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What dist/build.json holds; scripts/ensure-build.mjs reads it. */
export interface BuildStamp {
  /** The digest of the build's inputs (src/ and tsconfig.json) before bundling. */
  readonly sources: string;
  /** The files written, relative to the root, '/'-separated. */
  readonly outputs: readonly string[];
  readonly builtAt: string;
}
export const STAMP = 'dist/build.json';

/**
 * The digest scripts/ensure-build.mjs compares with the stamp's, from that script itself (it is
 * plain JavaScript, so a production install runs it; one implementation, asked as a process).
 */
export function sourceDigest(): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-build.mjs'), '--digest'], { cwd: ROOT, encoding: 'utf8' }).trim();
}

/** Output name (dist/<name>.js) → entry point: each an npm script running `node dist/<name>.js`. */
export const ENTRIES: Readonly<Record<string, string>> = {
  start: 'src/cli/start.ts',
  serve: 'src/cli/serve.ts',
  ask: 'src/cli/ask.ts',
  validate: 'src/cli/validate.ts',
  'deploy-commands': 'src/cli/deploy-commands.ts',
  misses: 'src/cli/misses.ts',
};

/**
 * The worker thread that reads and validates the fact files for a running bot: off-thread.ts
 * starts it from beside the bundle that uses it, as load-worker.js, so every bundle directory
 * gets it, whatever entries were asked for.
 */
export const LOAD_WORKER = { name: 'load-worker', entry: 'src/catalog/load-worker.ts' } as const;

/**
 * The worker thread that draws /timeline charts (src/render/chart/off-thread.ts starts it as
 * chart-worker.js beside the bundle). Vega and resvg stay in node_modules like every package
 * (`packages: 'external'`): resvg is a native addon, which a bundle could not hold.
 */
export const CHART_WORKER = { name: 'chart-worker', entry: 'src/render/chart/worker.ts' } as const;

/**
 * The node flags `npm start` (or `npm run serve`) runs its bundle with, read from package.json so
 * the tests and the benchmark run the bot exactly as it runs. `--max-semi-space-size=8` halves
 * V8's young generation, which grows to its cap while the catalog loads and is kept afterwards
 * (4 MB saved a little more but slowed loading by 40%); `--expose-gc` lets start-up hand the
 * loader's garbage back at once (src/live/startup.ts) instead of 20 to 90 s later. A bot on
 * 10,000 facts holds about 125 MB from the start instead of 159 (bench/README.md).
 * `--v8-pool-size=1` keeps V8 to one background thread for compiling and collecting: with its
 * default of four on a two-core machine, the answering thread waited whole 4 ms scheduler slices
 * behind them (autocomplete p99 at 10k 5.4–6.9 → 2.1–2.5 ms; bench/README.md).
 */
export function nodeFlagsOf(script: 'start' | 'serve'): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = (pkg.scripts[script] ?? '').split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json: the ${script} script does not run node`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}

/**
 * Bundles `entries`, and the load worker beside them, into `outdir` (relative to the project root;
 * it must be inside the project so that bare imports still find node_modules) and returns the
 * absolute paths of the entries' bundles, in their order.
 */
export async function buildBundles(entries: Readonly<Record<string, string>> = ENTRIES, outdir = 'dist'): Promise<string[]> {
  const out = path.resolve(ROOT, outdir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries({ ...entries, [LOAD_WORKER.name]: LOAD_WORKER.entry, [CHART_WORKER.name]: CHART_WORKER.entry }).map(([name, file]) => [name, path.resolve(ROOT, file)])),
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  // Each file is written beside its place and renamed over it: a command started while another
  // one rebuilds (two `npm run ask` at once on a stale build) reads the old file or the new one,
  // never half of one.
  await Promise.all(
    result.outputFiles.map(async (f) => {
      await mkdir(path.dirname(f.path), { recursive: true });
      const tmp = `${f.path}.${process.pid}.tmp`;
      await writeFile(tmp, f.contents);
      await rename(tmp, f.path);
    }),
  );
  return Object.keys(entries).map((name) => path.join(out, `${name}.js`));
}

/**
 * The release build: every entry into dist/, then dist/build.json with the digest of the sources
 * as they were before bundling (an edit made meanwhile leaves the build stale, as it is).
 */
export async function buildRelease(): Promise<string[]> {
  const sources = sourceDigest();
  const written = await buildBundles();
  const workers = [LOAD_WORKER, CHART_WORKER].map((w) => path.join(ROOT, 'dist', `${w.name}.js`));
  const outputs = [...written, ...workers].flatMap((f) => [f, `${f}.map`]).map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
  const stamp: BuildStamp = { sources, outputs, builtAt: new Date().toISOString() };
  const file = path.join(ROOT, STAMP);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(stamp, null, 2)}\n`);
  await rename(tmp, file);
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await buildRelease();
  console.error(`built ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
}
