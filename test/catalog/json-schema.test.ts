import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { factFileJsonSchema, JSON_SCHEMA_PATH } from '../../src/catalog/json-schema.ts';

describe('editor JSON Schema', () => {
  it('is in sync with the zod schema (run `npm run schema` after changing src/catalog/schema.ts)', async () => {
    expect(await readFile(JSON_SCHEMA_PATH, 'utf8')).toBe(factFileJsonSchema());
  });

  it('describes the vocabulary lists, relation fields and qualifiers editors should offer', () => {
    // Metric ids are data (data/vocabulary.yaml), so the schema offers the vocabulary's fields, not its ids.
    const text = factFileJsonSchema();
    for (const word of ['families', 'metrics', 'stop_words', 'headline', 'campaign_of', 'command_of', 'publishes', 'at_least', 'as_many_as', 'unconfirmed']) expect(text).toContain(`"${word}"`);
  });
});
