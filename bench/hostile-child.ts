// One hostile load, in a process of its own, bundled and run as the bot runs (bench/hostile.ts
// starts it): `loadCatalog(dir)`, the path `npm run validate` takes, timed, with the process's
// peak resident memory. Prints one line, RESULT {…}, for the parent.
//   node dist/bench/hostile-child.js <dataDir>
import { loadCatalog } from '../src/catalog/load.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node dist/bench/hostile-child.js <dataDir>');
  process.exit(2);
}
const before = process.resourceUsage().maxRSS;
const t0 = performance.now();
const result = await loadCatalog(dir);
const ms = performance.now() - t0;
const printed = result.ok ? 0 : result.errors.reduce((n, e) => n + e.message.length + e.file.length + e.path.length + 24, 0);
console.log(
  `RESULT ${JSON.stringify({
    ok: result.ok,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMb: Math.round(before / 1024),
    errors: result.ok ? 0 : (result.errorCount ?? result.errors.length),
    listed: result.ok ? 0 : result.errors.length,
    printedChars: printed,
    first: result.ok ? null : `${result.errors[0]?.file}:${result.errors[0]?.line}:${result.errors[0]?.col} ${result.errors[0]?.message.slice(0, 120)}`,
  })}`,
);
