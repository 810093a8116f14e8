import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import { parseInteraction } from '../../src/interactions/parse.ts';
import { attachmentCommandInteraction, autocompleteInteraction, commandInteraction, componentInteraction, ids, modalInteraction, pingInteraction } from './signing.ts';

const MOD_ROLE = '900000000000000009';
const roles = new Set([MOD_ROLE]);

describe('interaction JSON → Invocation', () => {
  it('PING', () => {
    expect(parseInteraction(pingInteraction(), roles)).toEqual({ kind: 'ping' });
  });

  it('a slash command with a subcommand and options', () => {
    const parsed = parseInteraction(commandInteraction('casualties', { who: 'coalition', year: 2017 }, 'by'), roles);
    expect(parsed).toMatchObject({
      kind: 'invocation',
      reply: { applicationId: ids.APP_ID },
      invocation: {
        type: 'command',
        name: 'casualties',
        subcommand: 'by',
        options: { who: 'coalition', year: 2017 },
        caller: { id: ids.USER_ID, isModerator: false, guildId: ids.GUILD_ID },
      },
    });
  });

  it('autocomplete names the focused option', () => {
    const parsed = parseInteraction(autocompleteInteraction('casualties', { who: 'coa' }, 'who'), roles);
    expect(parsed).toMatchObject({ kind: 'invocation', invocation: { type: 'autocomplete', focused: 'who', options: { who: 'coa' } } });
  });

  it('components carry custom id and values', () => {
    expect(parseInteraction(componentInteraction('sources:abc', ['x', 'y']), roles)).toMatchObject({
      kind: 'invocation',
      invocation: { type: 'component', customId: 'sources:abc', values: ['x', 'y'] },
    });
    expect(parseInteraction(componentInteraction('page:2'), roles)).toMatchObject({
      invocation: { type: 'component', customId: 'page:2', values: [] },
    });
  });

  it('moderators: Manage Server, Administrator, or a moderator role; never in DMs', () => {
    const mod = (who: Parameters<typeof commandInteraction>[3]) => {
      const p = parseInteraction(commandInteraction('facts', {}, 'status', who), roles);
      return p.kind === 'invocation' ? p.invocation.caller.isModerator : undefined;
    };
    expect(mod({ permissions: String(1 << 5) })).toBe(true); // Manage Server
    expect(mod({ permissions: String(1 << 3) })).toBe(true); // Administrator
    expect(mod({ permissions: '2251799813685247' })).toBe(true); // everything
    expect(mod({ permissions: String(((1 << 5) - 1) & ~(1 << 3)) })).toBe(false); // everything below Manage Server but Administrator
    expect(mod({ roles: [MOD_ROLE] })).toBe(true);
    expect(mod({ roles: ['123456789012345678'] })).toBe(false);
    expect(mod({ permissions: 'lots', roles: [] })).toBe(false);
    expect(mod({ dm: true })).toBe(false);
  });

  it('refuses what a slash-command transport cannot use', () => {
    const base = commandInteraction('casualties', { who: 'coalition' });
    const cases: unknown[] = [
      null,
      [],
      'x',
      { type: 99 },
      { ...base, type: 5 }, // modal submit: not used by this bot
      { ...base, token: 'has/slash' },
      { ...base, application_id: 'abc' },
      { ...base, data: undefined },
      { ...base, data: { name: 'casualties', type: 2 } }, // user context menu
      { ...base, data: { name: 'casualties', options: [{ name: 'who', type: 3 }] } }, // no value
      { ...base, data: { name: 'casualties', options: [{ name: 'a', type: 3, value: {} }] } },
      { ...base, data: { name: 'casualties', options: 'who' } },
      { ...base, data: { name: 'c', options: [{ name: 'a', type: 3, value: '1' }, { name: 'a', type: 3, value: '2' }] } },
      { ...base, member: { user: {} } },
      { ...base, member: 'x' },
      { ...base, member: undefined, user: undefined },
      { ...base, guild_id: 42 },
      { ...autocompleteInteraction('c', { a: 'x' }, 'a'), data: { name: 'c', options: [{ name: 'a', type: 3, value: 'x' }] } },
    ];
    for (const c of cases) expect(parseInteraction(c, roles).kind, JSON.stringify(c)).toBe('invalid');
  });

  it('an option called __proto__ stays an ordinary option', () => {
    const raw = commandInteraction('c', {});
    const parsed = parseInteraction({ ...raw, data: { name: 'c', options: [{ name: '__proto__', type: 3, value: 'x' }] } }, roles);
    expect(parsed.kind).toBe('invocation');
    if (parsed.kind === 'invocation' && parsed.invocation.type === 'command') {
      expect(Object.getPrototypeOf(parsed.invocation.options)).toBe(Object.prototype);
      expect(Object.keys(parsed.invocation.options)).toEqual(['__proto__']);
    }
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(['ping', 'invocation', 'invalid']).toContain(parseInteraction(v, roles).kind);
      }),
      { numRuns: runs(1000) },
    );
    // Mutations of a valid interaction: drop or replace any top-level or data field.
    const valid = commandInteraction('casualties', { who: 'coalition' }, 'by');
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(valid), 'data.options', 'data.name'), fc.jsonValue(), (field, value) => {
        const copy = structuredClone(valid) as Record<string, any>;
        if (field.startsWith('data.')) copy.data[field.slice(5)] = value;
        else copy[field] = value;
        expect(['ping', 'invocation', 'invalid']).toContain(parseInteraction(copy, roles).kind);
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe('modals, attachments, locale and permissions', () => {
  it('a modal submit carries its inputs, from action rows and from labels', () => {
    const parsed = parseInteraction(modalInteraction('act:note:save:1', { text: 'a note', more: 'and more' }), roles);
    expect(parsed).toMatchObject({ kind: 'invocation', invocation: { type: 'modal', customId: 'act:note:save:1', fields: { text: 'a note', more: 'and more' } } });
  });
  it('an attachment option is resolved from data.resolved, and refused when it is not there', () => {
    const file = { id: '810000000000000001', filename: 'facts.yaml', size: 12, url: 'https://cdn.discordapp.com/a/facts.yaml', content_type: 'application/yaml' };
    expect(parseInteraction(attachmentCommandInteraction('upload', 'file', file), roles)).toMatchObject({
      invocation: { type: 'command', options: { file: file.id }, attachments: { [file.id]: { id: file.id, filename: 'facts.yaml', size: 12, url: file.url, contentType: 'application/yaml' } } },
    });
    const unresolved = attachmentCommandInteraction('upload', 'file', file);
    (unresolved.data as any).resolved = { attachments: {} };
    expect(parseInteraction(unresolved, roles)).toMatchObject({ kind: 'invalid' });
    const plainHttp = attachmentCommandInteraction('upload', 'file', { ...file, url: 'http://evil.example/x' });
    expect(parseInteraction(plainHttp, roles)).toMatchObject({ kind: 'invalid' });
  });
  it('carries the locale and the member’s permissions', () => {
    const parsed = parseInteraction(commandInteraction('about'), roles);
    expect(parsed).toMatchObject({ invocation: { locale: 'en-US' } });
    if (parsed.kind !== 'invocation') throw new Error('not parsed');
    expect(typeof parsed.invocation.caller.permissions).toBe('bigint');
  });
  it('never throws on a mangled modal', () => {
    fc.assert(
      fc.property(fc.anything(), (components) => {
        const m = modalInteraction('act:note:save:1', { text: 'x' });
        (m.data as any).components = components;
        expect(['invocation', 'invalid']).toContain(parseInteraction(m, roles).kind);
      }),
    );
  });
});
