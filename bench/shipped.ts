// The shipped data as the generator's base: the fact files' bytes and the vocabulary they define.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type FileInput } from '../src/catalog/load.ts';
import { vocabularyFrom, type Vocabulary } from './generate.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.join(ROOT, 'data');

export interface Shipped {
  readonly files: FileInput[];
  readonly facts: number;
  readonly vocabulary: Vocabulary;
}

/** Loads data/ through the real loader (it must validate) and keeps its files' bytes. */
export async function loadShipped(dir = DATA_DIR): Promise<Shipped> {
  const r = await loadCatalog(dir);
  if (!r.ok) throw new Error(`the shipped data does not load: ${r.errors.length} errors, first: ${JSON.stringify(r.errors[0])}`);
  const files = await Promise.all(
    r.catalog.files.map(async (f) => ({ file: f, bytes: await readFile(path.isAbsolute(f) ? f : path.resolve(process.cwd(), f)) })),
  );
  return { files, facts: r.catalog.facts.length, vocabulary: vocabularyFrom(r.catalog) };
}
