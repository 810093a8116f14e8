// Load benchmark for the HTTP interactions endpoint (issue 5): autocannon on loopback against the
// real endpoint (the same entry point as `npm run serve`, in its own process) with correctly
// signed requests for a real command, then the same load against the floor (bench/floor-server.ts:
// verify the signature, answer a fixed message), each in its own process. Not part of `npm test`.
//
//   npm run bench:http                     # ~5 s per target after a 1 s warm-up
//   BENCH_DURATION=10 BENCH_CONNECTIONS=64 npm run bench:http
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildBundles, nodeFlagsOf } from '../src/cli/build.ts';
import { commandInteraction, createTestSigner } from '../test/http/signing.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface HttpLoadBenchOptions {
  /** Seconds of measured load per target. */
  durationSeconds?: number;
  connections?: number;
  /** The command to send, as Discord would: name, options, subcommand. */
  command?: BenchCommand;
  /** Where the endpoint reads its fact files. */
  dataDir?: string;
  /** Distinct users the signed requests come from (default 40 000). */
  users?: number;
  /** Print the table (default true). */
  print?: boolean;
}

export interface BenchCommand {
  name: string;
  options?: Record<string, string | number | boolean>;
  subcommand?: string;
}

/** A real question the shipped catalog answers; keep in step with the answers issue. */
export const BENCH_COMMAND: BenchCommand = { name: 'casualties', options: { subject: 'coalition' } };

/**
 * Distinct users in the request pool. The endpoint keeps its real per-user limit (5 per 10 s), so
 * the load comes from many users each within it, as it would in a busy server, rather than from
 * one user being refused; a refusal counts as a mismatch and fails the run.
 */
const DEFAULT_USERS = 40_000;

export async function runHttpLoadBench(
  options: HttpLoadBenchOptions = {},
): Promise<{ endpoint: LoadFigures; floor: LoadFigures }> {
  const duration = options.durationSeconds ?? Number(process.env.BENCH_DURATION ?? 5);
  const connections = options.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 32);
  const command = options.command ?? BENCH_COMMAND;
  const signer = createTestSigner();

  // Every body signed up front with one timestamp, well within the 5-minute window for the run.
  const users = options.users ?? Number(process.env.BENCH_USERS ?? DEFAULT_USERS);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const pool = Array.from({ length: users }, (_, i) => {
    const who = { userId: String(310_000_000_000_000_000n + BigInt(i)) };
    const body = JSON.stringify(commandInteraction(command.name, command.options ?? {}, command.subcommand, who));
    return { body, headers: signer.headers(body, timestamp) };
  });
  const first = pool[0]!;

  const env = {
    ...process.env,
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_API_URL: 'http://127.0.0.1:9/api', // follow-ups would go nowhere; none are expected
    LOG_LEVEL: 'warn',
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
  };
  const [endpointPort, floorPort] = [await freePort(), await freePort()];
  const endpointUrl = `http://127.0.0.1:${endpointPort}/interactions`;
  const floorUrl = `http://127.0.0.1:${floorPort}/interactions`;
  // Both run as `npm run serve` runs: bundled, on plain node with its flags.
  const [serveBundle, floorBundle] = (await buildBundles({ 'http-serve': 'src/cli/serve.ts', 'http-floor': 'bench/floor-server.ts' }, 'dist/bench')) as [string, string];
  const endpoint = await startChild('endpoint', [serveBundle], { ...env, PORT: String(endpointPort) }, endpointPort);
  let floor: ChildProcess | undefined;
  try {
    const sample = await checkAnswer(endpointUrl, first.body, first.headers);
    // The floor answers the endpoint's own answer, fixed: the same bytes on the wire for both.
    floor = await startChild('floor', [floorBundle], { ...env, PORT: String(floorPort), FLOOR_RESPONSE: sample }, floorPort);
    if ((await checkAnswer(floorUrl, first.body, first.headers)) !== sample) throw new Error('the floor does not answer the same bytes');

    // Both targets get the same requests in the same order: the pool, round robin over all connections.
    let next = 1;
    const requests = [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const r = pool[next++ % pool.length]!;
          return { ...req, method: 'POST', body: r.body, headers: r.headers };
        },
      },
    ];
    // A real answer (type 4), not an error or a rate-limit refusal.
    const verifyBody = (text: string) => text.startsWith('{"type":4') && !text.includes(RATE_LIMITED);
    const run = async (url: string): Promise<LoadFigures> => {
      await autocannon({ url, requests, connections, duration: 1 }); // warm-up (JIT, caches)
      const r = await autocannon({ url, requests, connections, duration, timeout: 10, verifyBody });
      if (r.errors > 0 || r.timeouts > 0 || r.non2xx > 0 || r.mismatches > 0) {
        throw new Error(
          `load run against ${url} had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ${r.mismatches} unexpected bodies`,
        );
      }
      return { rps: round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
    };
    const floorFigures = await run(floorUrl);
    const endpointFigures = await run(endpointUrl);

    if (options.print ?? true) {
      const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
      const rows = [
        ['target', 'req/s', 'p50 ms', 'p99 ms'],
        ['endpoint (npm run serve)', String(endpointFigures.rps), String(endpointFigures.p50Ms), String(endpointFigures.p99Ms)],
        ['floor (verify + same bytes, fixed)', String(floorFigures.rps), String(floorFigures.p50Ms), String(floorFigures.p99Ms)],
        ['endpoint / floor', ratio(endpointFigures.rps, floorFigures.rps), ratio(endpointFigures.p50Ms, floorFigures.p50Ms), ratio(endpointFigures.p99Ms, floorFigures.p99Ms)],
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      console.log(`\nHTTP endpoint load: ${connections} connections, ${duration} s each, loopback; command ${describeCommand(command)}`);
      console.log(`answer (${Buffer.byteLength(sample)} bytes, sent by both): ${sample.slice(0, 100)}…`);
      for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
      const rpsOk = endpointFigures.rps >= 0.8 * floorFigures.rps;
      const p99Ok = endpointFigures.p99Ms <= 2 * Math.max(floorFigures.p99Ms, 1);
      console.log(`target: throughput ≥ 0.8× floor ${rpsOk ? 'met' : 'MISSED'}; p99 ≤ 2× floor ${p99Ok ? 'met' : 'MISSED'}\n`);
    }
    return { endpoint: endpointFigures, floor: floorFigures };
  } finally {
    await Promise.all([stopChild(endpoint), floor ? stopChild(floor) : undefined]);
  }
}

function describeCommand(c: BenchCommand): string {
  const opts = Object.entries(c.options ?? {}).map(([k, v]) => `${k}:${String(v)}`);
  return ['/' + c.name, c.subcommand, ...opts].filter(Boolean).join(' ');
}

const round = (n: number) => Math.round(n);
/** The start of the runner's rate-limit refusal (src/interactions/runner.ts). */
const RATE_LIMITED = 'faster than I can answer';

async function checkAnswer(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  const json = JSON.parse(text) as { type?: number };
  if (json.type !== 4) throw new Error(`${url} did not answer with a message (type ${String(json.type)}): ${text.slice(0, 200)}`);
  return text;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

async function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeFlagsOf('serve'), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status !== 0,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start within 20 s: ${stderr}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runHttpLoadBench().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
