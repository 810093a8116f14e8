// `npm run validate [files or dirs…]`: checks the fact files the way the bot loads them and prints
// each problem as `file:line:col  path  message`, then a summary. Exit 1 on any error.
import { loadCatalog, loadFiles, type LoadResult } from '../catalog/load.ts';
import { formatProblem } from '../catalog/problem.ts';

export async function validate(args: readonly string[], dataDir: string): Promise<{ output: string; code: number; result: LoadResult }> {
  const result = args.length === 0 ? await loadCatalog(dataDir) : args.length === 1 && !/\.ya?ml$/i.test(args[0]!) ? await loadCatalog(args[0]!) : await loadFiles(args);
  const lines: string[] = [];
  const errors = result.ok ? [] : result.errors;
  for (const p of [...errors, ...result.warnings]) lines.push(formatProblem(p));
  if (result.ok) {
    const c = result.catalog;
    lines.push(
      `ok: ${c.files.length} files, ${c.entities.size} entities, ${c.sources.size} sources, ${c.facts.length} facts, ${result.warnings.length} warnings (version ${c.version})`,
    );
  } else {
    lines.push(`failed: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${result.warnings.length} warnings; the bot keeps serving its last good data until these are fixed`);
  }
  return { output: lines.join('\n'), code: result.ok ? 0 : 1, result };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const { output, code } = await validate(process.argv.slice(2), process.env.DATA_DIR || 'data');
  (code === 0 ? console.log : console.error)(output);
  process.exitCode = code;
}
