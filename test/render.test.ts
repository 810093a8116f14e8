// Wording and escaping, pinned: the newsroom cite line, qualifiers, dates and periods, and that
// hostile text can neither ping nor break layout.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { casualtiesAnswer } from '../src/answers/casualties.ts';
import { toFigure } from '../src/answers/figure.ts';
import { buildSearchIndex } from '../src/search/index.ts';
import { escapeAndTruncate, escapeMarkdown, plain, truncate } from '../src/render/escape.ts';
import { citeLine, formatDate, formatPeriod, formatValue, headline } from '../src/render/format.ts';
import { renderDiscord } from '../src/render/discord.ts';
import { renderText } from '../src/render/text.ts';
import { fixtureCatalog } from './fixtures/catalog.ts';

const catalog = fixtureCatalog();
const index = buildSearchIndex(catalog);
const fig = (id: string) => toFigure(catalog, catalog.factsById.get(id)!);

describe('wording', () => {
  it('writes the cite line a newsroom can paste', () => {
    expect(citeLine(fig('cjtf-oir-2019-12-civilian-deaths'))).toBe(
      'CJTF-OIR assesses at least 1,370 civilians were killed, Aug 2014–Dec 2019 (monthly civilian casualty report, 13 Feb 2020; reported by KUNA, https://kuwaitnewsgazette.com/us-led-coalition-says-11-civilians-killed-unintentionally/)',
    );
    expect(headline(fig('cjtf-oir-2019-12-civilian-deaths'))).toBe('CJTF-OIR assesses at least 1,370 civilians killed');
  });
  it('marks unconfirmed figures in the cite line', () => {
    // The grade is a label beside the claimant's sentence, not a word inside it.
    expect(citeLine(fig('airwars-seed-13159'))).toMatch(/^Airwars estimates as many as 13,159 civilians were killed \[alleged\], as of 14 Feb 2020 .*\[unconfirmed\]$/);
  });
  it('words every qualifier', () => {
    expect(formatValue(1370, 'exact')).toBe('1,370');
    expect(formatValue(1370, 'about')).toBe('about 1,370');
    expect(formatValue(1370, 'at_least')).toBe('at least 1,370');
    expect(formatValue(5000, 'more_than')).toBe('more than 5,000');
    expect(formatValue(13159, 'as_many_as')).toBe('as many as 13,159');
    expect(formatValue(10, 'fewer_than')).toBe('fewer than 10');
    expect(formatValue({ min: 8214, max: 13125 }, 'range')).toBe('between 8,214 and 13,125');
  });
  it('formats dates and periods at the precision given', () => {
    expect(formatDate('2020-02-13')).toBe('13 Feb 2020');
    expect(formatDate('2020-02-14T23:10Z')).toBe('14 Feb 2020');
    expect(formatDate('2014-08')).toBe('Aug 2014');
    expect(formatDate('2014')).toBe('2014');
    expect(formatPeriod({ start: '2014-08', end: '2019-12-31' })).toBe('Aug 2014–Dec 2019');
    expect(formatPeriod({ start: '2019-12-01', end: '2019-12-31' })).toBe('Dec 2019');
    expect(formatPeriod({ start: '2011', end: '2020-03' })).toBe('2011–2020');
    expect(formatPeriod({ start: '2014-08-08' })).toBe('since 8 Aug 2014');
    expect(formatPeriod(undefined)).toBeUndefined();
  });
});

describe('escaping', () => {
  it('defuses mentions and markdown', () => {
    const e = escapeMarkdown('@everyone <@123> **bold** [x](https://evil) `code` > quote');
    expect(e).not.toMatch(/@everyone|@here/);
    expect(e).not.toMatch(/(?<!\\)<@/);
    expect(e).not.toMatch(/(?<!\\)\*\*/);
    expect(e).not.toMatch(/(?<!\\)\[/);
    expect(plain('@here hi')).toBe('@\u200bhere hi');
  });
  it('escapes only what Discord’s markdown reads in a body', () => {
    expect(escapeMarkdown('US-led coalition: 1,370 (CJTF-OIR) #2 > 1')).toBe('US-led coalition: 1,370 (CJTF-OIR) #2 > 1');
    expect(escapeMarkdown('# head\n- item\n1. first\n> quote\n-# small')).toBe('\\# head\n\\- item\n1\\. first\n\\> quote\n\\-# small');
    expect(escapeMarkdown('- continues a line', false)).toBe('- continues a line');
    expect(escapeMarkdown('see https://x.example')).toBe('see https\\://x.example');
    expect(escapeMarkdown('<t:1:R> <:e:12345678901234567>')).toBe('\\<t:1:R> \\<:e:12345678901234567>');
  });
  it('never cuts a surrogate pair or leaves a dangling escape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const t = truncate(s, max);
        expect(t.length).toBeLessThanOrEqual(max);
        expect(t).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        const e = escapeAndTruncate(s, max);
        expect(e.length).toBeLessThanOrEqual(max);
        expect(e).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        expect(e).not.toMatch(/(?<!\\)(?:\\\\)*\\…$/);
      }),
    );
  });
});

describe('renderers say the same thing', () => {
  it('shows both claimants side by side in text and in the embed, never merged', () => {
    const a = casualtiesAnswer(index, { subject: 'us-led-coalition' });
    const text = renderText(a);
    expect(text).toContain('CJTF-OIR assesses at least 1,370 civilians killed');
    expect(text).toContain('Airwars estimates between 8,214 and 13,125 civilians killed · likely');
    // Older figures of the family are shown dated as earlier; a newer unconfirmed one apart, never as current.
    expect(text).toContain('Earlier: at least 1,359 (30 Nov 2019); at least 1,337 (31 Oct 2019)');
    expect(text).toContain('Not leading (unconfirmed, or not firmly dated): as many as 13,159 · alleged (14 Feb 2020, unconfirmed)');
    const body = renderDiscord(a, { command: 'casualties' });
    const json = JSON.stringify(body);
    expect(json).toContain('**at least 1,370**');
    expect(json).toContain('**between 8,214 and 13,125**');
    expect(json).toContain('14 Feb 2020, unconfirmed');
    expect(body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
  });
});
