// The id rule, on its own so the fact-file schema and the vocabulary schema can share it without
// importing each other.
import { z } from 'zod';

/** Lower-case slug: what moderators type to cross-reference records. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 'ids are lower-case letters, digits and single - _ . separators (e.g. "cjtf-oir")')
  .max(100);
