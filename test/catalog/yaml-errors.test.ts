// One message per YAML mistake: what a parser says after the first slip in a record is its own
// confusion, not the moderator's.
import { describe, expect, it } from 'vitest';
import { yamlSyntaxErrors } from '../../src/catalog/yaml-errors.ts';

const record = (id: string, extra = '') => `  - id: ${id}
    metric: strikes
    subject: us-led-coalition
${extra}    claimant: cjtf-oir
    value: 34763
    qualifier: exact
`;

const at = (text: string) => yamlSyntaxErrors(text).map((e) => `${e.line}:${e.col} ${e.message}`);

describe('yamlSyntaxErrors', () => {
  it('finds nothing in valid YAML', () => {
    expect(at(`facts:\n${record('a')}${record('b')}`)).toEqual([]);
  });

  it('says a tab indents the line, once, though the parser reports nine errors', () => {
    expect(at(`facts:\n${record('a', '\tnotes: x\n')}${record('b')}`)).toEqual(['5:1 a tab indents this line; indent with spaces']);
  });

  it('names a key given twice', () => {
    expect(at(`facts:\n${record('a', '    subject: isis\n')}`)).toEqual(['5:5 this key appears twice in the same record']);
  });

  it('names a quote left open', () => {
    expect(at(`facts:\n${record('a', '    notes: "open\n')}`)).toEqual(['5:12 a quoted text is not closed (parser: Missing closing "quote)']);
  });

  it('reports a broken top-level key once, not once more for each of its items', () => {
    const text = `sources:\n  - id: s\nfacts [\n${record('a')}${record('b')}`;
    expect(at(text)).toHaveLength(1);
    expect(at(text)[0]).toMatch(/^3:1 /);
  });

  it('keeps looking after a broken record, one message per broken record', () => {
    const text = `facts:\n${record('a', '   notes: x\n')}${record('b')}${record('c', "    notes: 'it's'\n")}`;
    expect(at(text).map((m) => m.split(' ')[0])).toEqual(['5:1', '18:16']);
    const open = `facts:\n${record('a', '    notes: "open\n')}${record('b')}${record('c', '\tnotes: x\n')}`;
    expect(at(open)).toEqual(['5:12 a quoted text is not closed (parser: Missing closing "quote)', '18:1 a tab indents this line; indent with spaces']);
  });
});
