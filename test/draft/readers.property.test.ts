// Properties of the drafter's readers over arbitrary input: they never throw, what they return is
// where they say it is, and their work is bounded: a 100 KB report (a page flattened into one line,
// thousands of numbers, unclosed tags) is read in time proportional to its length.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRealPartialDate } from '../../src/catalog/schema.ts';
import { readReportText } from '../../src/draft/input.ts';
import { readNumbers } from '../../src/draft/numbers.ts';
import { readReport } from '../../src/draft/read.ts';
import { readTimes } from '../../src/draft/time.ts';
import { shippedData, type ShippedData } from './helpers.ts';

/** What reports are made of, and what breaks readers: words, numbers, dates, marks, tags, other scripts. */
const PIECES = [
  'between', 'August', 'December', '2014', '2019', 'and', 'the end of', 'since', 'the start of', 'in the month of', 'this year', 'on Thursday',
  'at least', 'as many as', 'more than', 'nearly', 'one hundred and eleven', 'Seventy-nine', 'forty five', 'doce', 'one', 'none',
  '1,370', '34,763', '5.6 million', '593 thousand', '11.800', '8,220–13,299', '34, 514', '0/7980', '2019-12', '12/2019', '8th', '٢٠١٩', '١٣١٥٩',
  'civilians', 'killed', 'reports', 'carried over', 'still open', 'credible', 'non-credible', 'strikes', 'refugees', 'troops', 'children',
  'CJTF-OIR', 'Airwars', 'the coalition', 'according to', 'said', 'SOHR', 'UNHCR', 'منذ', 'من أيلول', 'أكثر من', 'مدنيا',
  '"', '“', '”', ',', '.', ';', ' - ', '(', ')', '<p>', '</p>', '<script>', '</script>', '<', '>', '&amp;', '&#', 'News ID:', 'Published:',
];
const piece = fc.oneof(fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 3_000_000 }).map(String), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const reportText = fc
  .array(piece, { maxLength: 60 })
  .chain((ps) => fc.constantFrom(' ', '\n', '. ', ', ', '').map((sep) => ps.join(sep)));
const anyText = fc.oneof(reportText, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));

/** A 100 KB text built from the pieces, deterministically. */
function big(sep: string, size = 100_000): string {
  let s = '';
  for (let i = 0; s.length < size; i++) s += PIECES[(i * 7 + (i >> 3)) % PIECES.length] + sep;
  return s.slice(0, size);
}

describe('the number reader', () => {
  it('never throws; every mention lies where it says, in order, and a range runs upwards', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { tokens, numbers } = readNumbers(text);
        expect(tokens.length).toBeLessThanOrEqual(text.length);
        let last = -1;
        for (const n of numbers) {
          expect(n.start).toBeGreaterThan(last);
          expect(n.end).toBeLessThanOrEqual(text.length);
          last = n.end - 1;
          if (typeof n.value === 'number') expect(Number.isFinite(n.value) && n.value >= 0).toBe(true);
          else expect(n.value.min).toBeLessThan(n.value.max);
          if (n.form === 'words' || n.form === 'range') expect(n.raw).toBe(text.slice(n.start, n.end));
        }
      }),
    );
  });
});

describe('the date reader', () => {
  it('never throws; every phrase covers tokens in order, and every date it gives is a real one', () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.constantFrom('2020-02-14', '2017-01-02', '2019-12-31T23:10Z', '2020-02'), { nil: undefined }), (text, published) => {
        const { tokens } = readNumbers(text);
        const reads = readTimes(text, tokens, published);
        let last = 0;
        for (const r of reads) {
          expect(r.from).toBeGreaterThanOrEqual(0);
          expect(r.to).toBeGreaterThan(r.from);
          expect(r.to).toBeLessThanOrEqual(tokens.length);
          last = r.to;
          for (const d of [r.start, r.end]) if (d !== undefined) expect(isRealPartialDate(d), d).toBe(true);
          if (r.start !== undefined && r.end !== undefined) expect(r.start.slice(0, 4) <= r.end.slice(0, 4)).toBe(true);
        }
        expect(last).toBeLessThanOrEqual(tokens.length);
      }),
    );
  });
});

describe('the whole reader', () => {
  let data: ShippedData;
  beforeAll(async () => {
    data = await shippedData();
  });

  it('never throws, and never proposes a figure whose quote lacks it or a number it did not read', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = readReport(data.ctx, text, { published: '2020-02-14' });
        for (const p of r.proposals) {
          expect(p.quote.length).toBeLessThanOrEqual(600);
          expect(p.how.length).toBeGreaterThanOrEqual(6);
        }
        expect(r.proposals.length + r.unplaced.length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: Math.min(Number(process.env.FC_NUM_RUNS ?? 100), 200) },
    );
  });

  it('reads 100 KB texts in bounded time, whatever their shape', () => {
    for (const text of [big(' '), big(''), '<'.repeat(100_000) + '<script>'.repeat(12_500), 'one '.repeat(25_000), '1.'.repeat(50_000)]) {
      const started = performance.now();
      const { tokens } = readNumbers(text);
      readTimes(text, tokens, '2020-02-14');
      readReportText(`<html>${text}`);
      readReport(data.ctx, text, { published: '2020-02-14' });
      // Generous for two shared cores: a quadratic step would take minutes here, not seconds.
      expect(performance.now() - started, JSON.stringify(text.slice(0, 30))).toBeLessThan(15_000);
    }
  }, 120_000);
});
