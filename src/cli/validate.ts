// `npm run validate [--warnings] [files or dirs…]`: checks the fact files the way the bot loads them.
// Errors come last, just above the summary, where a terminal leaves the eye; the standing warnings
// (findings about the reports' own arithmetic, which the data keeps as published) are counted in
// one line unless --warnings asks for them. Exit 1 on any error, 2 on a usage error.
// `--format github` prints each problem as a GitHub Actions annotation instead (github-annotations.ts).
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog, loadFiles, type LoadResult } from '../catalog/load.ts';
import { formatProblem } from '../catalog/problem.ts';
import { githubAnnotation } from './github-annotations.ts';
import { oneLine } from './one-line.ts';

export const USAGE = 'usage: npm run validate -- [--warnings] [--format text|github] [data directory | fact files…]';

export interface ValidateRun {
  readonly output: string;
  readonly code: number;
  readonly result?: LoadResult;
}

export async function validate(args: readonly string[], dataDir: string): Promise<ValidateRun> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        warnings: { type: 'boolean', short: 'w', default: false },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return { output: `${(e as Error).message}\n${USAGE}`, code: 2 };
  }
  if (parsed.values.help) return { output: USAGE, code: 0 };
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'github') return { output: `unknown format "${format}": use text or github\n${USAGE}`, code: 2 };
  const show = format === 'github' ? githubAnnotation : formatProblem;
  const paths = parsed.positionals;
  const result =
    paths.length === 0 ? await loadCatalog(dataDir) : paths.length === 1 && !/\.ya?ml$/i.test(paths[0]!) ? await loadCatalog(paths[0]!) : await loadFiles(paths);

  const lines: string[] = [];
  const warnings = result.warnings;
  if (parsed.values.warnings) for (const w of warnings) lines.push(show(w));
  else if (warnings.length > 0) lines.push(`${plural(warnings.length, 'warning')} about the reports' own arithmetic, kept as published (list them: npm run validate -- --warnings)`);
  const errors = result.ok ? [] : result.errors;
  for (const e of errors) lines.push(show(e));
  if (result.ok) {
    const c = result.catalog;
    lines.push(
      `ok: ${c.files.length} files, ${c.entities.size} entities, ${c.sources.size} sources, ${c.facts.length} facts, ${plural(warnings.length, 'warning')} (version ${c.version})`,
    );
  } else {
    const count = result.errorCount ?? errors.length;
    const unlisted = count > errors.length ? ` (the first ${errors.length} listed above)` : '';
    lines.push(`failed: ${plural(count, 'error')}${unlisted}, ${plural(warnings.length, 'warning')}; the bot keeps serving its last good data until these are fixed`);
  }
  return { output: lines.join('\n'), code: result.ok ? 0 : 1, result };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  try {
    const { output, code } = await validate(process.argv.slice(2), process.env.DATA_DIR || 'data');
    (code === 0 ? console.log : console.error)(output);
    process.exitCode = code;
  } catch (error) {
    // The loader reports what it can as problems; anything else still gets one line, not a stack.
    console.error(`validate failed: ${oneLine(error)}`);
    process.exitCode = 2;
  }
}
