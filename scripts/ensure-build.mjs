// Run before `npm start`, `npm run serve`, `ask`, `validate` and `deploy-commands` (their pre
// scripts in package.json): makes sure dist/ holds a build of the sources that are here, with
// plain node and nothing from node_modules, so that it also runs on a production install
// (`npm ci --omit=dev`), where esbuild and tsx are absent.
//
//   - dist/ built from these sources: nothing to do (a production install after a build).
//   - dist/ missing or built from other sources (a fresh clone, an edit, a pull): build it with
//     `npm run build` when the devDependencies are installed, or say how to get them and exit 1.
//   - no src/ at all (a container image ships dist/ alone): dist/ is what was built; it only
//     has to be complete.
//
// "Built from these sources" compares a digest of the build's inputs (every file under src/ and
// tsconfig.json) with the one `npm run build` recorded in dist/build.json, rather than file times:
// copies, checkouts and image layers change times without changing a line, and a production
// install that thinks its build is stale cannot rebuild it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run build` (src/cli/build.ts) records what it built, relative to the root. */
export const STAMP = 'dist/build.json';

/** Files (relative to `root`, '/'-separated, sorted) whose content decides the bundles. */
export function buildInputs(root = ROOT) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  if (existsSync(path.join(root, 'src'))) walk('src');
  if (existsSync(path.join(root, 'tsconfig.json'))) out.push('tsconfig.json');
  return out.sort();
}

/** A digest of the build inputs' names and contents; undefined when there are no sources here. */
export function sourceDigest(root = ROOT) {
  const files = buildInputs(root);
  if (!files.some((f) => f.startsWith('src/'))) return undefined;
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(readFileSync(path.join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** What dist/build.json says, or undefined when it is missing or unreadable. */
export function readStamp(root = ROOT) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, STAMP), 'utf8'));
    return typeof stamp === 'object' && stamp !== null && Array.isArray(stamp.outputs) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be (re)built, or undefined when it is current. */
export function staleness(root = ROOT) {
  const stamp = readStamp(root);
  if (!stamp) return 'dist/ has not been built';
  const missing = stamp.outputs.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length > 0) return `dist/ is incomplete (${missing.join(', ')} missing)`;
  const digest = sourceDigest(root);
  if (digest !== undefined && digest !== stamp.sources) return 'src/ has changed since dist/ was built';
  return undefined;
}

function main() {
  const why = staleness();
  if (why === undefined) return 0;
  const canBuild = ['esbuild', 'tsx'].every((p) => existsSync(path.join(ROOT, 'node_modules', p, 'package.json')));
  if (!canBuild || sourceDigest() === undefined) {
    process.stderr.write(
      `${why}, and it cannot be built here: building needs the sources and the devDependencies (esbuild, tsx).\n` +
        'Build before installing for production: npm ci && npm run build, then npm ci --omit=dev (see README, "Production install").\n',
    );
    return 1;
  }
  process.stderr.write(`${why}; building (npm run build)\n`);
  const npm = process.env.npm_execpath;
  const run = npm ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  return run.status ?? 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--digest') {
    // For src/cli/build.ts, which records the digest it built from.
    const digest = sourceDigest();
    if (digest === undefined) {
      process.stderr.write('no src/ here to digest\n');
      process.exitCode = 1;
    } else process.stdout.write(`${digest}\n`);
  } else process.exitCode = main();
}
