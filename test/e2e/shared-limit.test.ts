// Two HTTP endpoint processes (`npm run serve`'s bundle) behind an imaginary load balancer share
// one per-user limit through a real Redis (REDIS_URL): a user's sixth command in 10 s is refused
// whichever instance gets it. Then Redis is stopped mid-run: every request is still answered at
// once (Redis is given 200 ms), each instance falls back to its own limit and says so once in its
// log, and says so again when Redis is back. Needs `redis-server` (the Debian package; .ci/run
// installs it): skipped without it, except in CI, where that is a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { rateLimitedMessage } from '../../src/interactions/runner.ts';
import { send } from '../http/client.ts';
import { commandInteraction, createTestSigner } from '../http/signing.ts';
import { FIXTURE_DATA, newUser } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTDIR = 'dist/test-shared-limit';
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!haveRedis && process.env.CI) throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run does it)');

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

interface Proc {
  child: ChildProcess;
  out: () => string;
  exited: Promise<unknown>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, out: () => out, exited };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!haveRedis)('the rate limit shared through Redis (REDIS_URL)', () => {
  const signer = createTestSigner();
  let redisPort: number;
  let redis: Proc | undefined;
  const instances: { proc: Proc; url: string }[] = [];
  let stateDir: string;

  const startRedis = async (): Promise<void> => {
    redis = run('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    await until(() => redis!.out().includes('Ready to accept connections'), 'redis-server to start');
  };

  beforeAll(async () => {
    redisPort = await freePort();
    stateDir = await mkdtemp(path.join(tmpdir(), 'shared-limit-'));
    const [bundle] = (await buildBundles({ serve: 'src/cli/serve.ts' }, OUTDIR)) as [string];
    await startRedis();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = run(process.execPath, [...nodeFlagsOf('serve'), bundle], {
        DISCORD_PUBLIC_KEY: signer.publicKeyHex,
        PORT: String(port),
        DATA_DIR: FIXTURE_DATA,
        STATE_DIR: stateDir,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        LOG_LEVEL: 'info',
      });
      instances.push({ proc, url: `http://127.0.0.1:${port}` });
    }
    for (const { proc } of instances) await until(() => proc.out().includes('"listening"') && proc.out().includes('rate limit shared through Redis'), `an instance to start: ${proc.out()}`);
  }, 60_000);

  afterAll(async () => {
    for (const { proc } of instances) {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
    redis?.child.kill('SIGKILL');
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    await rm(path.join(root, OUTDIR), { recursive: true, force: true });
  });

  async function about(url: string, userId: string): Promise<{ content: string; ms: number }> {
    const body = JSON.stringify(commandInteraction('about', {}, undefined, { userId }));
    const started = Date.now();
    const r = await send(url, { body, headers: signer.headers(body) });
    expect(r.status).toBe(200);
    const json = r.json() as { data: { content?: string; embeds?: unknown[] } };
    return { content: json.data.content ?? JSON.stringify(json.data.embeds), ms: Date.now() - started };
  }

  it('refuses a user\'s sixth command in the window, whichever instance it reaches', async () => {
    const user = newUser();
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await about(instances[i % 2]!.url, user)).content);
    for (const a of answers.slice(0, 5)) expect(a).not.toContain('asking faster');
    expect(answers[5]).toMatch(/^You're asking faster than I can answer\. Please wait \d+ seconds? and try again\.$/);
    expect(rateLimitedMessage(10_000)).toContain('asking faster');
    // Another user is not affected.
    expect((await about(instances[1]!.url, newUser())).content).not.toContain('asking faster');
  });

  it('keeps answering at once when Redis stops, each instance limiting on its own, and says so once', async () => {
    redis!.child.kill('SIGTERM');
    await redis!.exited;
    const user = newUser();
    const a = instances[0]!;
    const b = instances[1]!;
    const onA: { content: string; ms: number }[] = [];
    for (let i = 0; i < 6; i++) onA.push(await about(a.url, user));
    for (const r of onA) expect(r.ms).toBeLessThan(1_500); // 200 ms for Redis, the rest is the answer on two busy cores
    expect(onA.slice(0, 5).every((r) => !r.content.includes('asking faster'))).toBe(true);
    expect(onA[5]!.content).toContain('asking faster');
    // Instance B has its own count now: the same user gets its own five there.
    expect((await about(b.url, user)).content).not.toContain('asking faster');
    await about(b.url, newUser());
    for (const { proc } of instances) {
      await until(() => proc.out().includes('Redis unreachable'), 'the fallback to be logged');
      expect(proc.out().split('Redis unreachable').length - 1).toBe(1);
    }
  }, 30_000);

  it('shares the limit again when Redis is back', async () => {
    await startRedis();
    for (const { proc } of instances) await until(() => proc.out().includes('Redis reachable again'), 'the instances to reconnect');
    const user = newUser();
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await about(instances[i % 2]!.url, user)).content);
    expect(answers[5]).toContain('asking faster');
  }, 30_000);
});
