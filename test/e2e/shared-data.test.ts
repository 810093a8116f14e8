// Two HTTP endpoint processes (`npm run serve`'s bundle) watching one data folder, as instances on
// one shared volume do: an edit reaches both (GET /healthz names the same new catalog version on
// each), and a broken edit reaches neither (both keep serving the last good version).
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { createTestSigner } from '../http/signing.ts';
import { FIXTURE_DATA } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTDIR = 'dist/test-shared-data';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two instances watching one data folder', () => {
  const signer = createTestSigner();
  const instances: { child: ChildProcess; url: string; out: () => string }[] = [];
  let dataDir: string;
  let stateDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shared-data-'));
    stateDir = await mkdtemp(path.join(tmpdir(), 'shared-data-state-'));
    await cp(FIXTURE_DATA, dataDir, { recursive: true });
    const [bundle] = (await buildBundles({ serve: 'src/cli/serve.ts' }, OUTDIR)) as [string];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, [...nodeFlagsOf('serve'), bundle], {
        cwd: stateDir,
        env: { PATH: process.env.PATH, DISCORD_PUBLIC_KEY: signer.publicKeyHex, PORT: String(port), DATA_DIR: dataDir, STATE_DIR: stateDir, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let out = '';
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      instances.push({ child, url: `http://127.0.0.1:${port}`, out: () => out });
    }
    for (const i of instances) await until(async () => (i.out().includes('"listening"') ? true : undefined), `an instance to listen: ${i.out()}`);
  }, 60_000);

  afterAll(async () => {
    for (const i of instances) {
      i.child.kill('SIGTERM');
      await new Promise((r) => i.child.once('exit', r));
    }
    for (const d of [dataDir, stateDir]) if (d) await rm(d, { recursive: true, force: true });
    await rm(path.join(root, OUTDIR), { recursive: true, force: true });
  });

  const version = async (url: string): Promise<string> => ((await (await fetch(`${url}/healthz`)).json()) as { version: string }).version;

  it('an edit reaches both; a broken edit reaches neither', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const before = await version(a.url);
    expect(await version(b.url)).toBe(before);

    const file = path.join(dataDir, 'facts.yaml');
    const good = await readFile(file, 'utf8');
    const edited = good.replace('A UK-based monitor of civilian harm from air strikes.', 'A UK-based monitor of civilian harm.');
    expect(edited).not.toBe(good);
    await writeFile(file, edited);
    const next = await until(async () => {
      const [va, vb] = [await version(a.url), await version(b.url)];
      return va !== before && va === vb ? va : undefined;
    }, 'both instances to serve the edit');
    expect(next).not.toBe(before);

    await writeFile(file, edited.replace('qualifier: at_least', 'qualifier: roughly'));
    for (const i of instances) await until(async () => (i.out().includes('fact files rejected') ? true : undefined), 'the broken edit to be rejected');
    expect(await version(a.url)).toBe(next);
    expect(await version(b.url)).toBe(next);
  }, 60_000);
});
