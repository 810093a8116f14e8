// Per-server settings in STATE_DIR: defaults without a file, saved atomically inside the
// directory, kept across a reopen, and a corrupt file refused rather than replaced.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerSettings, SETTINGS_FILE, SettingsError } from '../../src/live/server-settings.ts';

const A = '200000000000000001';
const B = '210000000000000001';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'settings-'));
  dir = path.join(root, 'state');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('server settings', () => {
  it('answers mentions everywhere by default, and creates nothing until a change', async () => {
    const s = await openServerSettings(dir);
    expect(s.mentionsOn(A)).toBe(true);
    expect(await readdir(root)).toEqual([]);
  });

  it('saves a change inside the state directory only, and keeps it across a reopen', async () => {
    const s = await openServerSettings(dir);
    await s.setMentions(A, false);
    expect(s.mentionsOn(A)).toBe(false);
    expect(s.mentionsOn(B)).toBe(true);
    expect(await readdir(root)).toEqual(['state']);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    expect(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, servers: { [A]: { mentions: false } } });
    const again = await openServerSettings(dir);
    expect(again.mentionsOn(A)).toBe(false);
    await again.setMentions(A, true);
    expect((await openServerSettings(dir)).mentionsOn(A)).toBe(true);
  });

  it('applies concurrent changes in order, each write whole', async () => {
    const s = await openServerSettings(dir);
    await Promise.all([s.setMentions(A, false), s.setMentions(B, false), s.setMentions(A, true), s.setMentions(B, false)]);
    expect(s.mentionsOn(A)).toBe(true);
    expect(s.mentionsOn(B)).toBe(false);
    expect(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, servers: { [B]: { mentions: false } } });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
  });

  it('refuses anything but a server id as a key', async () => {
    const s = await openServerSettings(dir);
    await expect(s.setMentions('../escape', false)).rejects.toThrow(SettingsError);
    await expect(s.setMentions('__proto__', false)).rejects.toThrow(SettingsError);
    expect(await readdir(root)).toEqual([]);
  });

  it('a failed write changes nothing and leaves no temporary file', async () => {
    const s = await openServerSettings(dir);
    // A directory where the file should be: the rename fails, whoever the tests run as.
    await mkdir(path.join(dir, SETTINGS_FILE), { recursive: true });
    await expect(s.setMentions(A, false)).rejects.toThrow();
    expect(s.mentionsOn(A)).toBe(true);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    await rm(path.join(dir, SETTINGS_FILE), { recursive: true });
    await s.setMentions(A, false);
    expect(s.mentionsOn(A)).toBe(false);
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /not valid JSON/],
    ['an unknown key', JSON.stringify({ version: 1, servers: { [A]: { mention: false } } }), /not a settings file/],
    ['a key that is not a server id', JSON.stringify({ version: 1, servers: { '../x': { mentions: false } } }), /not a settings file/],
    ['another version', JSON.stringify({ version: 2, servers: {} }), /not a settings file/],
  ])('refuses a file that is %s, naming it', async (_what, text, message) => {
    await mkdir(dir);
    await writeFile(path.join(dir, SETTINGS_FILE), text);
    const opened = openServerSettings(dir);
    await expect(opened).rejects.toThrow(SettingsError);
    await expect(opened).rejects.toThrow(message);
    await expect(opened).rejects.toThrow(SETTINGS_FILE);
  });
});
