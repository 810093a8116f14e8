// The ask CLI: its argument parser (pinned and property-tested) and its exit statuses on the
// shipped data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { parseAskArgs, parseCommandLine } from '../src/cli/ask-args.ts';
import { commandDefinitions } from './helpers/bot.ts';

const defs = commandDefinitions as RESTPostAPIChatInputApplicationCommandsJSONBody[];

describe('parseAskArgs', () => {
  it('fills the first option with free text', () => {
    expect(parseAskArgs(['/casualties coalition'], defs)).toEqual({
      ok: true,
      request: { command: 'casualties', options: { subject: 'coalition' }, json: false, autocomplete: false },
    });
  });
  it('reads named options as in Discord, keeping colons and spaces inside values', () => {
    const r = parseAskArgs(['/casualties subject:us-led coalition place:syria as_of:Dec 2019'], defs);
    expect(r).toMatchObject({ ok: true, request: { options: { subject: 'us-led coalition', place: 'syria', as_of: 'Dec 2019' } } });
    expect(parseAskArgs(['/fact', 'CJTF-OIR: 1,370'], defs)).toMatchObject({ ok: true, request: { options: { query: 'CJTF-OIR: 1,370' } } });
    expect(parseAskArgs(['/casualties coalition place:syria'], defs)).toMatchObject({ ok: true, request: { options: { subject: 'coalition', place: 'syria' } } });
  });
  it('takes flags and the data directory', () => {
    expect(parseAskArgs(['--json', '--data', 'x', '/about'], defs)).toMatchObject({ ok: true, request: { command: 'about', json: true, dataDir: 'x' } });
    expect(parseAskArgs(['--data=y', '/timeline', 'coalition'], defs)).toMatchObject({ ok: true, request: { command: 'timeline', dataDir: 'y', options: { subject: 'coalition' } } });
  });
  it('sends a question without a slash to the free-text command whole', () => {
    expect(parseAskArgs(['how many civilians did the coalition kill'], defs, { freeText: 'fact' })).toMatchObject({ ok: true, request: { command: 'fact', options: { query: 'how many civilians did the coalition kill' } } });
    expect(parseAskArgs(['about coalition deaths'], defs, { freeText: 'fact' })).toMatchObject({ ok: true, request: { command: 'fact' } });
    expect(parseAskArgs(['/about'], defs, { freeText: 'fact' })).toMatchObject({ ok: true, request: { command: 'about' } });
  });
  it('takes page: for commands that page, as the buttons do in Discord', () => {
    expect(parseAskArgs(['/source airwars page:2'], defs)).toMatchObject({ ok: true, request: { command: 'source', options: { name: 'airwars', page: '2' } } });
  });
  it('focuses the last option written for autocomplete', () => {
    expect(parseAskArgs(['--autocomplete', '/source air'], defs)).toMatchObject({ ok: true, request: { focused: 'name', options: { name: 'air' } } });
    expect(parseAskArgs(['--autocomplete', '/casualties coalition place:'], defs)).toMatchObject({ ok: true, request: { focused: 'place', options: { subject: 'coalition', place: '' } } });
  });
  it('reports usage errors', () => {
    expect(parseAskArgs([], defs)).toMatchObject({ ok: false });
    expect(parseAskArgs(['/nope x'], defs)).toMatchObject({ ok: false, message: expect.stringContaining('unknown command') });
    expect(parseAskArgs(['/casualties'], defs)).toMatchObject({ ok: false, message: expect.stringContaining('needs subject') });
    expect(parseAskArgs(['--bogus', '/about'], defs)).toMatchObject({ ok: false });
    expect(parseAskArgs(['/casualties subject:a subject:b'], defs)).toMatchObject({ ok: false });
    expect(parseAskArgs(['--data'], defs)).toMatchObject({ ok: false });
  });
  it('never throws, and round-trips named options it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 6 }), (argv) => {
        const r = parseAskArgs(argv, defs);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
    const value = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && !/(?:^|\s)(subject|place|as_of):/i.test(s) && !/\s/.test(s.slice(-1)));
    fc.assert(
      fc.property(value, fc.option(value, { nil: undefined }), (subject, place) => {
        const line = `/casualties subject:${subject}${place === undefined ? '' : ` place:${place}`}`;
        const r = parseCommandLine(line, defs);
        expect(r).toEqual({ ok: true, value: { command: 'casualties', options: { subject, ...(place === undefined ? {} : { place }) } } });
      }),
    );
  });
});
