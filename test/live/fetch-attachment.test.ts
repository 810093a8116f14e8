// Attachments are fetched only from Discord's hosts (or DISCORD_API_URL's, where a stand-in serves
// them), never through a redirect, within a size cap and a time limit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentSource, decodeYamlText, fetchAttachment } from '../../src/live/fetch-attachment.ts';

let server: Server;
let api: string;
let host: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/file.yaml') return void res.writeHead(200, { 'content-type': 'application/yaml' }).end('facts: []\n');
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/file.yaml' }).end();
    if (req.url === '/big-declared') return void res.writeHead(200, { 'content-length': String(5000) }).end('x'.repeat(5000));
    if (req.url === '/big-streamed') {
      res.writeHead(200);
      let n = 0;
      const t = setInterval(() => {
        res.write('y'.repeat(1000));
        if (++n === 10) {
          clearInterval(t);
          res.end();
        }
      }, 1);
      return;
    }
    if (req.url === '/slow') {
      res.writeHead(200);
      res.write('a');
      return; // never ends
    }
    if (req.url === '/missing') return void res.writeHead(404).end();
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = `http://${host}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const policy = () => ({ maxBytes: 2000, timeoutMs: 500, apiUrl: api });

describe('attachmentSource', () => {
  it('allows Discord’s attachment hosts over https only', () => {
    expect(attachmentSource('https://cdn.discordapp.com/attachments/1/2/a.yaml?ex=1&is=2&hm=3')).toMatchObject({ ok: true });
    expect(attachmentSource('https://media.discordapp.net/attachments/1/2/a.yaml')).toMatchObject({ ok: true });
    expect(attachmentSource('http://cdn.discordapp.com/a.yaml').ok).toBe(false);
    expect(attachmentSource('https://cdn.discordapp.com:8443/a.yaml').ok).toBe(false);
    expect(attachmentSource('https://cdn.discordapp.com.evil.example/a.yaml').ok).toBe(false);
    expect(attachmentSource('https://user:pw@cdn.discordapp.com/a.yaml').ok).toBe(false);
    expect(attachmentSource('https://169.254.169.254/latest/meta-data').ok).toBe(false);
    expect(attachmentSource('file:///etc/passwd').ok).toBe(false);
    expect(attachmentSource('not a url').ok).toBe(false);
  });

  it('allows DISCORD_API_URL’s host when it is not Discord’s, fetched with its protocol', () => {
    const r = attachmentSource(`https://${host}/attachments/1/a.yaml`, api);
    expect(r.ok && r.url.href).toBe(`http://${host}/attachments/1/a.yaml`);
    expect(attachmentSource('https://discord.com/a.yaml', 'https://discord.com/api').ok).toBe(false);
    expect(attachmentSource(`https://127.0.0.1:1/a.yaml`, api).ok).toBe(false);
  });
});

describe('fetchAttachment', () => {
  it('downloads a file from the allowed host', async () => {
    const r = await fetchAttachment(`https://${host}/file.yaml`, policy());
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe('facts: []\n');
  });

  it('refuses other hosts without contacting them', async () => {
    const before = hits.length;
    const r = await fetchAttachment('https://example.com/file.yaml', policy());
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/only downloaded from Discord/) });
    expect(hits.length).toBe(before);
  });

  it('does not follow a redirect', async () => {
    const before = hits.length;
    expect(await fetchAttachment(`https://${host}/redirect`, policy())).toMatchObject({ ok: false, message: expect.stringMatching(/redirect/) });
    expect(hits.slice(before)).toEqual(['/redirect']);
  });

  it('stops at the size cap, whether declared or streamed', async () => {
    expect(await fetchAttachment(`https://${host}/big-declared`, policy())).toMatchObject({ ok: false, message: expect.stringMatching(/larger than/) });
    expect(await fetchAttachment(`https://${host}/big-streamed`, policy())).toMatchObject({ ok: false, message: expect.stringMatching(/larger than/) });
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    expect(await fetchAttachment(`https://${host}/slow`, policy())).toMatchObject({ ok: false, message: expect.stringMatching(/longer than/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports an HTTP error', async () => {
    expect(await fetchAttachment(`https://${host}/missing`, policy())).toMatchObject({ ok: false, message: expect.stringMatching(/404/) });
  });
});

describe('decodeYamlText', () => {
  it('takes UTF-8 text (a BOM dropped) and refuses anything else', () => {
    expect(decodeYamlText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: 'a' });
    expect(decodeYamlText(new Uint8Array([0xff, 0xfe, 0x00]))).toMatchObject({ ok: false, message: expect.stringMatching(/not UTF-8/) });
    expect(decodeYamlText(new Uint8Array([0x61, 0x00, 0x62]))).toMatchObject({ ok: false, message: expect.stringMatching(/NUL/) });
  });
});
