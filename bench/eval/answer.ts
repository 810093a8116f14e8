// The eval's only coupling to how the bot is wired: question text in, the answer model out, through
// the same path `npm run ask` takes. When src/commands or src/interactions change shape, this file
// is the one to update; the scorer reads only the answer model (src/answers/model.ts).
import type { Answer } from '../../src/answers/model.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { formatProblem } from '../../src/catalog/problem.ts';
import { parseCommandLine } from '../../src/cli/ask-args.ts';
import { commands, FREE_TEXT_COMMAND } from '../../src/commands/index.ts';
import { createDispatcher } from '../../src/interactions/dispatch.ts';
import { buildSearchIndex } from '../../src/search/index.ts';

export type AskBot = (question: string) => Answer;

/** The bot over a catalog: a slash command line as typed in Discord, or plain text as /fact. */
export function botFor(catalog: Catalog): AskBot {
  const ctx = { catalog, index: buildSearchIndex(catalog) };
  const dispatcher = createDispatcher(commands);
  return (question) => {
    // The same line parser as `npm run ask`: plain text goes to the free-text command.
    const parsed = parseCommandLine(question.trim(), dispatcher.definitions, false, { freeText: FREE_TEXT_COMMAND });
    if (!parsed.ok) return { kind: 'invalid', message: parsed.message };
    return dispatcher.answer(ctx, parsed.value.command, parsed.value.options) ?? { kind: 'invalid', message: `unknown command /${parsed.value.command}` };
  };
}

/** The bot over a data directory, loaded and validated as at start-up, and the fact ids it holds. */
export async function loadBot(dataDir: string): Promise<{ ask: AskBot; factIds: ReadonlySet<string> }> {
  const loaded = await loadCatalog(dataDir);
  if (!loaded.ok) throw new Error(`cannot load the fact files in ${dataDir}:\n${loaded.errors.slice(0, 20).map(formatProblem).join('\n')}`);
  return { ask: botFor(loaded.catalog), factIds: new Set(loaded.catalog.facts.map((f) => f.id)) };
}
