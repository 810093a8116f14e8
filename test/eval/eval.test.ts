// `npm run eval`: the scorer on hand-made answers, the adapter and the runner on the fixture
// catalog and a fixture question set, and the ratchet's exit codes.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../bench/eval.ts';
import { botFor } from '../../bench/eval/answer.ts';
import { parseQuestions, type Question } from '../../bench/eval/questions.ts';
import { checkRatchet, judge, leadFigures, saysNoFigure, tally, type EvalResult } from '../../bench/eval/score.ts';
import type { Answer, Figure } from '../../src/answers/model.ts';
import { REPORT, ENTITIES, writeDataDir } from '../catalog/fixture.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';

// The scorer reads only ids and dates of figures; the rest of a Figure does not matter to it.
const fig = (factId: string, date?: string): Figure => ({ factId, ...(date ? { date } : {}) }) as unknown as Figure;
const ref = { id: 'x', name: 'X', short: 'X', kind: 'organisation' } as const;
const facts = (...ids: string[]): Answer => ({
  kind: 'facts',
  query: 'q',
  results: ids.map((id) => ({ figure: fig(id), earlier: 0 })),
  paging: { page: 1, pages: 1 },
  total: ids.length,
  replay: {},
}) as unknown as Answer;
const casualties = (ids: string[], note?: string): Answer => ({
  kind: 'casualties',
  subject: ref,
  sides: ids.map((id) => ({ claimant: ref, latest: fig(id), earlier: 0 })),
  ...(note ? { note } : {}),
  replay: {},
}) as unknown as Answer;
const timeline = (...series: [string, string][][]): Answer => ({
  kind: 'timeline',
  subject: ref,
  metric: { id: 'strikes', label: 'strikes', unit: 'strikes' },
  series: series.map((rows) => ({ claimant: ref, rows: rows.map(([id, date]) => fig(id, date)) })),
  otherMetrics: [],
  replay: {},
}) as unknown as Answer;
const notFound: Answer = { kind: 'not_found', message: 'No figures match “mosul”.', suggestions: [] };

const q = (ask: string, expectIds: string[] | 'none', who: Question['who'] = 'chat', kind: Question['kind'] = 'other'): Question => ({ ask, who, kind, expect: expectIds });

describe('the scorer', () => {
  it('takes the first /fact result as the lead, and accepts any expected id', () => {
    expect(judge(q('a', ['f1', 'f2']), facts('f2', 'zz')).correct).toBe(true);
    expect(judge(q('a', ['f1']), facts('zz', 'f1')).correct).toBe(false);
  });

  it('needs every /casualties side to lead with an expected figure', () => {
    expect(judge(q('a', ['c1', 'c2', 'c3']), casualties(['c1', 'c2'])).correct).toBe(true);
    const wrong = judge(q('a', ['c1', 'c2']), casualties(['c1', 'old']));
    expect(wrong.correct).toBe(false);
    expect(wrong.got).toBe('casualties: c1, old');
  });

  it('leads a /timeline series with its newest-dated row', () => {
    const a = timeline([['s-2019', '2019-12-31'], ['s-2020', '2020-02-29'], ['s-2018', '2018-12-31']], [['t-2017', '2017-01-31']]);
    expect(leadFigures(a)).toEqual(['s-2020', 't-2017']);
    expect(judge(q('a', ['s-2020', 't-2017']), a).correct).toBe(true);
    expect(judge(q('a', ['s-2020']), a).correct, 'a series not expected is shown').toBe(false);
  });

  it('counts a figure answered to a "none" question as wrong, and saying so as right', () => {
    expect(judge(q('mosul', 'none'), facts('campaign-total')).correct).toBe(false);
    expect(judge(q('mosul', 'none'), notFound).correct).toBe(true);
    expect(judge(q('mosul', 'none'), { kind: 'invalid', message: 'not a date' }).correct).toBe(true);
    expect(judge(q('mosul', 'none'), casualties([])).correct, 'no side shown').toBe(true);
    // A later answer that names what is missing first, then gives the wider figures.
    const named = { ...(facts('campaign-total') as object), missing: 'No figure about Mosul in the data; for the whole campaign:' } as unknown as Answer;
    expect(saysNoFigure(named)).toBe(true);
    expect(judge(q('mosul', 'none'), named).correct).toBe(true);
    // A note qualifying the figures shown is not a "no figure" answer, nor is the echoed query.
    expect(saysNoFigure(casualties(['d1'], 'No figures are about the Pentagon itself; these are the figures it claims.'))).toBe(false);
    expect(saysNoFigure({ ...(facts('d1') as object), query: 'no figure about x' } as unknown as Answer)).toBe(false);
  });

  it('counts "no figure" for a question that has one as wrong', () => {
    expect(judge(q('a', ['f1']), notFound).correct).toBe(false);
    expect(judge(q('a', ['f1']), facts()).correct).toBe(false);
  });

  it('tallies per group and per kind so that they add up to the total', () => {
    const verdicts = [
      judge(q('1', ['f1'], 'chat', 'time'), facts('f1')),
      judge(q('2', ['f1'], 'chat', 'typo'), facts('f2')),
      judge(q('3', 'none', 'newsroom', 'honest_miss'), notFound),
      judge(q('4', 'none', 'moderator', 'honest_miss'), facts('f1')),
      judge(q('5', ['f1'], 'moderator', 'time'), facts('f1')),
    ];
    const r = tally(verdicts);
    expect(r).toMatchObject({ total: 5, correct: 3 });
    const sum = (counts: Record<string, { total: number; correct: number }>) =>
      Object.values(counts).reduce((s, c) => ({ total: s.total + c.total, correct: s.correct + c.correct }), { total: 0, correct: 0 });
    expect(sum(r.byGroup)).toEqual({ total: 5, correct: 3 });
    expect(sum(r.byKind)).toEqual({ total: 5, correct: 3 });
    expect(r.byGroup.chat).toEqual({ total: 2, correct: 1 });
    expect(r.byKind.honest_miss).toEqual({ total: 2, correct: 1 });
    expect(r.byKind.relation).toEqual({ total: 0, correct: 0 });
    expect(r.passing).toEqual(['1', '3', '5']);
  });
});

describe('the ratchet', () => {
  const result = (correct: number, total: number, passing: string[] = []): EvalResult =>
    ({ total, correct, byGroup: {}, byKind: {}, passing }) as unknown as EvalResult;

  it('fails below the baseline and passes at or above it', () => {
    expect(checkRatchet(result(49, 100), result(50, 100)).ok).toBe(false);
    expect(checkRatchet(result(50, 100), result(50, 100)).ok).toBe(true);
    expect(checkRatchet(result(51, 100), result(50, 100)).ok).toBe(true);
    // Accuracy, not counts: more questions at the same rate pass, a lower rate fails.
    expect(checkRatchet(result(100, 200), result(50, 100)).ok).toBe(true);
    expect(checkRatchet(result(60, 200), result(50, 100)).ok).toBe(false);
    // 1/3 against 2/6: equal, whatever floating point makes of them.
    expect(checkRatchet(result(1, 3), result(2, 6)).ok).toBe(true);
    expect(checkRatchet(result(0, 5), undefined).ok).toBe(true);
  });

  it('names the questions that stopped passing and those that started', () => {
    const c = checkRatchet(result(2, 3, ['a', 'c']), result(2, 3, ['a', 'b']));
    expect(c.ok).toBe(true);
    expect(c.regressions).toEqual(['b']);
    expect(c.gained).toEqual(['c']);
  });
});

describe('the adapter on the fixture catalog', () => {
  const ask = botFor(fixtureCatalog());
  const set = parseQuestions(`
questions:
  - { ask: "/fact 1,370", who: moderator, kind: other, expect: [cjtf-oir-2019-12-civilian-deaths] }
  - { ask: "1,370", who: chat, kind: other, expect: [cjtf-oir-2019-12-civilian-deaths] }
  - { ask: "/fact query:1,370", who: newsroom, kind: honest_miss, expect: none }
  - { ask: "/casualties zzqx", who: chat, kind: honest_miss, expect: none }
  - { ask: "/nosuchcommand hello", who: chat, kind: honest_miss, expect: none }
`);

  it('answers slash lines and plain text (as /fact) through the bot, and scores them', () => {
    const verdicts = set.map((question) => judge(question, ask(question.ask)));
    expect(verdicts.map((v) => v.correct)).toEqual([true, true, false, true, true]);
    expect(verdicts[2]!.got).toBe('facts: cjtf-oir-2019-12-civilian-deaths');
  });
});

describe('npm run eval on a fixture data directory', () => {
  const questions = `
questions:
  - { ask: "/fact 1,370", who: moderator, kind: other, expect: [cjtf-oir-civilian-deaths-2019-12] }
  - { ask: "/fact 9,999", who: newsroom, kind: honest_miss, expect: none }
  - { ask: "/fact query:1,370", who: chat, kind: honest_miss, expect: none }
`;

  it('writes the counts, records a baseline with --update, and exits 1 only below it', async () => {
    const data = await writeDataDir({ 'entities.yaml': ENTITIES, 'report.yaml': REPORT });
    const dir = await mkdtemp(path.join(tmpdir(), 'eval-'));
    const files = { questions: path.join(dir, 'q.yaml'), out: path.join(dir, 'eval.json'), baseline: path.join(dir, 'baseline.json') };
    await writeFile(files.questions, questions);
    const args = ['--questions', files.questions, '--data', data, '--out', files.out, '--baseline', files.baseline];
    const log: string[] = [];
    const run = (extra: string[] = []) => main([...args, ...extra], (s) => log.push(s));

    expect(await run()).toBe(0); // no baseline yet
    const written = JSON.parse(await readFile(files.out, 'utf8')) as EvalResult;
    expect(written).toMatchObject({ total: 3, correct: 2, byGroup: { chat: { total: 1, correct: 0 } }, byKind: { honest_miss: { total: 2, correct: 1 } } });
    expect(log.join('')).toContain('[chat] /fact query:1,370');

    expect(await run(['--update'])).toBe(0);
    expect(JSON.parse(await readFile(files.baseline, 'utf8'))).toMatchObject({ total: 3, correct: 2 });
    expect(await run()).toBe(0); // at the baseline

    await writeFile(files.baseline, JSON.stringify({ ...written, correct: 3, passing: [] }));
    log.length = 0;
    expect(await run()).toBe(1); // below it
    expect(log.join('')).toMatch(/FAILED: accuracy fell to 2\/3/);

    await writeFile(files.questions, `${questions}  - { ask: "/fact 1", who: chat, kind: other, expect: [no-such-fact] }\n`);
    log.length = 0;
    expect(await run()).toBe(2); // an expectation the data cannot meet
    expect(log.join('')).toContain('no-such-fact');
  });
});
