// The shipped evaluation set (bench/eval/questions.yaml) is well-formed and fits the shipped data:
// enough questions, enough of every kind, every expected fact id present in data/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBot } from '../../bench/eval/answer.ts';
import { GROUPS, KINDS, loadQuestions } from '../../bench/eval/questions.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bench/eval/questions.yaml', async () => {
  const questions = await loadQuestions(path.join(ROOT, 'bench/eval/questions.yaml'));

  it('holds at least 200 questions, at least 25 of every kind and some from every group', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    for (const kind of KINDS) expect(questions.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(25);
    for (const who of GROUPS) expect(questions.filter((q) => q.who === who).length, who).toBeGreaterThanOrEqual(25);
  });

  it('expects only facts that data/ holds', async () => {
    const { factIds } = await loadBot(path.join(ROOT, 'data'));
    const unknown = questions.flatMap((q) => (q.expect === 'none' ? [] : q.expect.filter((id) => !factIds.has(id)).map((id) => `${id} (${q.ask})`)));
    expect(unknown).toEqual([]);
  });

  it('includes every example under "Why" in issue 11', () => {
    const asked = new Set(questions.map((q) => q.ask));
    for (const example of [
      '/fact airwars estimate 2019',
      '/fact civilian deaths raqqa 2017',
      '/fact open reports december 2019',
      '/fact coalition strikes by end of 2018',
      '/fact latest cjtf-oir civilian casualty report',
      '/timeline coalition strikes',
      '/fact civilians killed in mosul',
      '/fact isis fighters killed',
      '/casualties OIR',
      '/casualties operation inherent resolve',
      '/source combined joint task force',
      '/source cjtf',
      'how many civilians did the coalition kill',
    ]) {
      expect(asked.has(example), example).toBe(true);
    }
  });
});
