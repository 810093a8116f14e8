import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Problem } from '../../src/catalog/problem.ts';
import { ENTITIES, REPORT, writeDataDir } from './fixture.ts';

async function errorsFor(files: Record<string, string | Uint8Array>): Promise<Problem[]> {
  const result = await loadCatalog(await writeDataDir(files));
  expect(result.ok).toBe(false);
  return result.ok ? [] : [...result.errors];
}

/** Line number (1-based) of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`"${needle}" not in fixture`);
}

describe('loadCatalog', () => {
  it('builds a frozen catalog from valid files', async () => {
    const result = await loadCatalog(await writeDataDir({ 'entities.yaml': ENTITIES, 'r/2020.yaml': REPORT }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.catalog;
    expect([c.entities.size, c.sources.size, c.facts.length]).toEqual([4, 2, 1]);
    expect(c.factsById.get('cjtf-oir-civilian-deaths-2019-12')?.value).toBe(1370);
    expect(Object.isFrozen(c.facts[0])).toBe(true);
    expect(Object.isFrozen(c.facts[0]!.evidence[0])).toBe(true);
    expect(c.origins.get('kuna-2020-02-14')?.line).toBe(lineOf(REPORT, 'id: kuna-2020-02-14'));
    expect(c.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reports a YAML syntax error with its line', async () => {
    const broken = REPORT.replace('    value: 1370', '    value: [1370');
    const [e] = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(e!.file).toMatch(/report\.yaml$/);
    expect(e!.message).toMatch(/^YAML syntax:/);
    expect(e!.line).toBeGreaterThanOrEqual(lineOf(broken, 'value: [1370'));
  });

  it('reports a wrong type at the offending value', async () => {
    const broken = REPORT.replace('value: 1370', 'value: "lots"');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'facts[0].value', line: lineOf(broken, 'value: "lots"'), col: 12 });
  });

  it('reports a missing required field at the record', async () => {
    const broken = REPORT.replace('    claimant: cjtf-oir\n', '');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors[0]).toMatchObject({ path: 'facts[0].claimant', line: lineOf(broken, '- id: cjtf-oir-civilian-deaths') });
    expect(errors[0]!.message).toMatch(/required field is missing/);
  });

  it('reports an unknown field at its key', async () => {
    const broken = REPORT.replace('    verb: assesses', '    verb: assesses\n    claimaint: airwars');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors[0]).toMatchObject({ path: 'facts[0].claimaint', line: lineOf(broken, 'claimaint'), message: 'unknown key "claimaint" ("claimant" is already set in this record)' });
  });

  it('reports an enum mistake with the allowed values', async () => {
    const broken = REPORT.replace('qualifier: at_least', 'qualifier: atleast');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors[0]!.path).toBe('facts[0].qualifier');
    expect(errors[0]!.message).toContain('"at_least"');
  });

  it('reports an empty file', async () => {
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'empty.yaml': '  \n# only a comment\n' });
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^file is empty/) })]);
  });

  it('reports a missing data directory', async () => {
    const result = await loadCatalog(path.join(await writeDataDir({}), 'nope'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toBe('data directory not found');
  });

  it('reports a directory with no fact files', async () => {
    const errors = await errorsFor({ 'README.md': '# not yaml' });
    expect(errors[0]!.message).toMatch(/no fact files/);
  });

  it('refuses a file of tens of megabytes without reading it', async () => {
    const huge = new Uint8Array(30 * 1024 * 1024).fill(0x20);
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'dump.yaml': huge });
    expect(errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/dump\.yaml$/), message: expect.stringMatching(/^file is 30\.0 MiB; the limit is 2 MiB/) })]);
  });

  it('reports a file that is not UTF-8 with the line of the bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from(ENTITIES.replace('Kuwait News Agency', 'Kuwait News Agenc')), Buffer.from([0xe9]), Buffer.from('\n')]);
    const errors = await errorsFor({ 'entities.yaml': latin1 });
    expect(errors[0]!.message).toMatch(/not valid UTF-8/);
    expect(errors[0]!.line).toBe(ENTITIES.split('\n').length);
  });

  it('reports duplicate ids across files, pointing at the first', async () => {
    const copy = REPORT.replace(/sources:[\s\S]*facts:/, 'facts:');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'a.yaml': REPORT, 'b.yaml': copy });
    expect(errors).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/b\.yaml$/),
        path: 'facts[0].id',
        message: expect.stringMatching(/duplicate fact id "cjtf-oir-civilian-deaths-2019-12" \(first defined at .*a\.yaml:\d+\)/),
      }),
    ]);
  });

  it('reports a dangling reference with a suggestion', async () => {
    const broken = REPORT.replace('claimant: cjtf-oir', 'claimant: cjtf-oi');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors).toEqual([
      expect.objectContaining({ path: 'facts[0].claimant', line: lineOf(broken, 'claimant: cjtf-oi'), message: 'claimant "cjtf-oi" is not an entity id (did you mean "cjtf-oir"?)' }),
    ]);
  });

  it('reports aliases that collide after normalising', async () => {
    const broken = ENTITIES.replace('aliases: [KUNA]', 'aliases: [KUNA, "cjtf oir"]');
    const errors = await errorsFor({ 'entities.yaml': broken, 'report.yaml': REPORT });
    expect(errors[0]).toMatchObject({ path: 'entities[2].aliases[1]', line: lineOf(broken, '"cjtf oir"') });
    expect(errors[0]!.message).toContain('same as "CJTF-OIR" of entity "cjtf-oir"');
  });

  it('reports a quote that does not contain the figure', async () => {
    const broken = REPORT.replace('value: 1370', 'value: 1307');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'report.yaml': broken });
    expect(errors[0]).toMatchObject({ path: 'facts[0].evidence[0].quote', line: lineOf(broken, 'quote:') });
    expect(errors[0]!.message).toMatch(/does not contain the figure 1,307/);
  });

  it('reports impossible dates, reversed periods and reversed ranges', async () => {
    const badDate = REPORT.replace('as_of: "2019-12-31"', 'as_of: "2019-02-30"');
    expect((await errorsFor({ 'entities.yaml': ENTITIES, 'r.yaml': badDate }))[0]).toMatchObject({ path: 'facts[0].as_of', message: 'not a real calendar date' });

    const reversed = REPORT.replace('start: "2014-08"', 'start: "2020-03"');
    const errs = await errorsFor({ 'entities.yaml': ENTITIES, 'r.yaml': reversed });
    expect(errs.map((e) => e.path)).toContain('facts[0].period.end');

    const range = REPORT.replace('value: 1370\n    qualifier: at_least', 'value: { min: 1370, max: 137 }\n    qualifier: range').replace('at least 1,370', 'between 1,370 and 137');
    const rangeErrors = await errorsFor({ 'entities.yaml': ENTITIES, 'r.yaml': range });
    expect(rangeErrors[0]).toMatchObject({ path: 'facts[0].value.min', message: 'min 1370 is greater than max 137' });
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`), 'facts: *a8'].join('\n');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'bomb.yaml': bomb });
    expect(errors[0]!.message).toMatch(/^YAML aliases repeat more than 1,000,000 characters of text by here \(\d[\d,]* uses of \*a\d/);
    expect(errors[0]!.line).toBeGreaterThan(1);
  });

  it('reads a file that uses a YAML anchor and alias modestly', async () => {
    const withAlias = `${ENTITIES.replace('    description: Country.', '    description: &country Country.')}  - id: syria
    kind: place
    name: Syria
    description: *country
`;
    const result = await loadCatalog(await writeDataDir({ 'entities.yaml': withAlias, 'r.yaml': REPORT }));
    expect(result.ok ? result.catalog.entities.get('syria')?.description : result.errors).toBe('Country.');
  });

  it('reports a top level that is not a mapping', async () => {
    const errors = await errorsFor({ 'entities.yaml': '- just\n- a list\n' });
    expect(errors[0]!.message).toMatch(/top level must be a mapping/);
  });

  it('reports a via chain that loops', async () => {
    const loop = REPORT.replace('    published: "2020-02-13"', '    published: "2020-02-13"\n    via: kuna-2020-02-14');
    const errors = await errorsFor({ 'entities.yaml': ENTITIES, 'r.yaml': loop });
    expect(errors.map((e) => e.message)).toContain('the via chain of "kuna-2020-02-14" loops back on itself');
  });
});

describe('cheap field location', () => {
  it('finds every shipped fact value where the YAML parser does', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { parseFactFile } = await import('../../src/catalog/parse-file.ts');
    const files = (await readdir('data', { recursive: true })).filter((f) => f.endsWith('.yaml'));
    let checked = 0;
    for (const f of files) {
      const parsed = parseFactFile(f, await readFile(path.join('data', f)));
      parsed.data!.facts.forEach((fact, i) => {
        const cheap = parsed.locateField(fact.id, 'value');
        const exact = parsed.locate(['facts', i, 'value']);
        // A { min, max } value is a mapping, which the parser locates at its key: same line.
        if (typeof fact.value === 'number') expect(cheap, `${f} ${fact.id}`).toEqual(exact);
        else expect(cheap?.line, `${f} ${fact.id}`).toBe(exact.line);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('gives up rather than guess on a flow-style record', () => {
    return import('../../src/catalog/parse-file.ts').then(({ parseFactFile }) => {
      const parsed = parseFactFile('f.yaml', Buffer.from('facts:\n  - { id: a, value: 3 }\n'));
      expect(parsed.locateField('a', 'value')).toBeUndefined();
    });
  });
});
