import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalise } from '../../src/catalog/normalise.ts';
import { numbersIn, quoteContainsValue } from '../../src/catalog/figures.ts';

const SEPARATORS = ['-', '–', '_', '.', ' ', '  ', '/', ','];

describe('normalise', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => normalise(normalise(s)) === normalise(s)));
  });

  it('ignores case, hyphens, punctuation and extra spaces between words', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 5, maxLength: 5 }), (ws, seps) => {
        const joined = ws.map((w, i) => (i === 0 ? w : `${seps[i]}${w}`)).join('');
        return normalise(`  ${joined.toUpperCase()} `) === ws.join(' ').toLowerCase();
      }),
    );
    expect(normalise('CJTF-OIR')).toBe(normalise('cjtf oir'));
  });

  it('strips accents but keeps the letters, and keeps Arabic script', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('\u0301', '\u0300', '\u0308', '\u0327'), (w, mark) => {
        const accented = (w[0] + mark + w.slice(1)).normalize('NFC');
        return normalise(accented) === w;
      }),
    );
    expect(normalise('Daʼesh')).toBe('daesh');
    expect(normalise('داعش')).toBe('داعش');
    expect(normalise('دَاعِش')).toBe('داعش');
  });
});

describe('figure in quote', () => {
  const sentence = fc.tuple(fc.constantFrom('at least', 'as many as', 'killed', ''), fc.constantFrom('civilians', 'strikes.', '(reports)'));

  it('finds any integer written with thousands separators or plain digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom('en-US', 'plain', 'thin'), sentence, (n, style, [pre, post]) => {
        const written = style === 'plain' ? String(n) : style === 'thin' ? n.toLocaleString('en-US').replace(/,/g, '\u202f') : n.toLocaleString('en-US');
        return quoteContainsValue(`${pre} ${written} ${post}`, n);
      }),
    );
  });

  it('never finds an integer the quote does not state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (n, m) => {
        fc.pre(n !== m);
        return !quoteContainsValue(`assesses at least ${n.toLocaleString('en-US')} civilians`, m);
      }),
    );
  });

  it('reads decimals with a scale word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 9 }), (whole, tenth) => {
        const v = Math.round((whole + tenth / 10) * 1e6);
        return quoteContainsValue(`${whole}.${tenth} million refugees`, v);
      }),
    );
  });

  it('reads English number words', () => {
    expect([...numbersIn('Seventy-nine reports are still open')]).toContain(79);
    expect([...numbersIn('Forty five civilian casualty allegation reports')]).toContain(45);
    expect([...numbersIn('received two new reports')]).toContain(2);
    expect([...numbersIn('one hundred and twelve strikes')]).toContain(112);
    expect(quoteContainsValue('received two new reports', 3)).toBe(false);
  });

  it('reads Spanish and Portuguese small counts, but not words that are also English', () => {
    expect(quoteContainsValue('ha confirmado la muerte «no intencionada» de catorce civiles', 14)).toBe(true);
    expect(quoteContainsValue('determinando que só catorze deles eram credíveis', 14)).toBe(true);
    expect(quoteContainsValue('doce civiles en Siria y dos en Irak', 14)).toBe(false);
    expect(quoteContainsValue('the coalition once again admitted deaths', 11)).toBe(false);
  });

  it('answers as numbersIn does, whether the figure is in digits, in words or missing', () => {
    // Each piece of a quote with the value it states (null: none), so a figure can be drawn from it.
    const piece = fc.oneof(
      fc.integer({ min: 0, max: 2_000_000 }).map((n) => ({ text: n.toLocaleString('en-US'), value: n as number | null })),
      fc.constantFrom(
        { text: 'seventy-nine', value: 79 },
        { text: 'forty five', value: 45 },
        { text: 'two hundred and six', value: 206 },
        { text: 'catorce', value: 14 },
        { text: '5.6 million', value: 5_600_000 },
        { text: '١٬٣٧٠', value: 1370 },
        { text: 'civilians', value: null },
        { text: 'and', value: null },
      ),
    );
    const quoteAndValue = fc.array(piece, { maxLength: 8 }).chain((pieces) => {
      const stated = pieces.flatMap((p) => (p.value === null ? [] : [p.value]));
      const figure = stated.length > 0 ? fc.oneof(fc.constantFrom(...stated), fc.integer({ min: 0, max: 2_000_000 })) : fc.integer({ min: 0, max: 2_000_000 });
      const value = fc.oneof(figure, fc.record({ min: figure, max: figure }));
      return fc.tuple(fc.constant(pieces.map((p) => p.text).join(' ')), value);
    });
    fc.assert(
      fc.property(quoteAndValue, ([quote, v]) => {
        const found = numbersIn(quote);
        const expected = (typeof v === 'number' ? [v] : [v.min, v.max]).every((x) => found.has(x));
        expect(quoteContainsValue(quote, v)).toBe(expected);
      }),
    );
  });

  it('checks both ends of a range', () => {
    expect(quoteContainsValue('between 8,106 and 13,159 civilians', { min: 8106, max: 13159 })).toBe(true);
    expect(quoteContainsValue('between 8,106 and 13,159 civilians', { min: 8106, max: 13000 })).toBe(false);
  });
});
