// /facts mentions in process: moderators only, a server setting, and honest where there is no
// state to keep (the HTTP endpoint, which Discord sends no messages to).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MENTIONS_OFF, MENTIONS_ON, REFUSED_MESSAGE, respondFacts } from '../../src/commands/facts.ts';
import type { CommandInvocation } from '../../src/interactions/invocation.ts';
import { openServerSettings, type ServerSettings } from '../../src/live/server-settings.ts';

const GUILD = '200000000000000001';

function inv(set: string | undefined, caller: Partial<CommandInvocation['caller']> = {}): CommandInvocation {
  return {
    type: 'command',
    name: 'facts',
    subcommand: 'mentions',
    options: set === undefined ? {} : { set },
    caller: { id: '500000000000000001', isModerator: true, guildId: GUILD, ...caller },
  };
}

const content = (r: Awaited<ReturnType<typeof respondFacts>>): string => (r as { data: { content: string } }).data.content;

let root: string;
let settings: ServerSettings;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'facts-mentions-'));
  settings = await openServerSettings(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('/facts mentions', () => {
  it('shows, switches off and on for a moderator', async () => {
    expect(content(await respondFacts(inv(undefined), undefined, settings))).toBe(MENTIONS_ON);
    expect(content(await respondFacts(inv('off'), undefined, settings))).toBe(MENTIONS_OFF);
    expect(settings.mentionsOn(GUILD)).toBe(false);
    expect(content(await respondFacts(inv(undefined), undefined, settings))).toBe(MENTIONS_OFF);
    expect(content(await respondFacts(inv('on'), undefined, settings))).toBe(MENTIONS_ON);
    expect(settings.mentionsOn(GUILD)).toBe(true);
  });

  it('is refused to a member', async () => {
    expect(content(await respondFacts(inv('off', { isModerator: false }), undefined, settings))).toBe(REFUSED_MESSAGE);
    expect(settings.mentionsOn(GUILD)).toBe(true);
  });

  it('says why it cannot apply outside a server, or without the gateway bot', async () => {
    expect(content(await respondFacts(inv('off', { guildId: undefined }), undefined, settings))).toMatch(/server setting/);
    expect(content(await respondFacts(inv('off'), undefined, undefined))).toMatch(/HTTP interactions endpoint.*cannot answer @mentions/);
    expect(content(await respondFacts(inv('maybe'), undefined, settings))).toMatch(/on.*off/);
  });
});
