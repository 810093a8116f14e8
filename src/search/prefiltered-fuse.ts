// fuse.js runs its bitap matcher over every entry of a list on every keystroke, and that, not the
// catalog, was most of a /fact suggestion's time. Most entries cannot possibly match: a bitap match
// with e errors aligns at least m − e of the pattern's m characters with equal characters of the
// entry, in order. So an entry that shares fewer than m − e characters with the pattern (counted
// as multisets) is skipped before fuse.js sees it. The skipped entries are ones fuse.js would
// reject anyway, so results are fuse.js's own, record for record: same items, scores, refIndex
// and order (test/search/prefiltered-fuse.property.test.ts holds it to that).
import Fuse, { type FuseIndex, type FuseResult, type IFuseOptions } from 'fuse.js';

export interface FuzzySearcher<T> {
  search(pattern: string, options?: { limit?: number }): FuseResult<T>[];
}

/** Character counts are bucketed by UTF-16 code unit mod this; a shared bucket only overcounts. */
const BUCKETS = 128;
/** fuse.js splits longer patterns into chunks scored on their own; those are not prefiltered. */
const MAX_BITAP_PATTERN = 32;
/** Options under which a fuse.js match is no longer one bitap alignment per entry. */
const UNSUPPORTED = ['useExtendedSearch', 'useTokenSearch', 'isCaseSensitive', 'ignoreDiacritics', 'minMatchCharLength'] as const;

/**
 * A fuse.js searcher over `docs`, where `text(doc)` is exactly the string fuse.js matches for that
 * document (its one key's value, or the string itself for a list of strings).
 */
export function createPrefilteredFuse<T>(docs: readonly T[], text: (doc: T) => string, options: IFuseOptions<T>): FuzzySearcher<T> {
  for (const o of UNSUPPORTED) {
    if (options[o] !== undefined && !(o === 'minMatchCharLength' && options[o] === 1)) throw new Error(`createPrefilteredFuse: option ${o} is not supported`);
  }
  if (options.keys !== undefined && options.keys.length > 1) throw new Error('createPrefilteredFuse: one key at most');
  const full = new Fuse(docs, options);
  const { keys, records } = full.getIndex().toJSON();
  const threshold = options.threshold ?? Fuse.config.threshold;

  // Per record, how often each bucket occurs in the text fuse.js will compare (lowercased, as it does).
  const counts = new Uint8Array(records.length * BUCKETS);
  records.forEach((r, at) => {
    const t = text(docs[r.i]!).toLowerCase();
    for (let k = 0; k < t.length; k++) {
      const c = at * BUCKETS + (t.charCodeAt(k) % BUCKETS);
      if (counts[c]! < 255) counts[c]! += 1;
    }
  });

  const wanted = new Uint8Array(BUCKETS);
  return {
    search(rawPattern, searchOptions) {
      const pattern = rawPattern.toLowerCase();
      const m = pattern.length;
      if (m === 0 || m > MAX_BITAP_PATTERN || pattern.trim() === '') return full.search(rawPattern, searchOptions);
      // The most errors a match may have: errors / m ≤ threshold, rounded up to stay on the safe side.
      const need = m - Math.ceil(threshold * m);
      if (need <= 0) return full.search(rawPattern, searchOptions);

      const buckets: number[] = [];
      for (let k = 0; k < m; k++) {
        const b = pattern.charCodeAt(k) % BUCKETS;
        if (wanted[b] === 0) buckets.push(b);
        if (wanted[b]! < 255) wanted[b]! += 1;
      }
      const kept: (typeof records)[number][] = [];
      for (let at = 0; at < records.length; at++) {
        const base = at * BUCKETS;
        let shared = 0;
        for (let j = 0; j < buckets.length && shared < need; j++) {
          const b = buckets[j]!;
          shared += Math.min(wanted[b]!, counts[base + b]!);
        }
        if (shared >= need) kept.push(records[at]!);
      }
      for (const b of buckets) wanted[b] = 0;

      if (kept.length === records.length) return full.search(rawPattern, searchOptions);
      // The same documents and options over only the kept records: refIndex still points into docs.
      const subset: FuseIndex<T> = Fuse.parseIndex<T>({ keys, records: kept });
      return new Fuse(docs, options, subset).search(rawPattern, searchOptions);
    },
  };
}
