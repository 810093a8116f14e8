// npm run build (run by npm start and npm run serve first): bundles the long-running entry points
// into dist/ as plain JavaScript, so the bot does not run under tsx. tsx keeps a loader thread and
// the transpiled sources in memory, about 35 MB of a 10,000-fact bot's resident memory
// (bench/README.md). Packages stay in node_modules; only our own modules are bundled.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Output name (dist/<name>.js) → entry point. */
export const ENTRIES: Readonly<Record<string, string>> = {
  start: 'src/cli/start.ts',
  serve: 'src/cli/serve.ts',
};

/**
 * The node flags `npm start` (or `npm run serve`) runs its bundle with, read from package.json so
 * the tests and the benchmark run the bot exactly as it runs. `--max-semi-space-size=8` halves
 * V8's young generation, which grows to its cap while the catalog loads and is kept afterwards
 * (4 MB saved a little more but slowed loading by 40%); `--expose-gc` lets start-up hand the
 * loader's garbage back at once (src/live/startup.ts) instead of 20 to 90 s later. A bot on
 * 10,000 facts holds about 125 MB from the start instead of 159 (bench/README.md).
 */
export function nodeFlagsOf(script: 'start' | 'serve'): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = (pkg.scripts[script] ?? '').split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json: the ${script} script does not run node`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}

/**
 * Bundles `entries` into `outdir` (relative to the project root; it must be inside the project
 * so that bare imports still find node_modules) and returns the absolute paths written.
 */
export async function buildBundles(entries: Readonly<Record<string, string>> = ENTRIES, outdir = 'dist'): Promise<string[]> {
  const out = path.resolve(ROOT, outdir);
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.resolve(ROOT, file)])),
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return Object.keys(entries).map((name) => path.join(out, `${name}.js`));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await buildBundles();
  console.error(`built ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
}
