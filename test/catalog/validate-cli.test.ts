import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/cli/validate.ts';
import { ENTITIES, REPORT, writeDataDir } from './fixture.ts';

const FIXTURES = 'test/catalog/fixtures/validate';
const fixture = (name: string) => path.join(FIXTURES, name);

/** Every fact file of the shipped data, for a fixture that borrows its entities and sources. */
function shippedFiles(dir = 'data'): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** The standing/ fixture in a temporary directory, with the shipped vocabulary when the data has one. */
async function standingDir(): Promise<string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(fixture('standing'))) files[name] = readFileSync(path.join(fixture('standing'), name), 'utf8');
  if (existsSync('data/vocabulary.yaml')) files['vocabulary.yaml'] = readFileSync('data/vocabulary.yaml', 'utf8');
  return writeDataDir(files);
}

describe('npm run validate', () => {
  it('prints a summary and exits 0 for valid data', async () => {
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, 'report.yaml': REPORT });
    const { output, code } = await validate([], dir);
    expect(code).toBe(0);
    expect(output).toMatch(/^ok: 2 files, 4 entities, 2 sources, 1 facts, 0 warnings \(version [0-9a-f]{12}\)$/);
  });

  it('prints file:line:col  path  message for each error and exits 1', async () => {
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, 'report.yaml': REPORT.replace('claimant: cjtf-oir', 'claimant: airwars') });
    const { output, code } = await validate([dir], 'unused');
    expect(code).toBe(1);
    const line = REPORT.split('\n').findIndex((l) => l.includes('claimant: cjtf-oir')) + 1;
    expect(output.split('\n')[0]).toBe(`${dir}/report.yaml:${line}:15  facts[0].claimant  claimant "airwars" is not an entity id`);
    expect(output).toMatch(/failed: 1 error, 0 warnings/);
  });

  it('names the key meant for a misspelt one, and says nothing about the field it left out', async () => {
    const { output, code } = await validate([fixture('misspelt-key.yaml')], 'unused');
    expect(code).toBe(1);
    expect(output.split('\n')).toEqual([
      `${fixture('misspelt-key.yaml')}:16:5  facts[0].qualifer  unknown key "qualifer"; did you mean "qualifier"?`,
      'failed: 1 error, 0 warnings; the bot keeps serving its last good data until these are fixed',
    ]);
  });

  it('names the value meant for a misspelt one', async () => {
    const { output } = await validate([fixture('bad-values.yaml')], 'unused');
    expect(output.split('\n').slice(0, -1)).toEqual([
      `${fixture('bad-values.yaml')}:4:11  sources[0].kind  kind "primary-release" is not an allowed value; did you mean "primary_release"?`,
      `${fixture('bad-values.yaml')}:15:16  facts[0].qualifier  qualifier "atleast" is not an allowed value; did you mean "at_least"?`,
      `${fixture('bad-values.yaml')}:16:13  facts[0].status  status "superceded" is not an allowed value; did you mean "superseded"?`,
    ]);
  });

  it('names the metric meant for "strike", with no list of all the metrics', async () => {
    const { output, code } = await validate([...shippedFiles(), fixture('bad-metric.yaml')], 'unused');
    expect(code).toBe(1);
    const errors = output.split('\n').filter((l) => l.startsWith(fixture('bad-metric.yaml')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:4:13  facts\[0\]\.metric  metric "strike" is not .*did you mean "strikes"\?\)?$/);
    expect(output).not.toContain('civilian_deaths_month');
  });

  it('gives one message for one mis-indented line, at that line', async () => {
    const { output } = await validate([fixture('mis-indented.yaml')], 'unused');
    expect(output.split('\n')).toEqual([
      `${fixture('mis-indented.yaml')}:6:1  -  YAML syntax: this line is indented differently from the lines around it (parser: Sequence item without - indicator)`,
      'failed: 1 error, 0 warnings; the bot keeps serving its last good data until these are fixed',
    ]);
  });

  it('gives one message for each of two mistakes in different records', async () => {
    const { output } = await validate([fixture('two-mistakes.yaml')], 'unused');
    expect(output.split('\n')).toEqual([
      `${fixture('two-mistakes.yaml')}:6:1  -  YAML syntax: this line is indented differently from the lines around it (parser: Sequence item without - indicator)`,
      `${fixture('two-mistakes.yaml')}:16:27  -  YAML syntax: text goes on after a closing quote: inside '…' write an apostrophe twice ('') or quote with "…" (parser: Unexpected scalar at node end)`,
      'failed: 2 errors, 0 warnings; the bot keeps serving its last good data until these are fixed',
    ]);
  });

  it('sums up the standing warnings in one line and prints the errors last, counted', async () => {
    const dir = await standingDir();
    const { output, code } = await validate([dir], 'unused');
    expect(code).toBe(1);
    const lines = output.split('\n');
    expect(lines[0]).toBe("1 warning about the reports' own arithmetic, kept as published (list them: npm run validate -- --warnings)");
    expect(lines.slice(1)).toEqual([
      `${dir}/report.yaml:22:17  facts[4].evidence[0].source  source "releese" is not a source id (did you mean "release"?)`,
      'failed: 1 error, 1 warning; the bot keeps serving its last good data until these are fixed',
    ]);
  });

  it('lists the warnings with --warnings, still above the errors', async () => {
    const dir = await standingDir();
    const lines = (await validate(['--warnings', dir], 'unused')).output.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/report\.yaml:13:\d+  facts\[3\]\.value  warning: 2019-12: carried over 82 \+ new 41 − completed 45 = 78, but the report gives 79 still open$/);
    expect(lines[1]).toMatch(/source "releese" is not a source id/);
    expect(lines[2]).toMatch(/^failed: 1 error, 1 warning;/);
  });

  it('refuses an unknown option with the usage line (exit 2)', async () => {
    const { output, code } = await validate(['--warning'], 'unused');
    expect(code).toBe(2);
    expect(output).toMatch(/Unknown option '--warning'/);
    expect(output).toMatch(/^usage: npm run validate -- \[--warnings\]/m);
  });
});
