// `npm run schema`: regenerates the editors' JSON Schema after a change to src/catalog/schema.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { factFileJsonSchema, JSON_SCHEMA_PATH } from '../catalog/json-schema.ts';

await mkdir(path.dirname(JSON_SCHEMA_PATH), { recursive: true });
await writeFile(JSON_SCHEMA_PATH, factFileJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
