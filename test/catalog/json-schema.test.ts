import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { factFileJsonSchema, JSON_SCHEMA_PATH } from '../../src/catalog/json-schema.ts';

describe('editor JSON Schema', () => {
  it('is in sync with the zod schema (run `npm run schema` after changing src/catalog/schema.ts)', async () => {
    expect(await readFile(JSON_SCHEMA_PATH, 'utf8')).toBe(factFileJsonSchema());
  });

  it('describes the metric vocabulary and qualifiers editors should offer', () => {
    const text = factFileJsonSchema();
    for (const word of ['civilian_deaths', 'reports_open', 'at_least', 'as_many_as', 'unconfirmed']) expect(text).toContain(`"${word}"`);
  });
});
