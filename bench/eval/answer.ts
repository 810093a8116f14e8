// The eval's only coupling to how the bot is wired: question text in, the answer model out, through
// the same path `npm run ask` takes. When src/commands or src/interactions change shape, this file
// is the one to update; the scorer reads only the answer model (src/answers/model.ts).
import type { Answer } from '../../src/answers/model.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { formatProblem } from '../../src/catalog/problem.ts';
import { parseCommandLine } from '../../src/cli/ask-args.ts';
import { answerCommand, commandDefinitions } from '../../src/interactions/dispatch.ts';
import { buildSearchIndex } from '../../src/search/index.ts';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';

export type AskBot = (question: string) => Answer;

/** The bot over a catalog: a slash command line as typed in Discord, or plain text as /fact. */
export function botFor(catalog: Catalog): AskBot {
  const ctx = { catalog, index: buildSearchIndex(catalog) };
  const definitions = commandDefinitions as RESTPostAPIChatInputApplicationCommandsJSONBody[];
  return (question) => {
    const text = question.trim();
    if (!text.startsWith('/')) return answerCommand(ctx, 'fact', { query: text }) ?? { kind: 'invalid', message: 'no /fact command' };
    const parsed = parseCommandLine(text, definitions);
    if (!parsed.ok) return { kind: 'invalid', message: parsed.message };
    return answerCommand(ctx, parsed.value.command, parsed.value.options) ?? { kind: 'invalid', message: `unknown command /${parsed.value.command}` };
  };
}

/** The bot over a data directory, loaded and validated as at start-up, and the fact ids it holds. */
export async function loadBot(dataDir: string): Promise<{ ask: AskBot; factIds: ReadonlySet<string> }> {
  const loaded = await loadCatalog(dataDir);
  if (!loaded.ok) throw new Error(`cannot load the fact files in ${dataDir}:\n${loaded.errors.slice(0, 20).map(formatProblem).join('\n')}`);
  return { ask: botFor(loaded.catalog), factIds: new Set(loaded.catalog.facts.map((f) => f.id)) };
}
