import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/cli/validate.ts';
import { ENTITIES, REPORT, writeDataDir } from './fixture.ts';

const run = promisify(execFile);

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

  it('runs as a command with exit status 1 on a broken file', async () => {
    const dir = await writeDataDir({ 'entities.yaml': ENTITIES, 'bad.yaml': 'facts: [' });
    const err = await run('npx', ['tsx', 'src/cli/validate.ts', dir]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in err && err.code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/bad\.yaml:\d+:\d+  -  YAML syntax:/);
  });
});
