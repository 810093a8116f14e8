// The record-by-record locator a large file gets (src/catalog/locate.ts) must point where a full
// parse points: same line, same column, same text, for every path a message can name.
import { describe, expect, it } from 'vitest';
import { createLocator } from '../../src/catalog/locate.ts';

function bigFile(records: number): string {
  const out = ['# a comment before anything\nentities:\n  - id: e0\n    kind: place\n    name: "Zero"\n', 'facts:\n'];
  for (let i = 0; i < records; i++) {
    out.push(
      `  - id: f${i}\n    metric: civilian_deaths\n    value: ${i % 7 === 0 ? '{ min: 1, max: 2 }' : String(1000 + i)}\n` +
        `    places: [a, b]\n    evidence:\n      - source: s${i}\n        quote: "quote ${i}"\n` +
        (i % 5 === 0 ? `    notes: |\n      - not an item\n      still notes\n` : '') +
        (i % 3 === 0 ? `\n  # a comment between records\n` : ''),
    );
  }
  out.push('sources:\n- id: s0\n  kind: dataset\n');
  return out.join('');
}

describe('locating a path in a large file', () => {
  const text = bigFile(1700);
  const full = createLocator(text, Number.MAX_SAFE_INTEGER);
  const sliced = createLocator(text, 0);

  it('the file is large enough to be located record by record', () => {
    expect(text.length).toBeGreaterThan(256 * 1024);
  });

  const paths: (readonly PropertyKey[])[] = [
    [],
    ['facts'],
    ['entities', 0, 'name'],
    ['facts', 0],
    ['facts', 0, 'value'],
    ['facts', 0, 'value', 'min'],
    ['facts', 5, 'notes'],
    ['facts', 1234, 'evidence', 0, 'quote'],
    ['facts', 1699, 'places', 1],
    ['facts', 17, 'missing_field'],
    ['facts', 2000],
    ['sources', 0, 'kind'],
    ['nowhere', 3],
  ];
  for (const p of paths) {
    it(`finds ${JSON.stringify(p)} where a full parse does`, () => {
      expect(sliced.locate(p)).toEqual(full.locate(p));
      expect(sliced.locate(p, true)).toEqual(full.locate(p, true));
    });
  }

  it('quotes the text written at the path', () => {
    expect(sliced.locate(['facts', 1, 'value']).source).toBe('1001');
  });
});
