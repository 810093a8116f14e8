// `npm run ask -- "/timeline coalition" --png FILE` (issue 16, item 1): the chart the bot attaches,
// written to the file asked for; the text answer is still printed. Other commands have no chart.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PNG } from 'pngjs';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { parseAskArgs } from '../src/cli/ask-args.ts';
import { main } from '../src/cli/ask.ts';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../src/render/chart/theme.ts';
import { commandDefinitions } from './helpers/bot.ts';

const defs = commandDefinitions as RESTPostAPIChatInputApplicationCommandsJSONBody[];

describe('ask --png', () => {
  it('takes a file name, and refuses it beside an export or autocomplete', () => {
    expect(parseAskArgs(['/timeline coalition', '--png', 'c.png'], defs)).toMatchObject({ ok: true, request: { command: 'timeline', png: 'c.png' } });
    expect(parseAskArgs(['--png', '', '/timeline coalition'], defs)).toMatchObject({ ok: false, message: '--png needs a file name' });
    expect(parseAskArgs(['--png', 'c.png', '/timeline coalition format:csv'], defs)).toMatchObject({ ok: false, message: expect.stringMatching(/--png writes the chart/) });
    expect(parseAskArgs(['--png', 'c.png', '--autocomplete', '/timeline coa'], defs)).toMatchObject({ ok: false });
  });

  afterEach(() => vi.restoreAllMocks());

  it('writes /timeline coalition’s chart from the shipped data, and still prints the table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-png-'));
    const out = path.join(dir, 'coalition.png');
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (said.push(String(s)), true));
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (printed.push(String(s)), true));
    expect(await main(['/timeline coalition', '--png', out], { DATA_DIR: 'data' })).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);
    expect(said.join('')).toMatch(/^wrote .*coalition\.png \(\d+ bytes\)$/m);
    expect(printed.join('')).toContain('Civilian deaths: US-led coalition');
  });

  it('writes nothing for a command without a chart (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-png-'));
    const out = path.join(dir, 'casualties.png');
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (said.push(String(s)), true));
    expect(await main(['/casualties coalition', '--png', out], { DATA_DIR: 'data' })).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(said.join('')).toContain("--png draws /timeline's chart; /casualties has none");
  });
});
