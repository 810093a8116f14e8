// `npm run ask` writes an export (issue 16): format:csv / format:json, or --csv / --export-json,
// to stdout or to a file with --out; the file is the attachment the bot would send.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Papa from 'papaparse';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { parseAskArgs } from '../src/cli/ask-args.ts';
import { main } from '../src/cli/ask.ts';
import { commandDefinitions } from './helpers/bot.ts';

const defs = commandDefinitions as RESTPostAPIChatInputApplicationCommandsJSONBody[];

describe('ask export flags', () => {
  it('reads format: as an option, and --csv / --export-json as the same', () => {
    expect(parseAskArgs(['/timeline coalition format:csv'], defs)).toMatchObject({ ok: true, request: { options: { subject: 'coalition', format: 'csv' } } });
    expect(parseAskArgs(['--export-json', '/casualties coalition'], defs)).toMatchObject({ ok: true, request: { options: { subject: 'coalition', format: 'json' } } });
    expect(parseAskArgs(['--csv', '--out', 'x.csv', '/fact 1,370'], defs)).toMatchObject({ ok: true, request: { options: { format: 'csv' }, out: 'x.csv' } });
  });
  it('refuses what cannot be an export', () => {
    expect(parseAskArgs(['/timeline coalition format:xls'], defs)).toMatchObject({ ok: false, message: expect.stringMatching(/format:csv or format:json/) });
    expect(parseAskArgs(['--out', 'x', '/timeline coalition'], defs)).toMatchObject({ ok: false, message: expect.stringMatching(/--out writes an export/) });
    expect(parseAskArgs(['--csv', '--export-json', '/timeline coalition'], defs)).toMatchObject({ ok: false });
  });
});

describe('ask writes the attachment', () => {
  afterEach(() => vi.restoreAllMocks());
  it('to a file with --out, on the shipped data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-export-'));
    const out = path.join(dir, 'coalition.csv');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['/timeline coalition format:csv', '--out', out], { DATA_DIR: 'data' })).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data.length).toBeGreaterThan(3);
    expect(rows.data.every((r) => r.claimant !== '' && r.fact_id !== '' && r.data_version !== '')).toBe(true);
  });
  it('to stdout without --out', async () => {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true));
    expect(await main(['--export-json', '/casualties coalition'], { DATA_DIR: 'data' })).toBe(0);
    const json = JSON.parse(chunks.join(''));
    expect(json.export).toMatchObject({ command: 'casualties', data_changed: false });
    expect(json.figures.length).toBeGreaterThan(0);
  });
});
