// The command-line tools as a user runs them: separate processes through tsx, with their exit
// statuses and what they print. Slow (a process each), so they live in `npm run test:e2e`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { ENTITIES, writeDataDir } from '../catalog/fixture.ts';
import { answerCommandPayload } from '../helpers/bot.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

describe('npm run validate, as a process', () => {
  it('exits 1 on a broken file and says where', async () => {
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, 'bad.yaml': 'facts: [' });
    const err = await run(tsx, ['src/cli/validate.ts', dir], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in err && err.code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/bad\.yaml:\d+:\d+  -  YAML syntax:/);
  });
});

describe('npm run ask, as a process', () => {
  it('prints the very body the bot sends, for `--json "/casualties coalition"`', async () => {
    const { stdout } = await run(tsx, ['src/cli/ask.ts', '--json', '/casualties coalition'], { cwd: root, env: { ...process.env, DATA_DIR: 'data' } });
    const loaded = await loadCatalog(path.join(root, 'data'));
    if (!loaded.ok) throw new Error('shipped data does not load');
    expect(JSON.parse(stdout)).toEqual(answerCommandPayload({ catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) }, 'casualties', { subject: 'coalition' }));
  }, 30_000);

  it('answers a question without a slash as /fact, and exits 2 on a usage error', async () => {
    const { stdout } = await run(tsx, ['src/cli/ask.ts', 'syrian refugees'], { cwd: root });
    expect(stdout).toMatch(/refugees/i);
    const err = await run(tsx, ['src/cli/ask.ts', '--bogus', '/about'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in err && err.code).toBe(2);
  }, 30_000);
});
