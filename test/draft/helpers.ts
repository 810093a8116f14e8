// The shipped data, loaded once per test file, as `npm run draft` loads it: the catalog and the
// files' bytes (the draft is validated together with them).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, displayPath, listFactFiles, type FileInput } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { draftContext, type DraftContext } from '../../src/draft/read.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA = path.join(ROOT, 'data');

export interface ShippedData {
  readonly catalog: Catalog;
  readonly files: readonly FileInput[];
  readonly ctx: DraftContext;
}

let loaded: Promise<ShippedData> | undefined;

export function shippedData(): Promise<ShippedData> {
  loaded ??= (async () => {
    const listed = await listFactFiles(DATA);
    if (!listed.ok) throw new Error(listed.problem.message);
    const files: FileInput[] = [];
    for (const f of listed.files) files.push({ file: displayPath(f), bytes: await readFile(f) });
    const result = buildCatalog(files);
    if (!result.ok) throw new Error(`data/ does not load: ${result.errors[0]?.message}`);
    return { catalog: result.catalog, files, ctx: draftContext(result.catalog) };
  })();
  return loaded;
}
