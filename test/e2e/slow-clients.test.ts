// Issue 13, case 5: `npm run serve` drops slow and idle clients. An attack run held 499 sockets for
// 100 s and more with clients sending header lines slowly: node checked header deadlines only every
// 30 s, and the clientError handler ended sockets instead of destroying them. Here the bundled
// endpoint runs as `npm run serve` runs it, and clients that trickle header lines, send nothing, or
// send a body slowly must all be disconnected within 15 s of connecting, while a normal request
// made meanwhile is still answered.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, nodeFlagsOf } from '../../src/cli/build.ts';
import { send } from '../http/client.ts';
import { createTestSigner, pingInteraction } from '../http/signing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTDIR = 'dist/test-e2e-slow-clients';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Client {
  readonly socket: Socket;
  readonly connectedAt: number;
  /** When the server closed the connection (the socket closed, or was reset); undefined while open. */
  closedAfterMs?: number;
}

/** A client that connects and then does `behave` until the server drops it (or the test ends). */
function client(port: number, behave: (s: Socket) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: a server that only ends its side (FIN) has not dropped the client, which can
    // go on sending; only a closed or reset socket counts.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.once('error', () => {});
    socket.once('connect', () => {
      const c: Client = { socket, connectedAt: performance.now() };
      socket.once('close', () => (c.closedAfterMs ??= performance.now() - c.connectedAt));
      socket.on('data', () => {});
      // The server ended its side: write on, and a socket the server destroyed answers with a
      // reset (so it closes), while one merely ended would take the bytes.
      socket.once('end', () => {
        const probe = setInterval(() => (socket.destroyed ? clearInterval(probe) : socket.write('x')), 200);
        socket.once('close', () => clearInterval(probe));
      });
      behave(socket);
      resolve(c);
    });
    socket.once('error', reject);
  });
}

/** Writes `line` every `everyMs` while the socket is writable. */
function trickle(s: Socket, first: string, line: string, everyMs: number): void {
  s.write(first);
  const t = setInterval(() => {
    if (s.destroyed || !s.writable) return clearInterval(t);
    s.write(line);
  }, everyMs);
  s.once('close', () => clearInterval(t));
}

describe('npm run serve with slow clients', () => {
  it('drops clients trickling headers, silent ones and slow bodies within 15 s, and keeps answering', async () => {
    const signer = createTestSigner();
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeFlagsOf('serve'), serveBundle], {
      cwd: path.join(root, 'test/http'),
      env: { PATH: process.env.PATH, DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'warn', PORT: String(port), DISCORD_PUBLIC_KEY: signer.publicKeyHex },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const clients: Client[] = [];
    try {
      const url = `http://127.0.0.1:${port}`;
      const ping = JSON.stringify(pingInteraction());
      const deadline = Date.now() + 30_000;
      for (;;) {
        const up = await send(url, { body: ping, headers: signer.headers(ping) }).catch(() => undefined);
        if (up?.status === 200) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
        await sleep(200);
      }

      const request = 'POST /interactions HTTP/1.1\r\nhost: x\r\n';
      for (let i = 0; i < 40; i++) clients.push(await client(port, (s) => trickle(s, request, `x-slow-${i}: y\r\n`, 1_000)));
      for (let i = 0; i < 10; i++) clients.push(await client(port, () => {}));
      for (let i = 0; i < 10; i++) {
        clients.push(await client(port, (s) => trickle(s, `${request}content-type: application/json\r\ncontent-length: 100000\r\n\r\n{`, ' ', 1_000)));
      }

      // Meanwhile a real request still gets its answer.
      await sleep(3_000);
      const meanwhile = await send(url, { body: ping, headers: signer.headers(ping) });
      expect(meanwhile.json()).toEqual({ type: 1 });

      const waitUntil = performance.now() + 16_000;
      while (performance.now() < waitUntil && clients.some((c) => c.closedAfterMs === undefined)) await sleep(250);
      const open = clients.filter((c) => c.closedAfterMs === undefined).length;
      const late = clients.filter((c) => (c.closedAfterMs ?? Infinity) > 15_000).length;
      expect({ open, late }).toEqual({ open: 0, late: 0 });
      expect(child.exitCode).toBeNull();
    } finally {
      for (const c of clients) c.socket.destroy();
      child.kill('SIGKILL');
    }
  }, 60_000);
});
