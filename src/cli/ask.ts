// `npm run ask`: the bot offline, no token. Loads the fact files, answers one command as text,
// as the exact interaction-response JSON (--json), or lists autocomplete choices (--autocomplete).
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../catalog/load.ts';
import { formatProblem } from '../catalog/problem.ts';
import { printable } from '../log.ts';
import { commands, FREE_TEXT_COMMAND } from '../commands/index.ts';
import { createDispatcher } from '../interactions/dispatch.ts';
import { renderDiscord } from '../render/discord.ts';
import { renderText } from '../render/text.ts';
import { exportFiles, hasFigures, isExportFormat } from '../render/export.ts';
import type { Answer } from '../answers/model.ts';
import { writeFile } from 'node:fs/promises';
import { buildSearchIndex } from '../search/index.ts';
import { chartDataOf, drawable } from '../render/chart/data.ts';
import { renderChartPng } from '../render/chart/png.ts';
import { parseAskArgs, USAGE } from './ask-args.ts';
import { oneLine } from './one-line.ts';

export const EXIT = { answered: 0, notFound: 1, usage: 2 } as const;

export async function main(argv: readonly string[], env = process.env): Promise<number> {
  const dispatcher = createDispatcher(commands);
  const args = parseAskArgs(argv, dispatcher.definitions, { freeText: FREE_TEXT_COMMAND });
  if (!args.ok) {
    process.stderr.write(`${args.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if ('help' in args) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.answered;
  }
  const req = args.request;
  const dir = req.dataDir ?? env.DATA_DIR ?? 'data';
  const loaded = await loadCatalog(dir);
  if (!loaded.ok) {
    const more = (loaded.errorCount ?? loaded.errors.length) - Math.min(20, loaded.errors.length);
    process.stderr.write(
      `cannot load the fact files in ${printable(dir)}:\n${loaded.errors.slice(0, 20).map(formatProblem).join('\n')}\n${more > 0 ? `… and ${more.toLocaleString('en-US')} more (npm run validate lists them)\n` : ''}`,
    );
    return EXIT.usage;
  }
  const snapshot = { catalog: loaded.catalog, index: buildSearchIndex(loaded.catalog) };

  if (req.autocomplete) {
    const body = dispatcher.autocomplete(snapshot, req.command, req.focused ?? '', req.options);
    const choices = 'data' in body && body.data && 'choices' in body.data ? (body.data.choices ?? []) : [];
    if (req.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    else for (const c of choices) process.stdout.write(`${c.name}  [${String(c.value)}]\n`);
    return choices.length > 0 ? EXIT.answered : EXIT.notFound;
  }

  const { format, ...own } = req.options;
  const answer = dispatcher.answer(snapshot, req.command, format === undefined ? req.options : own);
  if (answer === undefined) {
    process.stderr.write(`/${req.command} needs the running bot (it reads the live store or the caller); try it in Discord\n`);
    return EXIT.usage;
  }
  if (isExportFormat(format) && hasFigures(answer)) {
    // The attachment the bot would send (the file name it would have goes to stderr).
    const [file] = exportFiles(answer, { command: req.command, options: replayOptions(answer) ?? own, dataVersion: snapshot.catalog.version }, [format]);
    if (req.out !== undefined) {
      await writeFile(req.out, file!.data);
      process.stderr.write(`wrote ${printable(req.out)} (${file!.name}, ${file!.data.byteLength} bytes)\n`);
    } else {
      process.stdout.write(file!.data);
    }
    return EXIT.answered;
  }
  if (req.png !== undefined) {
    if (answer.kind !== 'timeline') {
      if (answer.kind === 'not_found' || answer.kind === 'invalid') process.stdout.write(`${renderText(answer)}\n`);
      else process.stderr.write(`--png draws /timeline's chart; /${req.command} has none\n`);
      return answer.kind === 'not_found' ? EXIT.notFound : EXIT.usage;
    }
    const data = chartDataOf(answer, snapshot.catalog.version);
    if (!drawable(data)) {
      process.stderr.write('no dated figure to draw: nothing written\n');
      return EXIT.notFound;
    }
    const png = await renderChartPng(data);
    await writeFile(req.png, png);
    process.stderr.write(`wrote ${printable(req.png)} (${png.byteLength} bytes)\n`);
  }
  process.stdout.write(`${req.json ? JSON.stringify(renderDiscord(answer, { command: req.command, version: snapshot.catalog.version, removable: true }), null, 2) : renderText(answer)}\n`);
  return answer.kind === 'not_found' ? EXIT.notFound : answer.kind === 'invalid' ? EXIT.usage : EXIT.answered;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      // One line, never a stack trace (an unreadable folder, a disk error).
      process.stderr.write(`ask failed: ${oneLine(err)}\n`);
      process.exit(2);
    },
  );
}

/** The options that ask an answer again (ids, not the words typed): named in the export. */
function replayOptions(a: Answer): Record<string, string> | undefined {
  return 'replay' in a ? { ...a.replay } : undefined;
}
