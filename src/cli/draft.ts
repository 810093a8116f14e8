// `npm run draft -- report.txt [--source-url URL] [--published DATE] [--claimant ID] [--out FILE]`:
// reads a report or news article (plain text, or an HTML page saved to disk) and prints a draft fact
// file, or writes it to FILE. See README "Drafting figures from a report". The summary goes to the
// terminal (stderr when the draft goes to stdout). Exit 0: the draft loads with data/; 1: it was
// written but has errors to fix (a claimant or publisher nothing named, say); 2: usage error or a file
// that cannot be read.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalog, displayPath, listFactFiles, type FileInput } from '../catalog/load.ts';
import { formatProblem } from '../catalog/problem.ts';
import { didYouMean } from '../catalog/suggest.ts';
import { draftContext, draftReport } from '../draft/index.ts';
import { isoDateTime } from '../draft/read.ts';

export const USAGE = `usage: npm run draft -- REPORT [--source-url URL] [--published DATE] [--claimant ID] [--out FILE] [--all] [--data DIR]
  REPORT            a report or article: plain text, or an HTML page saved to disk
  --source-url URL  the page's address (also names the publisher when data/ knows the site)
  --published DATE  its publication date, YYYY-MM-DD[THH:MMZ], when the page does not show it
  --claimant ID     who asserts the figures the text does not attribute (often the outlet itself)
  --out FILE        write the draft there (default: print it)
  --all             also propose figures already in data/ (marked as such)
  --data DIR        the data to check against (default: DATA_DIR or data)
exit status: 0 the draft loads with the data, 1 written with errors to fix, 2 usage error or unreadable file`;

/** A report larger than this is not a report (a page is rarely over 1 MB; its text far less). */
const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export interface DraftCliRun {
  readonly code: number;
  /** The draft (for stdout) when no --out was given. */
  readonly stdout: string;
  /** The summary, or the usage error. */
  readonly stderr: string;
}

export async function runDraft(args: readonly string[], env: { dataDir: string }): Promise<DraftCliRun> {
  const usage = (message: string): DraftCliRun => ({ code: 2, stdout: '', stderr: `${message}\n${USAGE}` });
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'source-url': { type: 'string' },
        published: { type: 'string' },
        claimant: { type: 'string' },
        out: { type: 'string' },
        all: { type: 'boolean', default: false },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const o = parsed.values;
  if (o.help) return { code: 0, stdout: '', stderr: USAGE };
  if (parsed.positionals.length !== 1) return usage(parsed.positionals.length === 0 ? 'give the report to read' : 'give one report at a time');
  const report = parsed.positionals[0]!;
  if (o.published !== undefined && isoDateTime(o.published) === undefined) return usage(`--published ${o.published}: use YYYY-MM-DD, optionally with a time (2020-02-14T02:34Z)`);
  if (o['source-url'] !== undefined && !/^https?:\/\/\S+$/i.test(o['source-url'])) return usage(`--source-url ${o['source-url']}: give the page's http(s) address`);

  let text: string;
  try {
    const st = await stat(report);
    if (!st.isFile()) return usage(`${report} is not a file`);
    if (st.size > MAX_REPORT_BYTES) return usage(`${report} is ${(st.size / 1024 / 1024).toFixed(1)} MiB; a report is at most ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
    text = new TextDecoder('utf-8').decode(await readFile(report));
  } catch (e) {
    return usage(`${report} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }

  const dataDir = o.data ?? env.dataDir;
  const listed = await listFactFiles(dataDir);
  if (!listed.ok) return { code: 2, stdout: '', stderr: `${formatProblem(listed.problem)}\nthe draft is checked against the data; point --data at it` };
  const inputs: FileInput[] = [];
  for (const f of listed.files) inputs.push({ file: displayPath(f), bytes: await readFile(f) });
  const loaded = buildCatalog(inputs);
  if (!loaded.ok) return { code: 2, stdout: '', stderr: `${dataDir} does not load (run npm run validate); the draft is checked against it` };
  const catalog = loaded.catalog;
  if (o.claimant !== undefined && !catalog.entities.has(o.claimant)) return usage(`--claimant ${o.claimant} is not an entity id${didYouMean(o.claimant, catalog.entities.keys())}`);

  const out = o.out;
  const draftName = out !== undefined ? displayPath(path.resolve(out)) : path.join(displayPath(dataDir), 'draft.yaml');
  const schemaFrom = path.dirname(out !== undefined ? path.resolve(out) : path.resolve(dataDir, 'draft.yaml'));
  const schemaPath = path.relative(schemaFrom, path.resolve(dataDir, 'schema/fact-file.schema.json')).split(path.sep).join('/');
  const run = draftReport(draftContext(catalog), inputs, text, {
    draftName,
    input: path.basename(report),
    schemaPath: schemaPath.startsWith('.') ? schemaPath : `./${schemaPath}`,
    all: o.all,
    ...(o['source-url'] !== undefined ? { sourceUrl: o['source-url'] } : {}),
    ...(o.published !== undefined ? { published: o.published } : {}),
    ...(o.claimant !== undefined ? { claimant: o.claimant } : {}),
  });
  if (out !== undefined) {
    try {
      await writeFile(out, run.yaml);
    } catch (e) {
      return { code: 2, stdout: '', stderr: `${out} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }
  return { code: run.valid ? 0 : 1, stdout: out === undefined ? run.yaml : '', stderr: run.summary.join('\n') };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const run = await runDraft(process.argv.slice(2), { dataDir: process.env.DATA_DIR || 'data' });
  if (run.stdout !== '') process.stdout.write(run.stdout);
  if (run.stderr !== '') process.stderr.write(`${run.stderr}\n`);
  process.exitCode = run.code;
}
