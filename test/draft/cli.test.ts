// `npm run draft` as a moderator runs it: a saved page in, a draft file out, the summary on the
// terminal, and a usage error that says what is wrong.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDraft } from '../../src/cli/draft.ts';
import { DATA } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'draft-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PAGE = `<!doctype html><html><head><title>Coalition says 7 more civilians killed</title>
<meta property="article:published_time" content="2020-03-25T10:00:00Z"></head>
<body><nav>Home | World | 2020</nav><article>
<h1>Coalition says 7 more civilians killed</h1>
<p>The Coalition conducted 34,791 strikes between August 2014 and the end of February 2020.</p>
<p>CJTF-OIR assesses at least 1,377 civilians have been unintentionally killed by Coalition actions since the beginning of Operation Inherent Resolve.</p>
<p>In February, the coalition received 40 new reports and continued investigating 98 open cases.</p>
<p>Out of the 38 completed casualty allegation reports, one report was determined to be credible and resulted in seven unintentional civilian deaths.</p>
<p>Currently, 101 reports remain open, it added.</p>
</article><footer>© 2020 UrduPoint, 4,512 views</footer></body></html>`;

describe('npm run draft', () => {
  it('turns a saved page into a draft file, and prints what the checks found', async () => {
    const report = path.join(dir, 'page.html');
    const out = path.join(dir, 'draft.yaml');
    await writeFile(report, PAGE);
    const run = await runDraft([report, '--source-url', 'https://www.urdupoint.com/en/world/coalition-7-more.html', '--out', out], { dataDir: DATA });
    expect(run.stdout).toBe('');
    const yaml = await readFile(out, 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=/);
    expect(yaml).toMatch(/publisher: urdupoint\n/);
    expect(yaml).toMatch(/published: "2020-03-25T10:00Z"/);
    // The March 2020 report's figures are in data/ (left out); 101 open is not: the data has 100.
    expect(run.stderr).toMatch(/already in data\//);
    expect(run.stderr).toMatch(/conflict: line \d+ reads 101 reports_open; cjtf-oir-reports-open-2020-02/);
    expect(run.stderr).toMatch(/arithmetic: 2020-02: carried over 98 \+ new 40 − completed 38 = 100, but the report gives 101 still open/);
    expect(yaml).not.toMatch(/value: 4512/);
    expect(run.code).toBe(0);
  });

  it('prints the draft when no --out is given, and says so on the terminal', async () => {
    const report = path.join(dir, 'troops.txt');
    await writeFile(report, 'The US currently has more than 5,200 forces in Iraq.\n');
    const run = await runDraft([report, '--published', '2020-02-14', '--claimant', 'kuna'], { dataDir: DATA });
    expect(run.stdout).toMatch(/^ {2}- id: draft-kuna-troops-2020-02\n {4}draft: true\n/m);
    expect(run.stderr).toMatch(/already in data|figure proposed/);
  });

  it('refuses what it cannot use, saying why', async () => {
    const report = path.join(dir, 'r.txt');
    await writeFile(report, 'text');
    const cases: [string[], RegExp][] = [
      [[], /give the report to read/],
      [[report, report], /one report at a time/],
      [[path.join(dir, 'missing.txt')], /cannot be read \(ENOENT\)/],
      [[report, '--published', 'yesterday'], /--published yesterday: use YYYY-MM-DD/],
      [[report, '--claimant', 'airwar'], /--claimant airwar is not an entity id \(did you mean "airwars"\?\)/],
      [[report, '--source-url', 'kayhan.ir'], /give the page's http\(s\) address/],
      [[report, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const run = await runDraft(args, { dataDir: DATA });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/usage: npm run draft/);
    }
  });
});
