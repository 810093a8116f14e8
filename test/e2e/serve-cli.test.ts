// `npm run serve`'s entry point, bundled as `npm run build` bundles it and run by plain node as
// `npm run serve` runs it: refuses a bad configuration with one message, answers a signed PING on
// PORT, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { send } from '../http/client.ts';
import { createTestSigner, pingInteraction } from '../http/signing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Its own output directory: test files run in parallel and another one bundles too.
const OUTDIR = 'dist/test-serve-cli';
let serveBundle: string;
beforeAll(async () => {
  [serveBundle] = (await buildBundles({ serve: 'src/cli/serve.ts' }, OUTDIR)) as [string];
});
afterAll(async () => {
  await rm(path.join(root, OUTDIR), { recursive: true, force: true });
});

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

function serve(env: NodeJS.ProcessEnv) {
  // cwd is a directory without .env, so only `env` configures the child.
  const child = spawn(process.execPath, ['--enable-source-maps', serveBundle], {
    cwd: path.join(root, 'test/http'),
    env: { PATH: process.env.PATH, DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('npm run serve', () => {
  it('refuses to start without a valid DISCORD_PUBLIC_KEY, saying how to fix it', async () => {
    const missing = serve({});
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toMatch(/DISCORD_PUBLIC_KEY is missing \(copy the Public Key/);
    const bad = serve({ DISCORD_PUBLIC_KEY: 'not-hex', PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/DISCORD_PUBLIC_KEY is invalid/);
    expect(bad.stderr()).toMatch(/PORT is invalid/);
    expect(bad.stderr()).not.toContain('not-hex');
  }, 30_000);

  it('answers a signed PING on PORT and shuts down cleanly on SIGTERM', async () => {
    const signer = createTestSigner();
    const port = await freePort();
    const s = serve({ DISCORD_PUBLIC_KEY: signer.publicKeyHex, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 20_000;
      while (!s.stderr().includes('"listening"')) {
        if (Date.now() > deadline || s.child.exitCode !== null) throw new Error(`serve did not start: ${s.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const body = JSON.stringify(pingInteraction());
      const pong = await send(url, { body, headers: signer.headers(body) });
      expect(pong.json()).toEqual({ type: 1 });
      expect((await send(url, { body: body.replace('ping', 'pong'), headers: signer.headers(body) })).status).toBe(401);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.stderr()).toContain('"stopped"');
    } finally {
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
  }, 30_000);
});
