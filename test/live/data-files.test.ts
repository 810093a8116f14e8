// Where a change from Discord may write: only confined `.yaml` names inside DATA_DIR, never
// through a symbolic link, never outside it, and atomically.
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABSENT, confineName, contentHash, isInside, listData, listFactFiles, readTarget, resolveInside, writeTarget } from '../../src/live/data-files.ts';

let root: string;
let data: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'data-files-'));
  data = path.join(root, 'data');
  outside = path.join(root, 'outside');
  await mkdir(path.join(data, 'cjtf-oir'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(data, 'a.yaml'), 'facts: []\n');
  await writeFile(path.join(data, 'cjtf-oir', '2020-02-13.yaml'), 'facts: []\n');
  await writeFile(path.join(outside, 'secret.yaml'), 'not yours\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('confineName', () => {
  it('accepts plain relative .yaml names', () => {
    expect(confineName('a.yaml')).toEqual({ ok: true, name: 'a.yaml' });
    expect(confineName(' cjtf-oir/2020-02-13.yaml ')).toEqual({ ok: true, name: 'cjtf-oir/2020-02-13.yaml' });
    expect(confineName('airwars/2020.v2.yaml')).toEqual({ ok: true, name: 'airwars/2020.v2.yaml' });
  });

  it.each([
    ['../outside/secret.yaml', /`\.` and `\.\.`/],
    ['cjtf-oir/../../x.yaml', /`\.` and `\.\.`/],
    ['/etc/passwd.yaml', /absolute/],
    ['C:/x.yaml', /absolute/],
    ['..\\x.yaml', /forward slashes/],
    ['.hidden.yaml', /Hidden/],
    ['dir/.x/y.yaml', /Hidden/],
    ['a.yml', /\.yaml/],
    ['a.YAML', /\.yaml/],
    ['a.json', /\.yaml/],
    ['a', /\.yaml/],
    ['a//b.yaml', /empty folder/],
    ['a/', /empty folder/],
    ['a\nb.yaml', /control/],
    ['a b.yaml', /letters, digits/],
    ['ü.yaml', /letters, digits/],
    ['a/b/c/d/e.yaml', /nested/],
    ['', /Name a file/],
    ['x'.repeat(300) + '.yaml', /too long/],
  ])('refuses %j', (name, message) => {
    const r = confineName(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('never yields a name that resolves outside the data folder, or is not .yaml (property)', () => {
    const piece = fc.oneof(fc.constantFrom('..', '.', '', '/', '\\', 'a', 'b.yaml', '.yaml', '~', '%2e%2e', '\u0000', 'C:', 'x/'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.constantFrom('/', '', '\\')), { maxLength: 8 }), fc.constantFrom('', '/', './', '../'), (parts, lead) => {
        const input = lead + parts.map(([p, sep]) => p + sep).join('');
        const r = confineName(input);
        if (!r.ok) return true;
        const base = '/srv/data';
        const resolved = path.resolve(base, r.name);
        return isInside(base, resolved) && r.name.endsWith('.yaml') && !r.name.split('/').some((s) => s === '..' || s === '.' || s.startsWith('.')) && path.posix.normalize(r.name) === r.name;
      }),
    );
  });
});

describe('resolveInside and writeTarget', () => {
  it('resolves existing and new files inside the folder', async () => {
    expect(await resolveInside(data, 'a.yaml')).toMatchObject({ ok: true, exists: true, name: 'a.yaml' });
    expect(await resolveInside(data, 'new/b.yaml')).toMatchObject({ ok: true, exists: false, name: 'new/b.yaml' });
  });

  it('refuses a symlinked folder or file that leads out, and writes nothing there', async () => {
    await symlink(outside, path.join(data, 'out'));
    await symlink(path.join(outside, 'secret.yaml'), path.join(data, 'link.yaml'));
    expect(await resolveInside(data, 'out/secret.yaml')).toMatchObject({ ok: false, message: expect.stringMatching(/symbolic link/) });
    expect(await resolveInside(data, 'link.yaml')).toMatchObject({ ok: false, message: expect.stringMatching(/symbolic link/) });
    await expect(writeTarget(data, 'out/secret.yaml', new TextEncoder().encode('owned'))).rejects.toThrow(/symbolic link/);
    await expect(writeTarget(data, 'link.yaml', new TextEncoder().encode('owned'))).rejects.toThrow(/symbolic link/);
    await expect(writeTarget(data, '../outside/secret.yaml', new TextEncoder().encode('owned'))).rejects.toThrow(/`\.\.`/);
    expect(await readFile(path.join(outside, 'secret.yaml'), 'utf8')).toBe('not yours\n');
    expect(await readdir(outside)).toEqual(['secret.yaml']);
  });

  it('refuses a symlink even when it stays inside (the bot writes real files only)', async () => {
    await symlink(path.join(data, 'a.yaml'), path.join(data, 'alias.yaml'));
    expect((await resolveInside(data, 'alias.yaml')).ok).toBe(false);
  });

  it('writes atomically (no temporary file left), creates folders, and deletes', async () => {
    await writeTarget(data, 'new/deep/b.yaml', new TextEncoder().encode('facts: []\n'));
    expect(await readFile(path.join(data, 'new/deep/b.yaml'), 'utf8')).toBe('facts: []\n');
    expect(await readdir(path.join(data, 'new/deep'))).toEqual(['b.yaml']);
    await writeTarget(data, 'a.yaml', new TextEncoder().encode('facts: [] # v2\n'));
    expect(await readFile(path.join(data, 'a.yaml'), 'utf8')).toBe('facts: [] # v2\n');
    expect((await readdir(data)).filter((n) => n.startsWith('.'))).toEqual([]);
    await writeTarget(data, 'a.yaml', undefined);
    await expect(lstat(path.join(data, 'a.yaml'))).rejects.toThrow();
  });

  it('reads a target with its hash; a missing file hashes as absent', async () => {
    const r = await readTarget(data, 'a.yaml');
    expect(r.ok && r.bytes && contentHash(r.bytes)).toMatch(/^[0-9a-f]{64}$/);
    const missing = await readTarget(data, 'nope.yaml');
    expect(missing.ok && missing.bytes).toBeUndefined();
    expect(contentHash(undefined)).toBe(ABSENT);
  });
});

describe('listData', () => {
  it('lists the fact files as the loader does: hidden and non-YAML names skipped, links followed inside only, each file once', async () => {
    await writeFile(path.join(data, '.hidden.yaml'), 'x');
    await writeFile(path.join(data, 'notes.txt'), 'x');
    await symlink(path.join(outside, 'secret.yaml'), path.join(data, 'out.yaml'));
    await symlink(path.join(data, 'a.yaml'), path.join(data, 'same.yaml'));
    expect(await listFactFiles(data)).toEqual(['a.yaml', 'cjtf-oir/2020-02-13.yaml']);
    const listed = await listData(data);
    expect(listed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/outside the data directory/)]);
  });
});
