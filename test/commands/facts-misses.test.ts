// /facts misses through the dispatcher: moderators see what people could not find, in a code block
// that what they typed cannot break out of; members are refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/interactions/invocation.ts';
import { openMissLog, type MissLog } from '../../src/live/misses.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';
import { dispatcher } from '../helpers/bot.ts';
import { openApiSkipReason, validateInteractionResponse } from '../helpers/openapi.ts';
import { REFUSED_MESSAGE } from '../../src/commands/facts/replies.ts';

const catalog = fixtureCatalog();
const snapshot = { catalog, index: buildSearchIndex(catalog) };
const ask = (isModerator: boolean, days?: number): Invocation => ({
  type: 'command',
  name: 'facts',
  subcommand: 'misses',
  options: days === undefined ? {} : { days },
  caller: { id: '500000000000000001', isModerator, guildId: '200000000000000001' },
});
const content = async (inv: Invocation, misses: MissLog): Promise<string> => {
  const body = (await dispatcher.respond(inv, { ...snapshot, misses })).body as { data: { content: string; flags?: number } };
  if (!openApiSkipReason()) expect(validateInteractionResponse(body)).toBeNull();
  expect(body.data.flags).toBe(64);
  return body.data.content;
};

let root: string;
let log: MissLog;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'facts-misses-'));
  log = openMissLog(root, { flushMs: 60_000 });
});
afterEach(async () => {
  await log.close();
  await rm(root, { recursive: true, force: true });
});

describe('/facts misses', () => {
  it('lists the most asked unanswered questions for a moderator, most askers first', async () => {
    for (const askerId of ['1', '2', '3']) log.record({ text: 'civilians killed in mosul', command: 'fact', kind: 'no_figure', askerId });
    log.record({ text: 'isis fighters killed ```@everyone', command: 'fact', kind: 'unanswered', askerId: '1' });
    await log.flush();
    const text = await content(ask(true), log);
    expect(text).toMatch(/^Asked in the last 7 days that the data could not answer \(2 of 2\):/);
    const mosul = text.indexOf('civilians killed in mosul');
    const fighters = text.indexOf('isis fighters killed');
    expect(mosul).toBeGreaterThan(0);
    expect(fighters).toBeGreaterThan(mosul);
    expect(text).toContain('3 people, 3×');
    // What people typed stays inside the one code block and pings nobody.
    expect(text.match(/```/g)).toHaveLength(2);
    expect(text).not.toContain('@everyone');
  });

  it('says when there is nothing, and refuses a member', async () => {
    expect(await content(ask(true, 1), log)).toBe('No unanswered questions in the last day.\n```\n(none)\n```');
    expect(await content(ask(false), log)).toBe(REFUSED_MESSAGE);
  });
});
