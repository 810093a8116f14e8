// md() asks, before each part of a line, whether the part starts a line (where "> " or "# " would
// be markdown). It reads from the end of the text instead of running a regex over all of it; it
// must answer as the regex did, for any text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';
import { endsAtLineStart } from '../../src/render/discord.ts';

describe('endsAtLineStart', () => {
  it('agrees with /(?:^|\\n)[ \\t]*$/ on any text of spaces, tabs, breaks and letters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' ', '\t', '\n', '\r', 'a', '>', '#'), { maxLength: 30 }).map((cs) => cs.join('')), (s) => {
        expect(endsAtLineStart(s)).toBe(/(?:^|\n)[ \t]*$/.test(s));
      }),
      { numRuns: runs(1000) },
    );
  });
});
