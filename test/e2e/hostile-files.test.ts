// Issue 13: hostile fact files through the command-line tools, as processes (`npm run validate`,
// `npm run ask`, `npm run serve`'s bundle). Each case is one the attack run found (commit c5fd453
// failed every one of them); the files are generated here, never committed. How fast and how
// small each refusal is gets measured by `npm run bench` (bench/hostile.ts), not asserted here:
// these tests hold what is printed, and kill a run that would hang at a generous deadline.
import { spawn, type SpawnOptions } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { aliasKeyBomb, badRecords, longKey } from '../helpers/hostile-files.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(root, 'test/fixtures/gateway-data');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) {
    await chmod(path.join(d, 'private'), 0o755).catch(() => {});
    await rm(d, { recursive: true, force: true });
  }
});

/** A copy of the small valid fixture, `edit`ed, plus `extra` files. */
async function dataDir(extra: Record<string, string | Buffer> = {}, edit: (facts: string) => string = (t) => t): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
  dirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const facts = path.join(dir, 'facts.yaml');
  await writeFile(facts, edit(await readFile(facts, 'utf8')));
  for (const [name, content] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

interface Run {
  readonly code: number | null;
  /** stdout and stderr together, at most the first MiB of it. */
  readonly out: string;
  /** How many bytes were printed in all. */
  readonly bytes: number;
  readonly killed: boolean;
}

/** Runs a command, killing it after `killAfterMs` (a hang is a failure, not a slow pass). */
function run(file: string, args: readonly string[], options: SpawnOptions & { killAfterMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let bytes = 0;
    const take = (d: Buffer) => {
      bytes += d.byteLength;
      if (out.length < 1024 * 1024) out += d.toString('utf8');
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.killAfterMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, bytes, killed });
    });
  });
}

const validate = (dir: string, options: SpawnOptions & { killAfterMs?: number } = {}) => run(tsx, ['src/cli/validate.ts', dir], options);
const lines = (r: Run) => r.out.split('\n').filter((l) => l !== '');

describe('hostile files through npm run validate', () => {
  it('refuses the alias-key bomb with one located message, without expanding it (case 1)', async () => {
    const r = await validate(await dataDir({ 'bomb.yaml': aliasKeyBomb() }));
    expect(r.killed).toBe(false);
    expect(r.bytes).toBeLessThan(4_000);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bomb\.yaml:2:\d+ {2}- {2}YAML aliases repeat more than 1,000,000 characters of text by here \([\d,]+ uses of \*s\)/);
  }, 60_000);

  it('lists the first 20 of 2 MiB of bad records and counts the rest (case 4)', async () => {
    const r = await validate(await dataDir({ 'bad.yaml': badRecords() }));
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.bytes).toBeLessThan(8_000);
    const shown = lines(r).filter((l) => l.includes('bad.yaml:'));
    expect(shown).toHaveLength(20);
    expect(shown[0]).toMatch(/bad\.yaml:6:5 {2}facts\[0\]\.qualifer {2}unknown key "qualifer"; did you mean "qualifier"\?/);
    expect(lines(r).at(-1)).toMatch(/^failed: 2\d,\d{3} errors \(the first 20 listed above\)/);
  }, 60_000);

  it('quotes a 150,000-character key in a short excerpt (case 3)', async () => {
    const r = await validate(await dataDir({ 'key.yaml': longKey() }));
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.bytes).toBeLessThan(1_000);
    expect(r.out).toMatch(/key\.yaml:2:1 {2}k{39}… {2}a key of 150,000 characters \("k{39}…"\); keys are field names/);
  }, 60_000);

  it('follows a symlinked fact file inside the data folder (case 7)', async () => {
    const dir = await dataDir({
      'shared/extra.txt': `facts:\n  - id: linked-figure\n    metric: civilian_deaths\n    subject: us-led-coalition\n    claimant: airwars\n    as_of: "2020-01-31"\n    value: 77\n    qualifier: exact\n    evidence:\n      - source: airwars-2020\n        quote: "77 civilians"\n`,
    });
    const before = await validate(dir);
    await symlink('shared/extra.txt', path.join(dir, 'extra.yaml'));
    const after = await validate(dir);
    expect(before.code).toBe(0);
    expect(after.code).toBe(0);
    const facts = (r: Run) => Number(/(\d+) facts/.exec(r.out)?.[1]);
    expect(facts(after)).toBe(facts(before) + 1);
  }, 60_000);

  it('refuses a broken symlink, one leading outside the data folder, and a loop, each with a message (case 7)', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'hostile-outside-'));
    dirs.push(outside);
    await writeFile(path.join(outside, 'elsewhere.yaml'), 'facts: []\n');
    const dir = await dataDir();
    await symlink('no-such-target.yaml', path.join(dir, 'broken.yaml'));
    await symlink(path.join(outside, 'elsewhere.yaml'), path.join(dir, 'outside.yaml'));
    await symlink('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    await symlink('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/broken\.yaml {2}- {2}is a symbolic link to nothing/);
    expect(r.out).toMatch(/outside\.yaml {2}- {2}is a symbolic link to a file outside the data directory/);
    expect(r.out).toMatch(/loop-a\.yaml {2}- {2}is a symbolic link that loops/);
  }, 60_000);

  it('refuses an integer past 2^53, naming it as written (case 8)', async () => {
    // The quote has the figure as written; read as a number, both would round to …992 alike.
    const dir = await dataDir({}, (t) => t.replace('value: 1370', 'value: 9007199254740993').replaceAll('at least 1,370 civilians', 'at least 9007199254740993 civilians'));
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/facts\.yaml:\d+:\d+ {2}facts\[0\]\.value {2}value 9007199254740993 is larger than 9,007,199,254,740,991/);
  }, 60_000);

  it('says what is wrong with unquoted dates, a name for a list, .inf, .nan and 1e400 (case 10)', async () => {
    const dir = await dataDir({}, (t) => t.replace('as_of: "2019-12-31"', 'as_of: 2019').replace('places: [iraq, syria]', 'places: syria').replace('value: 1370', 'value: .inf'));
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('facts[0].as_of  expected string, got number 2019: YAML reads 2019 unquoted as a number; write dates in quotes, as_of: "2019"');
    expect(r.out).toContain('facts[0].places  expected array, got text "syria": places is a list, even of one; write places: [syria]');
    expect(r.out).toContain('facts[0].value  value .inf is infinity; write the figure in digits');
    for (const [written, why] of [
      ['.nan', 'is "not a number"'],
      ['1e400', 'is too large to be read as a number'],
    ]) {
      const other = await validate(await dataDir({}, (t) => t.replace('value: 1370', `value: ${written}`)));
      expect(other.out).toContain(`facts[0].value  value ${written} ${why}`);
    }
  }, 60_000);

  it('locates errors in a file with CR-only line endings (case 10)', async () => {
    let line = 0;
    const dir = await dataDir({}, (t) => {
      const edited = t.replace('value: 1370', 'value: -1370');
      line = edited.split('\n').findIndex((l) => l.includes('value: -1370')) + 1;
      return edited.replace(/\n/g, '\r');
    });
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`facts\\.yaml:${line}:\\d+ {2}facts\\[0\\]\\.value`));
  }, 60_000);

  it('reads a legitimate file that uses one anchor 101 times (case 10)', async () => {
    const facts = Array.from(
      { length: 101 },
      (_, i) =>
        `  - id: anchored-${i}\n    metric: civilian_deaths\n    subject: us-led-coalition\n    claimant: airwars\n` +
        `    period: ${i === 0 ? '&p { start: "2014-08", end: "2019-12-31" }' : '*p'}\n    value: ${i + 1}\n    qualifier: at_least\n` +
        `    evidence:\n      - source: airwars-2020\n        quote: "at least ${i + 1} civilians"\n`,
    );
    const r = await validate(await dataDir({ 'anchored.yaml': `facts:\n${facts.join('')}` }));
    expect(r.out).toMatch(/^ok: /m);
    expect(r.code).toBe(0);
  }, 60_000);

  it('escapes file names: a newline cannot forge an "ok:" line, an escape sequence never reaches the terminal (case 12)', async () => {
    const dir = await dataDir({ 'zz\nok: 99 files, fake.yaml': 'facts: [', 'red\u001b[31m.yaml': 'facts: [' });
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(lines(r).filter((l) => l.startsWith('ok:'))).toEqual([]);
    expect(r.out).not.toContain('\u001b');
    expect(r.out).toContain('zz\\nok: 99 files, fake.yaml');
  }, 60_000);
});

describe('file-system errors print one line, never a stack trace (case 9)', () => {
  // Root reads any folder, so as root the tools run as "nobody" (uid 65534) to meet a folder they
  // may not read; elsewhere the test user cannot read it either.
  const asOther: SpawnOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: tmpdir() } } : {};

  it('npm run validate and npm run ask, with an unreadable subfolder', async () => {
    const dir = await dataDir({ 'private/more.yaml': 'facts: []\n' });
    await chmod(dir, 0o755);
    await chmod(path.join(dir, 'private'), 0o000);
    for (const r of [await validate(dir, asOther), await run(tsx, ['src/cli/ask.ts', '--data', dir, '/about'], asOther)]) {
      expect(r.out).not.toMatch(/^\s+at /m);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/private.*permission denied/);
      expect(lines(r).length).toBeLessThanOrEqual(3);
    }
  }, 60_000);
});

describe("npm run serve's bundle with a 150,000-character key (case 3)", () => {
  const OUTDIR = 'dist/test-e2e-hostile-files';
  let serveBundle: string;
  beforeAll(async () => {
    [serveBundle] = (await buildBundles({ serve: 'src/cli/serve.ts' }, OUTDIR)) as [string];
  });
  afterAll(async () => {
    await rm(path.join(root, OUTDIR), { recursive: true, force: true });
  });

  it('refuses to start, at once, with a short message', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dir = await dataDir({ 'key.yaml': longKey() });
    const r = await run(process.execPath, [...nodeFlagsOf('serve'), serveBundle], {
      cwd: path.join(root, 'test/http'),
      env: { PATH: process.env.PATH, DATA_DIR: dir, PORT: String(port), DISCORD_PUBLIC_KEY: 'a'.repeat(64), LOG_LEVEL: 'warn' },
      killAfterMs: 30_000,
    });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.bytes).toBeLessThan(2_000);
    expect(r.out).toMatch(/key\.yaml:2:1 .*a key of 150,000 characters/);
  }, 60_000);
});
