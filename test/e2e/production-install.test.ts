// The production install as an operator (or the image) makes it: the repository copied to a temp
// folder, built there with every dependency, then a second folder with the runtime dependencies
// only (`npm ci --omit=dev`) and the build's dist/, the same stages as the Dockerfile
// (install-steps.ts). There, each npm script an operator runs works without tsx or esbuild:
// `npm run validate`, `npm run ask`, `npm run deploy-commands`, `npm start` against the Discord
// stand-in, and `npm run serve`. And a development checkout still builds when dist/ is missing or
// its sources changed.
//
// npm installs from its cache where it can (npm_config_prefer_offline), so the registry is asked
// only for what the cache lacks; set npm_config_offline=true to forbid the network entirely.
import { execFile, spawn } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../standin/discord.ts';
import { command, opt } from '../standin/interactions.ts';
import { PNG } from 'pngjs';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../../src/render/chart/theme.ts';
import { send } from '../http/client.ts';
import { createTestSigner, pingInteraction } from '../http/signing.ts';
import { APP_ID, callbackOf, editOf, GUILD, member, newUser, TOKEN } from './harness.ts';
import { BUILD_STAGE, DEV_ONLY, RUNTIME_STAGE } from './install-steps.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let tmp: string;
let buildDir: string;
let appDir: string;
let standIn: DiscordStandIn;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a machine with no .env and none of this test run's variables. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache', 'npm_config_offline', 'npm_config_registry'];
  const env: NodeJS.ProcessEnv = { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

function sh(commandLine: string, cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', commandLine], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function runStage(stage: { copy: readonly string[]; run: readonly string[] }, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const item of stage.copy) await cp(path.join(root, item), path.join(dir, item), { recursive: true });
  for (const step of stage.run) {
    const r = await sh(step, dir);
    if (r.code !== 0) throw new Error(`${step} failed in ${dir} (exit ${r.code}):\n${r.stderr.slice(-4000)}`);
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'production-install-'));
  buildDir = path.join(tmp, 'build');
  appDir = path.join(tmp, 'app');
  // The two stages install at once; the build stage's dist/ is then copied, as COPY --from does.
  await Promise.all([runStage(BUILD_STAGE, buildDir), runStage(RUNTIME_STAGE, appDir)]);
  await cp(path.join(buildDir, 'dist'), path.join(appDir, 'dist'), { recursive: true });
  standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
}, 300_000);

afterAll(async () => {
  await standIn?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('a production install (npm ci --omit=dev after a build)', () => {
  it('holds the runtime dependencies and not the development tools', () => {
    for (const dev of DEV_ONLY) expect(existsSync(path.join(appDir, 'node_modules', dev)), `${dev} is a devDependency`).toBe(false);
    for (const dep of ['discord.js', 'prom-client', 'zod']) expect(existsSync(path.join(appDir, 'node_modules', dep, 'package.json')), dep).toBe(true);
    expect(existsSync(path.join(appDir, 'src'))).toBe(false);
  });

  it('npm run validate checks the shipped data', async () => {
    const r = await sh('npm run --silent validate', appDir);
    expect(r.stderr).not.toMatch(/not found/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: \d+ files/m);
  }, 60_000);

  it('npm run ask answers, and exits 1 when nothing is found', async () => {
    const r = await sh('npm run --silent ask -- "/casualties coalition"', appDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CJTF-OIR/);
    const json = await sh('npm run --silent ask -- --json "/about"', appDir);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 4 });
    const none = await sh('npm run --silent ask -- "/source zzzzqqqq"', appDir);
    expect(none.code).toBe(1);
    // The chart: Vega and resvg's native addon from the production install, the font from assets/.
    const chart = await sh('npm run --silent ask -- "/timeline coalition" --png chart.png', appDir);
    expect(chart.code, chart.stderr).toBe(0);
    expect(chart.stderr).toMatch(/^wrote chart\.png \(\d+ bytes\)$/m);
    const png = PNG.sync.read(await readFile(path.join(appDir, 'chart.png')));
    expect([png.width, png.height]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);
  }, 60_000);

  it('npm run deploy-commands registers the commands with the stand-in', async () => {
    const env = cleanEnv({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD.id, DISCORD_API_URL: standIn.apiUrl });
    const r = await sh('npm run --silent deploy-commands', appDir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Registered \d+ commands/);
    expect(standIn.commands.get(GUILD.id)?.map((c) => c.name)).toContain('casualties');
    expect(r.stderr).not.toContain(TOKEN);
  }, 60_000);

  it('npm start connects to the stand-in, answers, serves /livez and /metrics, and stops on SIGTERM', async () => {
    const metricsPort = await freePort();
    const identifies = standIn.identifies;
    const child = spawn('npm', ['start'], {
      cwd: appDir,
      detached: true,
      env: cleanEnv({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: standIn.apiUrl,
        LOG_LEVEL: 'info',
        METRICS_PORT: String(metricsPort),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    // 'close': npm and the bot (which holds the same pipes) have both exited.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      await Promise.race([
        standIn.waitForSession(identifies + 1, 0, 30_000),
        exited.then((e) => Promise.reject(new Error(`npm start exited ${JSON.stringify(e)} before connecting:\n${stderr.slice(-3000)}`))),
      ]);
      const body = await callbackOf(standIn, command(standIn, member(newUser()), 'about'), 10_000);
      expect(JSON.stringify(body)).toContain('About this bot');
      // /timeline's chart, drawn by dist/chart-worker.js: at once, or (the worker's first chart on a
      // busy machine) deferred and finished by the edit.
      const asked = command(standIn, member(newUser()), 'timeline', [opt.str('subject', 'coalition')]);
      const first = await callbackOf(standIn, asked, 20_000);
      const withChart = first.type === 5 ? await editOf(standIn, asked, 20_000) : first.data;
      expect(withChart.embeds[0].image).toEqual({ url: 'attachment://timeline.png' });
      expect(withChart.attachments[0]).toMatchObject({ filename: 'timeline.png', description: expect.stringContaining('Chart of Civilian deaths') });
      const live = await fetch(`http://127.0.0.1:${metricsPort}/livez`);
      expect(live.status).toBe(200);
      // Counted a moment after the answer reached the stand-in.
      const deadline = Date.now() + 5_000;
      let metrics = '';
      do metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      while (!/^bot_commands_total\{command="about",outcome="answered"\} 1$/m.test(metrics) && Date.now() < deadline);
      expect(metrics).toMatch(/^bot_commands_total\{command="about",outcome="answered"\} 1$/m);
    } finally {
      stopGroup(child.pid!);
    }
    expectStopped(await exited, stderr);
    expect(stderr).not.toMatch(/tsx: not found|ERR_MODULE_NOT_FOUND/);
    // npm start wrote its state where the configuration says, not into the build.
    expect(stderr).not.toContain(TOKEN);
  }, 60_000);

  it('npm run serve answers a signed PING', async () => {
    const signer = createTestSigner();
    const port = await freePort();
    const child = spawn('npm', ['run', 'serve'], {
      cwd: appDir,
      detached: true,
      env: cleanEnv({ DISCORD_PUBLIC_KEY: signer.publicKeyHex, PORT: String(port), LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    // 'close': npm and the bot (which holds the same pipes) have both exited.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 30_000;
      while (!stderr.includes('"listening"')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const ping = JSON.stringify(pingInteraction());
      const pong = await send(`http://127.0.0.1:${port}`, { body: ping, headers: signer.headers(ping) });
      expect(pong.json()).toEqual({ type: 1 });
    } finally {
      stopGroup(child.pid!);
    }
    expectStopped(await exited, stderr);
  }, 60_000);

  it('refuses, saying how to build, when sources beside it changed and it cannot rebuild', async () => {
    // A production install with sources that no longer match the build (an edit after the build).
    await cp(path.join(buildDir, 'src'), path.join(appDir, 'src'), { recursive: true });
    await cp(path.join(buildDir, 'tsconfig.json'), path.join(appDir, 'tsconfig.json'));
    try {
      expect((await sh('node scripts/ensure-build.mjs', appDir)).code).toBe(0);
      await appendFile(path.join(appDir, 'src/cli/ask.ts'), '\n// edited after the build\n');
      const r = await sh('npm run --silent ask -- /about', appDir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/src\/ has changed since dist\/ was built, and it cannot be built here/);
      expect(r.stderr).toMatch(/npm ci && npm run build/);
    } finally {
      await rm(path.join(appDir, 'src'), { recursive: true, force: true });
      await rm(path.join(appDir, 'tsconfig.json'), { force: true });
    }
  }, 30_000);
});

describe('a development checkout (every dependency installed)', () => {
  it('leaves a current build alone, and rebuilds when dist/ is missing or src/ changed', async () => {
    const bundle = path.join(buildDir, 'dist/ask.js');
    const before = (await stat(bundle)).mtimeMs;
    const fresh = await sh('node scripts/ensure-build.mjs', buildDir);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toBe('');
    expect((await stat(bundle)).mtimeMs).toBe(before);

    const stamp = JSON.parse(await readFile(path.join(buildDir, 'dist/build.json'), 'utf8')) as { sources: string };
    await appendFile(path.join(buildDir, 'src/cli/ask.ts'), '\n// an edit\n');
    const stale = await sh('node scripts/ensure-build.mjs', buildDir);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(/src\/ has changed since dist\/ was built; building/);
    const rebuilt = JSON.parse(await readFile(path.join(buildDir, 'dist/build.json'), 'utf8')) as { sources: string };
    expect(rebuilt.sources).not.toBe(stamp.sources);

    await rm(path.join(buildDir, 'dist'), { recursive: true, force: true });
    const r = await sh(`npm run --silent ask -- --data ${JSON.stringify(path.join(root, 'data'))} /about`, buildDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/dist\/ has not been built; building/);
    expect(r.stdout).toMatch(/figures/i);
  }, 60_000);
});

/**
 * SIGTERM to the process group, as a terminal's Ctrl-C or systemd's default KillMode sends it: npm
 * does not pass a SIGTERM sent to it alone on to the script (it exits and leaves the bot running).
 */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** The bot's own "stopped" line says it finished what was in flight; npm then exits 0 or by the signal. */
function expectStopped(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string): void {
  expect(exit.code === 0 || exit.signal === 'SIGTERM', `exit ${JSON.stringify(exit)}: ${stderr.slice(-2000)}`).toBe(true);
  expect(stderr).toContain('"stopped"');
}

function freePort(): Promise<number> {
  return import('node:net').then(
    ({ createServer }) =>
      new Promise((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
          const { port } = s.address() as { port: number };
          s.close(() => resolve(port));
        });
      }),
  );
}
