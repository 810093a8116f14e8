// The drafter's readers on fixture texts written for the purpose: numbers as reports write them
// (digits, words, a dot for thousands, ranges), time phrases (ranges whose end is "the end of" a
// month, months without a year read against the report's date, weekdays, "this year"), sentences,
// page furniture, and HTML pages.
import { describe, expect, it } from 'vitest';
import { readReportText } from '../../src/draft/input.ts';
import { readNumbers } from '../../src/draft/numbers.ts';
import { segment, splitSentences } from '../../src/draft/segment.ts';
import { readTimes } from '../../src/draft/time.ts';
import { coveredMonth, isoDateTime, quoteOf } from '../../src/draft/read.ts';

const values = (s: string) => readNumbers(s).numbers.map((n) => n.value);
const times = (s: string, published?: string) => {
  const { tokens } = readNumbers(s);
  return readTimes(s, tokens, published).map((t) => ({ kind: t.kind, start: t.start, end: t.end }));
};

describe('numbers', () => {
  it('reads digits with separators, scale words and Arabic-Indic digits', () => {
    expect(values('The coalition conducted 34,763 strikes')).toEqual([34763]);
    expect(values('5.6 million refugees and 593 thousand killed')).toEqual([5_600_000, 593_000]);
    expect(values('بمقتل ٢٨٣٢ مدنياً')).toEqual([2832]);
  });

  it('reads number words, compound and with "and"', () => {
    expect(values('Seventy-nine reports are still open')).toEqual([79]);
    expect(values('Forty five civilian casualty allegation assessment reports')).toEqual([45]);
    expect(values('One hundred and eleven reports are still open, including three')).toEqual([111, 3]);
    expect(values('supusieron la muerte de doce civiles en Siria y dos en Irak')).toEqual([12, 2]);
  });

  it('reads a dot before three digits as a thousands separator when a count could not be read otherwise', () => {
    const n = readNumbers('han matado a 11.800 civiles').numbers[0]!;
    expect(n.value).toBe(11_800);
    expect(n.form).toBe('dotted');
    expect(values('5.6 million')).toEqual([5_600_000]);
  });

  it('joins ranges, but not two years', () => {
    expect(values('between 2,232 and 2,961 non-combatants')).toEqual([{ min: 2232, max: 2961 }]);
    expect(values('a reported range of 1,004 to 1,419 killed')).toEqual([{ min: 1004, max: 1419 }]);
    expect(values('estimate of civilian deaths 8,220–13,299')).toEqual([{ min: 8220, max: 13299 }]);
    expect(values('between 2014 and 2017')).toEqual([2014, 2017]);
    expect(values('received 41 new reports and 45 were completed')).toEqual([41, 45]);
  });
});

describe('time phrases', () => {
  it('reads a range whose end is "the end of" a month', () => {
    expect(times('The coalition conducted 34,763 strikes between August 2014 and the end of December 2019.')).toContainEqual({ kind: 'during', start: '2014-08', end: '2019-12' });
    expect(times('34,038 strikes between August 2014 and the end of February this year', '2019-03-28')).toContainEqual({ kind: 'during', start: '2014-08', end: '2019-02' });
    expect(times('since August 2014 until June 2019, it has carried out')).toContainEqual({ kind: 'during', start: '2014-08', end: '2019-06' });
  });

  it('reads a month without its year as the latest such month up to the report', () => {
    expect(times('In the month of December, CJTF OIR carried over 82 open reports', '2020-02-13')).toEqual([{ kind: 'during', start: '2019-12', end: '2019-12' }]);
    expect(times('In February, the coalition received 40 new reports', '2020-03-25')).toEqual([{ kind: 'during', start: '2020-02', end: '2020-02' }]);
    // Without the report's date, no year is invented.
    expect(times('In the month of December, CJTF OIR carried over 82 open reports')).toEqual([]);
  });

  it('reads "since" some words before a year as a start, and the start of an operation as the campaign start', () => {
    expect(times('created 5.6 million refugees since the terrorists first took arms after anti-government protests erupted in 2011')).toContainEqual({ kind: 'since', start: '2011', end: undefined });
    expect(times('killed by coalition actions since the beginning of Operation Inherent Resolve').map((t) => t.kind)).toEqual(['campaignStart']);
    expect(times('since the start of its military operations in 2014')).toEqual([{ kind: 'since', start: '2014', end: undefined }]);
  });

  it('reads weekdays, days and dates in other orders against the report date', () => {
    expect(times('said in its monthly civilian casualty report on Thursday', '2020-02-14')).toEqual([{ kind: 'during', start: '2020-02-13', end: '2020-02-13' }]);
    expect(times('since the US-led Coalition conducted its first airstrike on August 8th 2014')).toContainEqual({ kind: 'since', start: '2014-08-08', end: undefined });
    expect(times('منذ تدخله في 2014 حتى 23 من أيلول 2018').map((t) => t.end)).toContain('2018-09-23');
    expect(times('as of Jan. 31, with 10,993 in Iraq', '2017-03-05')).toContainEqual({ kind: 'asOf', start: undefined, end: '2017-01-31' });
  });

  it('works out the month a monthly report covers from its release date', () => {
    expect(coveredMonth('2020-02-13')).toBe('2019-12');
    expect(coveredMonth('2020-03-25')).toBe('2020-02');
    expect(coveredMonth('2017-01-02')).toBe('2016-11');
    expect(coveredMonth('2020-02')).toBeUndefined();
  });

  it('writes publication dates as the schema wants them', () => {
    expect(isoDateTime('2020-02-14T02:34:00+00:00')).toBe('2020-02-14T02:34Z');
    expect(isoDateTime('2020-02-14T02:34:00.000Z')).toBe('2020-02-14T02:34Z');
    expect(isoDateTime('2020-02')).toBe('2020-02');
    expect(isoDateTime('Feb 14')).toBeUndefined();
  });
});

describe('sentences and page furniture', () => {
  it('splits sentences but not at abbreviations or decimals', () => {
    expect(splitSentences('The U.S. has more than 5,000 forces. The figure was 5.6 million. Another one.')).toEqual([
      'The U.S. has more than 5,000 forces.',
      'The figure was 5.6 million.',
      'Another one.',
    ]);
    expect(splitSentences('as of Jan. 31, with 10,993 in Iraq.')).toHaveLength(1);
  });

  it('marks ids, stamps, photo credits, footers and a repeated headline as furniture, and reads the stamp', () => {
    const seg = segment(
      [
        'News ID: 265628',
        'Published: 0234 GMT February 14, 2020',
        '',
        'Coalition admits killing at least 1,370 civilians',
        'Coalition admits killing at least 1,370 civilians',
        'Hadi Mizban/AP',
        'The coalition conducted 34,763 strikes.',
        'Page Generated in 0/7980 sec',
      ].join('\n'),
    );
    expect(seg.sentences.map((s) => s.kind)).toEqual(['furniture', 'furniture', 'headline', 'furniture', 'furniture', 'prose', 'furniture']);
    expect(seg.stamp?.text).toBe('0234 GMT February 14, 2020');
    expect(seg.title).toBe('Coalition admits killing at least 1,370 civilians');
  });

  it('quotes the speech that holds the number, without the attribution', () => {
    const s = '"Out of the 45 completed casualty allegation reports, three reports were determined to be credible," the monthly report said.';
    const at = s.indexOf('45');
    expect(quoteOf(s, { start: at, end: at + 2 })).toBe('Out of the 45 completed casualty allegation reports, three reports were determined to be credible');
    const t = 'The coalition conducted 34,763 strikes.';
    expect(quoteOf(t, { start: 24, end: 30 })).toBe(t);
  });
});

describe('HTML pages', () => {
  it('keeps the article text and the page metadata, drops scripts, styles, navigation and footers', () => {
    const page = `<!doctype html><html><head><title>Coalition admits 1,370 | Site</title>
      <meta property="article:published_time" content="2020-02-14T02:34:00+00:00">
      <meta property="og:url" content="https://kayhan.ir/en/news/76099">
      <script>var x = "1,999 strikes";</script><style>.a{width:300px}</style></head>
      <body><nav>Home 2020 Menu</nav><article><h1>US admits killing 1,370 civilians</h1>
      <p>The coalition conducted 34,763 strikes &amp; more.</p><!-- 555 hidden --></article>
      <footer>© 2020 Kayhan, 1234 views</footer></body></html>`;
    const r = readReportText(page);
    expect(r.html).toBe(true);
    expect(r.meta).toEqual({ title: 'Coalition admits 1,370 | Site', published: '2020-02-14T02:34:00+00:00', url: 'https://kayhan.ir/en/news/76099' });
    expect(r.text.split('\n')).toEqual(['US admits killing 1,370 civilians', 'The coalition conducted 34,763 strikes & more.']);
  });

  it('leaves plain text alone, even one that mentions a tag', () => {
    expect(readReportText('a <b> in prose').html).toBe(false);
  });
});
