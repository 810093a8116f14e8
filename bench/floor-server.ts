// The floor for the HTTP endpoint's design: a bare node:http server that reads the body, verifies
// the Ed25519 signature exactly as the endpoint does, and answers one fixed message. Nothing the
// real endpoint does beyond that (routing, JSON parsing, rate limiting, dispatching, rendering)
// happens here. FLOOR_RESPONSE sets the fixed message; the benchmark passes the endpoint's own
// answer, so both send the same bytes and the difference is the endpoint's work alone.
import { createServer } from 'node:http';
import { isFresh, parseSignatureHeaders, publicKeyFromHex, verifySignature } from '../src/transports/http/signature.ts';

const key = publicKeyFromHex(process.env.DISCORD_PUBLIC_KEY ?? '');
const port = Number(process.env.PORT ?? 8788);
const FIXED = process.env.FLOOR_RESPONSE || JSON.stringify({ type: 4, data: { content: 'fixed answer', allowed_mentions: { parse: [] } } });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const h = parseSignatureHeaders(req.headers['x-signature-ed25519'], req.headers['x-signature-timestamp']);
    const ok = h.ok && isFresh(h.timestamp, Date.now()) && verifySignature(key, h.signature, h.timestamp, Buffer.concat(chunks));
    if (!ok) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(FIXED) }).end(FIXED);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1', () => console.log(`floor listening on 127.0.0.1:${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
