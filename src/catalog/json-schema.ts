// The JSON Schema editors use to validate and autocomplete fact files (via the
// `# yaml-language-server: $schema=…` line at the top of each file). Generated from the zod schema
// so the two never disagree; a test fails when the committed copy is stale.
import { z } from 'zod';
import { FactFile } from './schema.ts';

export const JSON_SCHEMA_PATH = 'data/schema/fact-file.schema.json';

export function factFileJsonSchema(): string {
  const schema = z.toJSONSchema(FactFile, { io: 'input', unrepresentable: 'any' });
  const titled = { ...schema, title: 'Fact file', description: 'Entities, sources and facts of the contested-figures bot. See README.md.' };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
