// `npm run eval`: asks the bot every question in bench/eval/questions.yaml through its real command
// path, scores each answer (bench/eval/score.ts), prints every failure and the accuracy per group
// and kind, writes bench/eval.json, and fails (exit 1) when accuracy falls below the committed
// baseline (bench/eval/baseline.json). `--update` records the new baseline. See README.md.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadBot } from './eval/answer.ts';
import { GROUPS, KINDS, loadQuestions, type Question } from './eval/questions.ts';
import { checkRatchet, crashed, judge, percent, tally, type Count, type EvalResult, type Verdict } from './eval/score.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `usage: npm run eval [-- --update] [--questions FILE] [--data DIR] [--out FILE] [--baseline FILE]
  --update     record this run as the new baseline (commit bench/eval/baseline.json with it)
exit status: 0 at or above the baseline, 1 below it, 2 usage error or unreadable files`;

export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        update: { type: 'boolean', default: false },
        questions: { type: 'string', default: path.join(ROOT, 'bench/eval/questions.yaml') },
        data: { type: 'string', default: process.env.DATA_DIR ?? path.join(ROOT, 'data') },
        out: { type: 'string', default: path.join(ROOT, 'bench/eval.json') },
        baseline: { type: 'string', default: path.join(ROOT, 'bench/eval/baseline.json') },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    out(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out(`${USAGE}\n`);
    return 0;
  }

  let questions: Question[];
  let bot: Awaited<ReturnType<typeof loadBot>>;
  try {
    questions = await loadQuestions(args.questions);
    bot = await loadBot(args.data);
  } catch (e) {
    out(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  // An expectation naming a fact the data no longer holds can never be met: say which, and stop.
  const unknown = questions.flatMap((q) => (q.expect === 'none' ? [] : q.expect.filter((id) => !bot.factIds.has(id)).map((id) => `  ${id}  (in “${q.ask}”)`)));
  if (unknown.length > 0) {
    out(`${args.questions} expects facts that ${args.data} does not hold:\n${[...new Set(unknown)].join('\n')}\n`);
    return 2;
  }

  const verdicts: Verdict[] = questions.map((q) => {
    try {
      return judge(q, bot.ask(q.ask));
    } catch (e) {
      return crashed(q, e);
    }
  });
  const result = tally(verdicts);
  out(report(verdicts, result));

  const baseline = await readBaseline(args.baseline);
  const check = checkRatchet(result, baseline);
  await writeFile(args.out, `${JSON.stringify(result, null, 2)}\n`);
  if (check.regressions.length > 0) out(`\nNo longer right (${check.regressions.length}):\n${check.regressions.map((q) => `  ${q}`).join('\n')}\n`);
  if (baseline && check.gained.length > 0) out(`\nNewly right (${check.gained.length}):\n${check.gained.map((q) => `  ${q}`).join('\n')}\n`);
  if (args.update) {
    await writeFile(args.baseline, `${JSON.stringify(result, null, 2)}\n`);
    const lower = baseline !== undefined && !checkRatchet(result, baseline).ok;
    out(`\nBaseline recorded in ${path.relative(ROOT, args.baseline)}: ${result.correct}/${result.total} (${percent(result)})${lower ? ' (LOWER than before: say why in the commit)' : ''}\n`);
    return 0;
  }
  out(`\n${check.ok ? 'ok' : 'FAILED'}: ${check.message}${check.ok ? '' : '\n  Fix what broke the answers, or, if the drop is intended (say, new questions), run npm run eval -- --update and commit the baseline with the reason.'}\n`);
  return check.ok ? 0 : 1;
}

async function readBaseline(file: string): Promise<EvalResult | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const b = JSON.parse(text) as Partial<EvalResult>;
  if (typeof b.total !== 'number' || typeof b.correct !== 'number') throw new Error(`${file}: not an eval result (needs total and correct)`);
  return { byGroup: {}, byKind: {}, passing: [], ...b } as EvalResult;
}

function report(verdicts: readonly Verdict[], result: EvalResult): string {
  const lines: string[] = [];
  const failures = verdicts.filter((v) => !v.correct);
  lines.push(`Failures (${failures.length} of ${verdicts.length}):`);
  for (const kind of KINDS) {
    const inKind = failures.filter((v) => v.question.kind === kind);
    if (inKind.length === 0) continue;
    lines.push('', `  ${kind}:`);
    for (const v of inKind) {
      const q = v.question;
      lines.push(`    [${q.who}] ${q.ask}`, `        expected: ${q.expect === 'none' ? 'none (no figure)' : q.expect.join(' | ')}`, `        got:      ${v.got}`);
    }
  }
  const row = (name: string, c: Count) => `  ${name.padEnd(15)} ${`${c.correct}/${c.total}`.padStart(8)}  ${percent(c).padStart(6)}`;
  lines.push('', 'By group:', ...GROUPS.map((g) => row(g, result.byGroup[g])));
  lines.push('', 'By kind:', ...KINDS.map((k) => row(k, result.byKind[k])));
  lines.push('', row('total', result));
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(2);
    },
  );
}
