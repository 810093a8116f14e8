// Autocomplete choices name a figure by toFigureHead, which works out only what a headline needs.
// The line must be the one the full figure gives, for every figure.
import { describe, expect, it } from 'vitest';
import { toFigure, toFigureHead } from '../../src/answers/figure.ts';
import { formatDate, headline } from '../../src/render/format.ts';
import { fixtureCatalog } from '../fixtures/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';

const line = (f: { date?: string } & Parameters<typeof headline>[0]) => `${headline(f)}${f.date ? ` (${formatDate(f.date)})` : ''}`;

describe('toFigureHead', () => {
  it('gives every figure the headline and date its full figure gives', async () => {
    const shipped = await loadCatalog('data');
    if (!shipped.ok) throw new Error('the shipped data does not load');
    for (const catalog of [fixtureCatalog(), shipped.catalog]) {
      expect(catalog.facts.length).toBeGreaterThan(10);
      for (const f of catalog.facts) expect(line(toFigureHead(catalog, f)), f.id).toBe(line(toFigure(catalog, f)));
    }
  });
});
