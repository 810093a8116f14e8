// Hostile fact files, generated (never committed): the shapes issue 13's attack run used against
// the loader. Shared by the end-to-end tests (test/e2e/hostile-*.test.ts) and the benchmark
// (bench/hostile.ts), so what is tested is what is measured.

/**
 * One 1,000-character string aliased `uses` times inside a mapping key: `s: &s "xxx…"` then
 * `? [*s, *s, …]: 1`. 450,000 uses make a 1.8 MB file that a parser expanding aliases turns into a
 * 450 MB key.
 */
export function aliasKeyBomb(uses = 450_000, length = 1_000): string {
  return `s: &s "${'x'.repeat(length)}"\n? [${Array.from({ length: uses }, () => '*s').join(', ')}]: 1\n`;
}

/**
 * Just under `bytes` of fact records each with several mistakes (a misspelt key, a negative
 * value, a misspelt status, unknown ids): about 26,000 errors in 2 MiB.
 */
export function badRecords(bytes = 2 * 1024 * 1024 - 1024): string {
  const out = ['facts:\n'];
  let size = out[0]!.length;
  for (let i = 0; ; i++) {
    const r =
      `  - id: bad-${i}\n    metric: civilian_deathz\n    subject: nobody-${i}\n    claimant: nobody\n    qualifer: at_least\n` +
      `    value: -${i + 1}\n    verb: says\n    evidence:\n      - source: nowhere-${i}\n        quote: "no figure here"\n    status: currentt\n`;
    if (size + r.length > bytes) break;
    out.push(r);
    size += r.length;
  }
  return out.join('');
}

/** A top-level key `length` characters long (a line that lost its line breaks). */
export function longKey(length = 150_000): string {
  return `facts: []\n${'k'.repeat(length)}: 1\n`;
}
