// The desk in process, on a temporary data folder and a real live store: preview, apply, the
// refusals (stale, expired, broken, outside the folder, too large, not a moderator), one winner
// across two desks sharing the folders, revert, the trail, git commits and the mod log.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { createCatalogStore, type CatalogStore } from '../../src/live/catalog-store.ts';
import { contentHash } from '../../src/live/data-files.ts';
import { openDataGit } from '../../src/live/data-git.ts';
import { createFactsDesk, GONE, NOT_A_MODERATOR, type Actor, type DeskOptions, type FactsDesk } from '../../src/live/facts-desk.ts';
import type { ModEvent, ModLog } from '../../src/live/mod-log.ts';
import { createTrail } from '../../src/live/trail.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway-data');
const MOD: Actor = { id: '500000000000000001', name: 'Moderator One', guildId: '200000000000000001', isModerator: true };
const MEMBER: Actor = { id: '500000000000000002', name: 'Member', guildId: '200000000000000001', isModerator: false };

let root: string;
let data: string;
let state: string;
let store: CatalogStore;
let served: Map<string, string>;
let events: ModEvent[];

/** Attachments as Discord would serve them: a fetch that answers from a map. */
const fakeFetch = (async (url: string | URL) => {
  const body = served.get(new URL(url).pathname);
  return body === undefined ? new Response('no', { status: 404 }) : new Response(body, { status: 200 });
}) as typeof fetch;

const modLog: ModLog = { post: (e) => void events.push(e), flush: async () => undefined };

function desk(extra: Partial<DeskOptions> = {}): FactsDesk {
  return createFactsDesk({ dataDir: data, stateDir: state, fetch: fakeFetch, modLog, ...extra });
}

function attach(name: string, text: string) {
  served.set(`/attachments/1/${name}`, text);
  return { filename: name.split('/').at(-1)!, size: Buffer.byteLength(text), url: `https://cdn.discordapp.com/attachments/1/${name}`, contentType: 'application/yaml' };
}

const live = () => store.current()!;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'desk-'));
  data = path.join(root, 'data');
  state = path.join(root, 'state');
  await cp(FIXTURE, data, { recursive: true });
  // In-thread loading: the worker that reads files for the running bot has tests of its own
  // (catalog-store, hostile files); here it would only add a thread start per reload.
  store = createCatalogStore({ dir: data, load: (d) => loadCatalog(d) });
  expect((await store.reload('test')).ok).toBe(true);
  served = new Map();
  events = [];
});
afterEach(async () => {
  store.close();
  await rm(root, { recursive: true, force: true });
});

const FACTS = () => readFile(path.join(data, 'facts.yaml'), 'utf8');
const withValue = (text: string, n: number) => text.replace('value: 1370', `value: ${n}`).replaceAll('at least 1,370 civilians', `at least ${n.toLocaleString('en-US')} civilians`);

describe('upload, preview, apply', () => {
  it('previews a fixed file, applies it, reloads, records the trail and posts to the mod log', async () => {
    const d = desk();
    const original = await FACTS();
    const edited = withValue(original, 1371);
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', edited), live());
    expect(p.kind).toBe('preview');
    if (p.kind !== 'preview') return;
    expect(p.lines).toEqual(['~ cjtf-oir-civilian-deaths-2019-12: value at least 1,370 → at least 1,371; also quote', 'sources: ~1 (kuna-2020-02-14)']);
    expect(await FACTS()).toBe(original); // a preview writes nothing in DATA_DIR
    const before = live().catalog.version;

    const a = await d.apply(MOD, p.change.id, store);
    expect(a.kind).toBe('applied');
    if (a.kind !== 'applied') return;
    expect(await FACTS()).toBe(edited);
    expect(a.reload).toEqual({ ok: true, version: p.version });
    expect(live().catalog.version).not.toBe(before);
    expect(live().catalog.factsById.get('cjtf-oir-civilian-deaths-2019-12')?.value).toBe(1371);
    expect(a.record).toMatchObject({ user: { id: MOD.id, name: 'Moderator One' }, action: 'upload', file: 'facts.yaml', before: contentHash(Buffer.from(original)), after: contentHash(Buffer.from(edited)), previous: original });
    expect((await createTrail({ stateDir: state }).recent(5)).map((r) => r.id)).toEqual([a.record.id]);
    expect(events).toEqual([{ kind: 'applied', record: a.record }]);
    // Applied once: the same button again finds nothing.
    expect(await d.apply(MOD, p.change.id, store)).toEqual({ kind: 'refused', message: GONE });
  });

  it('shows the located problems of a broken upload and changes nothing', async () => {
    const d = desk();
    const original = await FACTS();
    const broken = original.replace('qualifier: at_least', 'qualifer: at_least');
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', broken), live());
    expect(p.kind).toBe('problems');
    if (p.kind !== 'problems') return;
    expect(p.problems.map((x) => `${x.line > 0 ? 'located' : 'unlocated'} ${x.message}`).join('\n')).toMatch(/located unknown key "qualifer"; did you mean "qualifier"\?/);
    expect(p.problems[0]!.file).toMatch(/facts\.yaml$/);
    expect(await FACTS()).toBe(original);
    expect(await readdir(path.join(state, 'pending')).catch(() => [])).toEqual([]);
    expect(events).toMatchObject([{ kind: 'rejected', what: expect.stringMatching(/upload of `facts.yaml` by Moderator One/) }]);
  });

  it('creates a new file, and refuses names outside the folder, oversized and non-YAML files', async () => {
    const d = desk();
    const extra = 'entities:\n  - { id: mosul, kind: place, name: Mosul, part_of: iraq, description: City. }\n';
    const p = await d.previewUpload(MOD, 'places/mosul.yaml', attach('mosul.yaml', extra), live());
    expect(p).toMatchObject({ kind: 'preview', lines: ['entities: +1 (mosul)'] });
    for (const target of ['../outside.yaml', '/tmp/x.yaml', 'a/../../x.yaml', '.hidden.yaml', 'x.yml', 'x.json']) {
      expect(await d.previewUpload(MOD, target, attach('x.yaml', extra), live())).toMatchObject({ kind: 'refused' });
    }
    expect(await d.previewUpload(MOD, 'x.yaml', { ...attach('x.yaml', extra), size: 2 * 1024 * 1024 }, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/limit is 1024 KiB/) });
    served.set('/attachments/1/big.yaml', `# ${'x'.repeat(1024 * 1024 + 10)}\n`);
    expect(await d.previewUpload(MOD, 'x.yaml', { filename: 'big.yaml', size: 10, url: 'https://cdn.discordapp.com/attachments/1/big.yaml' }, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/larger than/) });
    expect(await d.previewUpload(MOD, 'x.yaml', { ...attach('x.png', 'png'), contentType: 'image/png' }, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/not a YAML file/) });
    expect(await d.previewUpload(MOD, 'x.yaml', { ...attach('x.yaml', 'x'), url: 'https://evil.example/x.yaml' }, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/only downloaded from Discord/) });
    served.set('/attachments/1/bin.yaml', '\u0000\u0001');
    expect(await d.previewUpload(MOD, 'x.yaml', { filename: 'bin.yaml', size: 2, url: 'https://cdn.discordapp.com/attachments/1/bin.yaml' }, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/NUL/) });
    expect((await readdir(data)).sort()).toEqual(['facts.yaml', 'vocabulary.yaml']);
    expect(await readdir(root)).toEqual(['data', 'state']);
  });

  it('refuses a stale preview: the file changed after it was previewed', async () => {
    const d = desk();
    const original = await FACTS();
    const p1 = await d.previewUpload(MOD, 'facts.yaml', attach('a/facts.yaml', withValue(original, 1371)), live());
    const p2 = await d.previewUpload(MOD, 'facts.yaml', attach('b/facts.yaml', withValue(original, 1372)), live());
    if (p1.kind !== 'preview' || p2.kind !== 'preview') throw new Error('no preview');
    expect((await d.apply(MOD, p1.change.id, store)).kind).toBe('applied');
    expect(await d.apply(MOD, p2.change.id, store)).toEqual({ kind: 'stale', file: 'facts.yaml' });
    expect(await FACTS()).toBe(withValue(original, 1371));
    // A hand edit makes a preview stale too.
    const p3 = await d.previewUpload(MOD, 'facts.yaml', attach('c/facts.yaml', withValue(original, 1373)), live());
    await writeFile(path.join(data, 'facts.yaml'), `${withValue(original, 1371)}# touched\n`);
    if (p3.kind !== 'preview') throw new Error('no preview');
    expect((await d.apply(MOD, p3.change.id, store)).kind).toBe('stale');
  });

  it('says a preview expired after 15 minutes', async () => {
    let t = Date.parse('2025-01-01T00:00:00Z');
    const d = desk({ now: () => t });
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(await FACTS(), 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    t += 15 * 60_000;
    expect(await d.apply(MOD, p.change.id, store)).toEqual({ kind: 'expired', expiredAt: '2025-01-01T00:15:00.000Z' });
    expect(await d.apply(MOD, 'unknown-id-0123456789a', store)).toEqual({ kind: 'refused', message: GONE });
  });

  it('lets one Apply win when two desks (two processes) press at once', async () => {
    const a = desk();
    const b = desk();
    const original = await FACTS();
    const p = await a.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(original, 1371)), live());
    const q = await a.previewUpload(MOD, 'facts.yaml', attach('q/facts.yaml', withValue(original, 1372)), live());
    if (p.kind !== 'preview' || q.kind !== 'preview') throw new Error('no preview');
    const same = await Promise.all([a.apply(MOD, p.change.id, store), b.apply(MOD, p.change.id, store)]);
    expect(same.map((r) => r.kind).sort()).toEqual(['applied', 'refused']);
    expect(await b.apply(MOD, q.change.id, store)).toMatchObject({ kind: 'stale' });
    expect((await createTrail({ stateDir: state }).read()).records).toHaveLength(1);
    expect(await FACTS()).toBe(withValue(original, 1371));
  });

  it('refuses a member at every step, writing nothing', async () => {
    const d = desk();
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(await FACTS(), 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    const refused = { kind: 'refused', message: NOT_A_MODERATOR };
    expect(await d.previewUpload(MEMBER, 'facts.yaml', attach('facts.yaml', 'x'), live())).toEqual(refused);
    expect(await d.previewAdd(MEMBER, { who: 'a', value: '1', when: '2020', source: 's', quote: 'q' }, live())).toEqual(refused);
    expect(await d.previewRevert(MEMBER, 'abcdef0123', live())).toEqual(refused);
    expect(await d.apply(MEMBER, p.change.id, store)).toEqual(refused);
    expect(await d.cancel(MEMBER, p.change.id)).toEqual(refused);
    expect(await d.download(MEMBER, 'facts.yaml')).toEqual(refused);
    expect(await d.history(MEMBER, 10)).toEqual(refused);
    expect(await d.recentChanges(MEMBER, 10)).toEqual([]);
    expect(d.recentChangesCached(MEMBER, 10)).toEqual([]);
    expect((await d.apply(MOD, p.change.id, store)).kind).toBe('applied'); // still pending: the member changed nothing
  });

  it('undoes the write when the trail cannot record it: no change without its record', async () => {
    const d = desk();
    const original = await FACTS();
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(original, 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    await mkdir(path.join(state, 'trail.jsonl')); // appending to a directory fails
    expect(await d.apply(MOD, p.change.id, store)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/trail .* could not be written, so the change was undone/) });
    expect(await FACTS()).toBe(original);
    expect(events.filter((e) => e.kind === 'applied')).toEqual([]);
  });

  it('refuses a preview from another server', async () => {
    const d = desk();
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(await FACTS(), 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    expect(await d.apply({ ...MOD, guildId: '200000000000000009' }, p.change.id, store)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/another server/) });
  });
});

describe('revert', () => {
  it('restores what a change replaced, through the same preview and apply', async () => {
    const d = desk();
    const original = await FACTS();
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(original, 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    const a = await d.apply(MOD, p.change.id, store);
    if (a.kind !== 'applied') throw new Error('not applied');
    const r = await d.previewRevert(MOD, a.record.id, live());
    expect(r).toMatchObject({ kind: 'preview', lines: ['~ cjtf-oir-civilian-deaths-2019-12: value at least 1,371 → at least 1,370; also quote', 'sources: ~1 (kuna-2020-02-14)'], change: { kind: 'revert', revertOf: a.record.id } });
    if (r.kind !== 'preview') return;
    const b = await d.apply(MOD, r.change.id, store);
    expect(b).toMatchObject({ kind: 'applied', record: { action: 'revert', revertOf: a.record.id, before: a.record.after, after: a.record.before } });
    expect(await FACTS()).toBe(original);
    expect(live().catalog.factsById.get('cjtf-oir-civilian-deaths-2019-12')?.value).toBe(1370);
  });

  it('names the later change in the way, and says when the file was edited by hand', async () => {
    const d = desk();
    const original = await FACTS();
    const applyUpload = async (text: string, name: string) => {
      const p = await d.previewUpload(MOD, 'facts.yaml', attach(name, text), live());
      if (p.kind !== 'preview') throw new Error('no preview');
      const a = await d.apply(MOD, p.change.id, store);
      if (a.kind !== 'applied') throw new Error('not applied');
      return a.record;
    };
    const first = await applyUpload(withValue(original, 1371), '1/facts.yaml');
    const second = await applyUpload(withValue(original, 1372), '2/facts.yaml');
    expect(await d.previewRevert(MOD, first.id, live())).toMatchObject({ kind: 'refused', message: expect.stringContaining(`change \`${second.id}\` by Moderator One`) });
    await writeFile(path.join(data, 'facts.yaml'), `${withValue(original, 1372)}# by hand\n`);
    expect(await d.previewRevert(MOD, second.id, live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/edited outside the bot/) });
    expect(await d.previewRevert(MOD, 'nope', live())).toMatchObject({ kind: 'refused', message: expect.stringMatching(/no change `nope`/) });
  });

  it('deletes a file the change created', async () => {
    const d = desk();
    const extra = 'entities:\n  - { id: mosul, kind: place, name: Mosul, part_of: iraq, description: City. }\n';
    const p = await d.previewUpload(MOD, 'places/mosul.yaml', attach('mosul.yaml', extra), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    const a = await d.apply(MOD, p.change.id, store);
    if (a.kind !== 'applied') throw new Error('not applied');
    expect(live().catalog.entities.has('mosul')).toBe(true);
    const r = await d.previewRevert(MOD, a.record.id, live());
    expect(r).toMatchObject({ kind: 'preview', lines: ['entities: -1 (mosul)'] });
    if (r.kind !== 'preview') return;
    expect((await d.apply(MOD, r.change.id, store)).kind).toBe('applied');
    await expect(stat(path.join(data, 'places/mosul.yaml'))).rejects.toThrow();
    expect(live().catalog.entities.has('mosul')).toBe(false);
  });
});

describe('/facts add', () => {
  it('appends the figure to its source’s file and applies like an upload', async () => {
    const d = desk();
    const p = await d.previewAdd(MOD, { who: 'airwars, civilian_deaths_likely, us-led-coalition', value: '8,300 to 13,200', when: 'as of 2020-02-29', source: 'airwars-2020', quote: 'between 8,300 and 13,200 civilians likely killed' }, live());
    expect(p).toMatchObject({ kind: 'preview', change: { kind: 'add', file: 'facts.yaml' }, lines: [expect.stringMatching(/^\+ airwars-civilian-deaths-likely-2020-02-29: civilian_deaths_likely 8,300–13,200/)] });
    if (p.kind !== 'preview') return;
    expect((await d.apply(MOD, p.change.id, store)).kind).toBe('applied');
    expect(live().catalog.factsById.get('airwars-civilian-deaths-likely-2020-02-29')?.value).toEqual({ min: 8300, max: 13200 });
    expect(await FACTS()).toContain('# A small, valid data directory');
  });

  it('names the input when the validator finds the quote does not hold the figure', async () => {
    const d = desk();
    const p = await d.previewAdd(MOD, { who: 'airwars, civilian_deaths_likely', value: '8,301', when: '2020-02-29', source: 'https://airwars.org/feb | February | 2020-03-02', quote: 'about nine thousand' }, live());
    expect(p).toMatchObject({ kind: 'problems', file: 'airwars/2020-03-02.yaml', formProblems: [{ input: 'quote', message: expect.stringMatching(/does not contain the figure/) }] });
    await expect(stat(path.join(data, 'airwars'))).rejects.toThrow();
  });
});

describe('download', () => {
  it('returns a file’s bytes, and refuses names outside the folder', async () => {
    const d = desk();
    const got = await d.download(MOD, 'facts.yaml');
    expect(got.kind === 'file' && got.name === 'facts.yaml' && Buffer.from(got.bytes).equals(await readFile(path.join(data, 'facts.yaml')))).toBe(true);
    expect(await d.download(MOD, '../state/trail.jsonl')).toMatchObject({ kind: 'refused' });
    expect(await d.download(MOD, 'missing.yaml')).toMatchObject({ kind: 'refused', message: expect.stringMatching(/no `missing.yaml`/) });
  });
});

describe('DATA_GIT', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Setup', GIT_AUTHOR_EMAIL: 's@x', GIT_COMMITTER_NAME: 'Setup', GIT_COMMITTER_EMAIL: 's@x' } });
  beforeEach(() => {
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', 'data');
    git(root, 'commit', '-q', '-m', 'seed');
  });

  it('commits each applied change, authored by the moderator, and only that file', async () => {
    await writeFile(path.join(root, 'unrelated.txt'), 'staged, not ours');
    git(root, 'add', 'unrelated.txt');
    const d = desk({ git: (await openDataGit(data))! });
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', withValue(await FACTS(), 1371)), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    const a = await d.apply(MOD, p.change.id, store);
    expect(a).toMatchObject({ kind: 'applied', git: { ok: true } });
    const log = git(root, 'log', '-1', '--format=%an <%ae>|%cn|%s%n%b');
    expect(log).toContain(`Moderator One <${MOD.id}@users.noreply.discord.invalid>|Contested Figures bot|Update facts.yaml from Discord`);
    expect(log).toContain(`Trail: ${(a as { record: { id: string } }).record.id}`);
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('data/facts.yaml');
    expect(git(root, 'diff', '--cached', '--name-only').trim()).toBe('unrelated.txt');
  });

  it('keeps the change when the commit fails', async () => {
    await mkdir(path.join(root, '.git', 'hooks'), { recursive: true });
    await writeFile(path.join(root, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\necho "hook says no" >&2\nexit 1\n');
    await chmod(path.join(root, '.git', 'hooks', 'pre-commit'), 0o755);
    const d = desk({ git: (await openDataGit(data))! });
    const edited = withValue(await FACTS(), 1371);
    const p = await d.previewUpload(MOD, 'facts.yaml', attach('facts.yaml', edited), live());
    if (p.kind !== 'preview') throw new Error('no preview');
    const a = await d.apply(MOD, p.change.id, store);
    expect(a).toMatchObject({ kind: 'applied', git: { ok: false, message: 'hook says no' } });
    expect(await FACTS()).toBe(edited);
    expect(events.at(-1)).toMatchObject({ kind: 'applied', note: expect.stringMatching(/git commit failed/) });
  });

  it('is not offered outside a work tree', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'no-git-'));
    try {
      expect(await openDataGit(elsewhere)).toBeUndefined();
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
