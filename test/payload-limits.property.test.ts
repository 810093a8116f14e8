// Property: whatever the data and whatever the query, every payload the bot sends stays within
// every Discord limit, pings no one, and (when the spec is present) matches Discord's OpenAPI
// description. Hostile data: very long names, hundreds of figures on one subject, mentions and
// markdown everywhere.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from './helpers/runs.ts';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { catalogArb, text } from './helpers/hostile-catalog.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { answerCommandPayload, autocompletePayload, dispatcher as botDispatcher } from './helpers/bot.ts';
import type { Invocation } from '../src/interactions/invocation.ts';
import { payloadProblems } from './helpers/payload-checks.ts';
import { openApiSkipReason, validateInteractionResponse } from './helpers/openapi.ts';

const skip = openApiSkipReason();
if (skip) console.warn(skip);

const dispatcher = botDispatcher;
const caller = { id: '1', isModerator: false };

function check(body: APIInteractionResponse, what: string): void {
  const problems = payloadProblems(body);
  expect(problems, `${what}: ${problems.join('; ')}`).toEqual([]);
  if (!skip) {
    const errors = validateInteractionResponse(body);
    expect(errors, `${what} against the OpenAPI spec: ${errors?.slice(0, 5).join('; ')}`).toBeNull();
  }
}

/** Every custom_id and select value in a payload, to click them all. */
function clicks(body: APIInteractionResponse): Invocation[] {
  const out: Invocation[] = [];
  const rows = ((body as any).data?.components ?? []) as any[];
  for (const row of rows) {
    for (const c of row.components ?? []) {
      if (c.custom_id === undefined) continue;
      const values = c.options ? [c.options[0].value] : [];
      out.push({ type: 'component', customId: c.custom_id, values, caller });
    }
  }
  return out;
}

describe('every payload stays within Discord limits and pings no one', () => {
  it('for hostile catalogs and hostile queries', async () => {
    if (skip) console.warn(`contract check skipped in this test: ${skip}`);
    await fc.assert(
      fc.asyncProperty(catalogArb, text(150), async (catalog, query) => {
        const index = buildSearchIndex(catalog);
        const ctx = { catalog, index };
        const e0 = catalog.entities.get('e0')!;
        const queries = [query, e0.name.slice(0, 100), 'e0', e0.aliases[0] ?? 'x y', 'a', '1,234', String((catalog.facts[0]?.value as number) ?? 5)];
        const bodies: [string, APIInteractionResponse][] = [];
        for (const q of queries) {
          bodies.push([`casualties ${q}`, answerCommandPayload(ctx, 'casualties', { subject: q })]);
          bodies.push([`casualties place`, answerCommandPayload(ctx, 'casualties', { subject: 'e0', place: q, as_of: '2019' })]);
          bodies.push([`timeline ${q}`, answerCommandPayload(ctx, 'timeline', { subject: q })]);
          bodies.push([`timeline metric`, answerCommandPayload(ctx, 'timeline', { subject: 'e0', metric: q })]);
          bodies.push([`source ${q}`, answerCommandPayload(ctx, 'source', { name: q })]);
          bodies.push([`fact ${q}`, answerCommandPayload(ctx, 'fact', { query: q })]);
          for (const [name, option] of [['casualties', 'subject'], ['casualties', 'as_of'], ['timeline', 'metric'], ['source', 'name'], ['fact', 'query']] as const) {
            bodies.push([`autocomplete ${name}.${option}`, autocompletePayload(ctx, name, option, { subject: 'e0', [option]: q })]);
          }
        }
        bodies.push(['about', answerCommandPayload(ctx, 'about', {})]);
        for (const [what, body] of bodies) {
          check(body, what);
          for (const click of clicks(body)) check((await dispatcher.respond(click, ctx)).body, `click ${(click as any).customId}`);
        }
      }),
      { numRuns: runs(25) },
    );
  }, 120_000);
});
