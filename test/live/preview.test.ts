// The preview of a change: figures added, changed (old → new value, qualifier, status, sources)
// and removed, other records touched, and only the warnings that are new.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load.ts';
import type { Problem } from '../../src/catalog/problem.ts';
import { cut, formatFigureValue, isEmptyPreview, previewChange, summaryLines, type Side } from '../../src/live/preview.ts';

const FACTS = readFileSync(new URL('../fixtures/gateway-data/facts.yaml', import.meta.url), 'utf8');
const VOCABULARY = readFileSync(new URL('../fixtures/gateway-data/vocabulary.yaml', import.meta.url), 'utf8');

function side(facts: string, warnings: Problem[] = []): Side {
  const r = buildCatalog([
    { file: 'data/facts.yaml', bytes: new TextEncoder().encode(facts) },
    { file: 'data/vocabulary.yaml', bytes: new TextEncoder().encode(VOCABULARY) },
  ]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { catalog: r.catalog, warnings: [...r.warnings, ...warnings] };
}

const warning = (message: string): Problem => ({ severity: 'warning', file: 'data/facts.yaml', line: 3, col: 1, path: 'facts[0]', message });

describe('previewChange', () => {
  it('describes nothing for the same data, however it is laid out', () => {
    const p = previewChange(side(FACTS), side(FACTS.replace('# A small', '# An edited comment about a small')));
    expect(isEmptyPreview(p)).toBe(true);
    expect(summaryLines(p)).toEqual([]);
  });

  it('shows a changed value, qualifier and status old → new, and names the other fields', () => {
    const edited = FACTS.replace('value: 1370\n    qualifier: at_least', 'value: 1371\n    qualifier: about\n    status: disputed\n    notes: Checked again.').replace('at least 1,370 civilians have', 'about 1,371 civilians have');
    const p = previewChange(side(FACTS), side(edited));
    expect(p.changed).toEqual([
      {
        id: 'cjtf-oir-civilian-deaths-2019-12',
        fields: [
          { field: 'value', before: 'at least 1,370', after: 'about 1,371' },
          { field: 'qualifier', before: 'at_least', after: 'about' },
          { field: 'status', before: 'current', after: 'disputed' },
        ],
        others: ['quote', 'notes'],
      },
    ]);
    expect(summaryLines(p)).toEqual(['~ cjtf-oir-civilian-deaths-2019-12: value at least 1,370 → about 1,371; qualifier at_least → about; status current → disputed; also quote, notes']);
  });

  it('lists figures added and removed, and the sources touched', () => {
    const added = `${FACTS}
  - id: airwars-2020-02-likely
    metric: civilian_deaths_likely
    subject: us-led-coalition
    claimant: airwars
    as_of: "2020-02-29"
    value: { min: 8300, max: 13200 }
    qualifier: range
    evidence:
      - source: airwars-2020
        quote: "between 8,300 and 13,200 civilians likely killed"
`;
    const p = previewChange(side(FACTS), side(added));
    expect(p.added.map((f) => f.id)).toEqual(['airwars-2020-02-likely']);
    expect(summaryLines(p)[0]).toBe('+ airwars-2020-02-likely: civilian_deaths_likely 8,300–13,200 as of 2020-02-29 (airwars; current; airwars-2020)');
    const back = previewChange(side(added), side(FACTS));
    expect(back.removed.map((f) => f.id)).toEqual(['airwars-2020-02-likely']);
    expect(summaryLines(back)).toEqual(['- airwars-2020-02-likely: civilian_deaths_likely 8,300–13,200 (airwars)']);
  });

  it('shows a figure moved to another source as a change of sources', () => {
    const moved = FACTS.replace('      - source: kuna-2020-02-14\n', '      - source: cjtf-oir-release-2020-02-13\n');
    const p = previewChange(side(FACTS), side(moved));
    expect(p.changed[0]?.fields).toEqual([{ field: 'sources', before: 'kuna-2020-02-14', after: 'cjtf-oir-release-2020-02-13' }]);
  });

  it('reports only new warnings, and counts the cleared ones', () => {
    const p = previewChange(side(FACTS, [warning('old'), warning('kept')]), side(FACTS, [warning('kept'), warning('new')]));
    expect(p.newWarnings.map((w) => w.message)).toEqual(['new']);
    expect(p.clearedWarnings).toBe(1);
  });
});

describe('formatting', () => {
  it('writes values with their qualifier', () => {
    expect(formatFigureValue({ value: 1370, qualifier: 'at_least' })).toBe('at least 1,370');
    expect(formatFigureValue({ value: { min: 8214, max: 13125 }, qualifier: 'range' })).toBe('8,214–13,125');
    expect(formatFigureValue({ value: 5.6e6, qualifier: 'exact' })).toBe('5,600,000');
  });

  it('cuts long lines between code points, within the limit', () => {
    const s = '😀'.repeat(400);
    const c = cut(s, 300);
    expect(c.length).toBeLessThanOrEqual(300);
    expect(c.endsWith('…')).toBe(true);
    expect(c.slice(0, -1)).toBe('😀'.repeat(149));
  });
});
