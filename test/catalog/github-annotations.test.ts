// `--format github`: one workflow command per problem, escaped as GitHub requires, so nothing in a
// file name or a message can forge a second annotation or another property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/catalog/problem.ts';
import { escapeData, escapeProperty, githubAnnotation } from '../../src/cli/github-annotations.ts';
import { validate } from '../../src/cli/validate.ts';
import { ENTITIES, REPORT, writeDataDir } from './fixture.ts';

const problem = (over: Partial<Problem> = {}): Problem => ({ severity: 'error', file: 'data/x.yaml', line: 12, col: 5, path: 'facts[0].value', message: 'value must be a number', ...over });

/** GitHub's runner side: split a command line into name, properties and message, undoing the escapes. */
function parseCommand(line: string): { name: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return undefined;
  const unProp = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const unData = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter((x) => x !== '')) {
    const i = kv.indexOf('=');
    props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
  }
  return { name: m[1]!, props, message: unData(m[3]!) };
}

describe('githubAnnotation', () => {
  it('writes an error or warning with file, line, col and the record path as title', () => {
    expect(githubAnnotation(problem())).toBe('::error file=data/x.yaml,line=12,col=5,title=facts[0].value::value must be a number');
    expect(githubAnnotation(problem({ severity: 'warning', line: 0, path: '' }))).toBe('::warning file=data/x.yaml::value must be a number');
  });

  it('escapes %, CR, LF, ":" and "," in properties, and %, CR, LF in the message', () => {
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    const forged = githubAnnotation(problem({ file: 'x.yaml,line=1::forged\n::error file=evil.yaml::pwned', message: '50%\n::warning::injected' }));
    expect(forged.split('\n')).toHaveLength(1);
    expect(parseCommand(forged)).toEqual({
      name: 'error',
      props: { file: 'x.yaml,line=1::forged\n::error file=evil.yaml::pwned', line: '12', col: '5', title: 'facts[0].value' },
      message: '50%\n::warning::injected',
    });
  });

  it('never lets any file name, path or message forge a line, a property or another command (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', ':', '=', '%', '\n', '\r', '2', 'C', '0', 'A', ' ', '::', 'é'), maxLength: 30 });
    fc.assert(
      fc.property(text, text, text, fc.boolean(), (file, path, message, warning) => {
        const p = problem({ file, path, message, severity: warning ? 'warning' : 'error' });
        const line = githubAnnotation(p);
        if (/[\r\n]/.test(line)) return false;
        const parsed = parseCommand(line);
        if (!parsed) return false;
        const expected: Record<string, string> = { file, line: '12', col: '5', ...(path === '' ? {} : { title: path }) };
        expect(parsed).toEqual({ name: warning ? 'warning' : 'error', props: expected, message });
        return true;
      }),
    );
  });
});

describe('npm run validate -- --format github', () => {
  it('prints each error as an annotation on its line, then the summary, and exits 1', async () => {
    const name = 'x,line=1::forged.yaml';
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, [name]: REPORT.replace('claimant: cjtf-oir', 'claimant: airwars') });
    const { output, code } = await validate(['--format', 'github', dir], 'unused');
    expect(code).toBe(1);
    const [first, summary] = output.split('\n');
    const line = REPORT.split('\n').findIndex((l) => l.includes('claimant: cjtf-oir')) + 1;
    expect(parseCommand(first!)).toEqual({ name: 'error', props: { file: `${dir}/${name}`, line: String(line), col: '15', title: 'facts[0].claimant' }, message: 'claimant "airwars" is not an entity id' });
    expect(summary).toMatch(/^failed: 1 error/);
  });

  it('prints only the summary for valid data, and refuses an unknown format', async () => {
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, 'report.yaml': REPORT });
    expect(await validate(['--format', 'github', dir], 'unused')).toMatchObject({ code: 0, output: expect.stringMatching(/^ok: 2 files/) });
    expect(await validate(['--format', 'xml', dir], 'unused')).toMatchObject({ code: 2, output: expect.stringMatching(/unknown format "xml"/) });
  });
});
