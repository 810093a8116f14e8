// The evaluation set's file format (bench/eval/questions.yaml), checked with zod like the fact
// files: a question the runner cannot read is an error, never a silently skipped question.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

export const GROUPS = ['chat', 'newsroom', 'moderator'] as const;
export const KINDS = ['time', 'relation', 'synonym', 'typo', 'other_language', 'honest_miss', 'other'] as const;

export type Group = (typeof GROUPS)[number];
export type Kind = (typeof KINDS)[number];

/** Fact ids as the data writes them (see Id in src/catalog/schema.ts). */
const FactId = z.string().regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 'a fact id such as cjtf-oir-civilian-deaths-2019-12');

export const Question = z.strictObject({
  /** What the user types: a slash command line, or plain text (answered as /fact). */
  ask: z.string().trim().min(1).max(300),
  who: z.enum(GROUPS),
  kind: z.enum(KINDS),
  /** The fact ids the answer may lead with, or "none": the honest answer is that there is no figure. */
  expect: z.union([z.literal('none'), z.array(FactId).min(1)]),
  why: z.string().min(1).max(400).optional(),
});

export const QuestionFile = z
  .strictObject({
    /** Named expectations, referenced from questions as YAML anchors; not read otherwise. */
    sets: z.record(z.string(), z.array(FactId).min(1)).optional(),
    questions: z.array(Question).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.questions.forEach((q, i) => {
      const key = q.ask.trim().toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['questions', i, 'ask'], message: `asked twice (also question ${first + 1}): ${q.ask}` });
      else seen.set(key, i);
    });
  });

export type Question = z.infer<typeof Question>;
export type QuestionFile = z.infer<typeof QuestionFile>;

/** Parse and check a question file's text; throws with every problem, each with its path. */
export function parseQuestions(text: string, name = 'questions'): Question[] {
  // The shared expectations are aliases; a few hundred of them are the point, not an attack.
  const raw: unknown = parse(text, { maxAliasCount: 10_000 });
  const r = QuestionFile.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 20).map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${name} is not a valid question file:\n${lines.join('\n')}`);
  }
  return r.data.questions;
}

export async function loadQuestions(file: string): Promise<Question[]> {
  return parseQuestions(await readFile(file, 'utf8'), file);
}
