// Query understanding: one pure step, before search, that turns any free-text option into a
// structured query built from the catalog's own vocabulary.
//
//   understand(index, text, options?) → Understood
//
// - `entities`: actors, organisations, operations, publications named by an alias (any language),
//   each with its `role` and the nearest entities with figures reached through relation edges:
//   "OIR" → subject the coalition (path: OIR campaign_of coalition), claimant CJTF-OIR.
//   `describeReach` words a path in one line: "OIR → US-led coalition".
// - `subjects`, `claimants`: those reaches, gathered from the mentions by role.
// - `places`: place entities named ("Mosul"), with the places they lie in (Iraq).
// - `metrics`: a metric ("open reports" → reports_open) or a whole family ("civcas" → civilian_deaths).
// - `time`: the window asked for (see time.ts: during / asOf / since / before / latest), `times` all
//   the phrases found. A bare four-digit year is time unless no figure touches that year and a
//   figure has that value (`options.yearIsTime` overrides).
// - `numbers`: figures typed ("13,159", "5.6 million", "١٣١٥٩").
// - `stopWords` dropped, and `leftover`: every other word that was not understood, as typed. No word
//   is silently dropped: each token ends up in exactly one of these (see `tokens[].use`).
//
// Example (shipped data): understand(index, "how many civilians did the coalition kill in Mosul
// since 2016") → entities [us-led-coalition (subject)], places [mosul (in iraq)], metrics [family
// civilian_deaths via "civilians" (one mention per metric or family; "kill" is marked used too)],
// time { kind: 'since', start: '2016' }, stopWords [how, many, did, the, in], leftover [].
//
// Cost: a few Map look-ups per token over maps built once per catalog (lexicon.ts); a word nothing
// matched is compared with the vocabulary words of about its length (a bounded edit distance, no
// fuse.js). `lookups` counts the look-ups and comparisons.
import type { Catalog } from '../catalog/catalog.ts';
import type { EntityKind } from '../catalog/schema.ts';
import type { SearchIndex } from './index.ts';
import type { EntityReaches, Named, Reach } from './lexicon.ts';
import { matchTime, type TimeContext, type TimeSpec } from './time.ts';
import { tokenize, type Token } from './tokens.ts';

export type { Reach, Step } from './lexicon.ts';
export type { TimeKind, TimeSpec } from './time.ts';

export interface UnderstandOptions {
  /**
   * Whether a bare four-digit year means time. Default: yes if some figure's period or date touches
   * that year, or no figure has that value.
   */
  readonly yearIsTime?: (year: number) => boolean;
  /** Correct misspelt words to the nearest vocabulary word within a few edits (default true). */
  readonly fuzzy?: boolean;
}

/** Words of the question that named something. */
export interface Mention {
  /** The words as typed. */
  readonly text: string;
  /** The spelling matched, as the data writes it ("OIR", "Operation Inherent Resolve"). */
  readonly via: string;
  /** Offsets in the text given, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Language of the spelling matched, when the data tags it. */
  readonly lang?: string;
  /** True when a typed word was corrected to reach the spelling ("coalishun" → "coalition"). */
  readonly corrected?: true;
}

/**
 * What a mention of an entity is taken as: `subject` when figures are about it or, failing that,
 * about the nearest related entity; `claimant` when it (or, failing that, the nearest related entity)
 * claims figures and nothing nearer is a subject; `source` when it only published sources that cite
 * figures; `other` when no figure relates to it.
 */
export type EntityRole = 'subject' | 'claimant' | 'source' | 'other';

export interface EntityMention extends Mention {
  readonly id: string;
  readonly kind: EntityKind;
  readonly name: string;
  readonly role: EntityRole;
  /** Nearest entities with figures about them; the entity itself (empty path) when it has any. */
  readonly subjects: readonly Reach[];
  /** Nearest entities claiming figures. */
  readonly claimants: readonly Reach[];
}

export interface PlaceMention extends Mention {
  readonly id: string;
  readonly name: string;
  /** The places it lies in, nearest first (Mosul → ["iraq"]). */
  readonly broader: readonly string[];
}

export interface MetricMention extends Mention {
  /** The metric, when the words name one; absent when they name the whole family ("civcas"). */
  readonly metric?: string;
  readonly family: string;
}

export interface NumberMention {
  readonly value: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type TokenUse = 'time' | 'entity' | 'place' | 'metric' | 'number' | 'stop' | 'leftover';

export interface UnderstoodToken {
  /** As typed (one piece of text can yield several tokens: "U.S." → "u", "s"). */
  readonly text: string;
  readonly norm: string;
  readonly use: TokenUse;
  readonly start: number;
  readonly end: number;
}

export interface Understood {
  readonly text: string;
  readonly entities: readonly EntityMention[];
  readonly subjects: readonly Reach[];
  readonly claimants: readonly Reach[];
  readonly places: readonly PlaceMention[];
  readonly metrics: readonly MetricMention[];
  /** The window asked for: the first window phrase, with `latest: true` if "latest" was also said. */
  readonly time: TimeSpec | undefined;
  /** Every time phrase, in order. */
  readonly times: readonly TimeSpec[];
  readonly numbers: readonly NumberMention[];
  /** Stop words dropped, normalised, in order. */
  readonly stopWords: readonly string[];
  /** Words not understood, as typed, in order: an answer must name them, never drop them. */
  readonly leftover: readonly string[];
  /** Languages of the spellings, stop words and month names matched (e.g. ["ar"]). */
  readonly languages: readonly string[];
  readonly tokens: readonly UnderstoodToken[];
  /** Map look-ups made: the work done, for tests that bound it. */
  readonly lookups: number;
}

const CAPITAL_ACRONYM = /^[\p{Lu}][\p{Lu}\p{N}]+$/u;
const ARABIC = /^[\u0600-\u06ff]/u;
const ARABIC_PREFIXES = ['و', 'ف', 'ب', 'ل'];
const ARABIC_SUFFIXES = ['هم', 'ها', 'هن', 'ه'];
/** Words shorter than this are not corrected: too many known words lie one edit away. */
const FUZZY_MIN_LENGTH = 4;
const FUZZY_MAX_LENGTH = 32;

interface PhraseHit {
  readonly named: Named;
  readonly from: number;
  readonly to: number;
  readonly corrected: boolean;
}

export function understand(index: SearchIndex, text: string, options: UnderstandOptions = {}): Understood {
  const lex = index.lexicon;
  const tokens = tokenize(text);
  const use: (TokenUse | undefined)[] = new Array<TokenUse | undefined>(tokens.length).fill(undefined);
  const languages = new Set<string>();
  const ctx: TimeContext = {
    yearIsTime: options.yearIsTime ?? ((y) => lex.years.has(y) || !index.factsByValue.has(y)),
    lookups: 0,
  };

  // 1. Time phrases first: "in", "since", "may" are time words only next to a date. A name of
  //    several words that holds a time word ("Russia Today", an outlet) is the name, not "today".
  const longNames = longNameSpans(lex, tokens);
  const times: TimeSpec[] = [];
  for (let i = 0; i < tokens.length; ) {
    const m = matchTime(tokens, i, text, ctx);
    if (!m || longNames.some(([from, to]) => m.from < to && from < m.to)) {
      i++;
      continue;
    }
    times.push(m.spec);
    if (m.lang) languages.add(m.lang);
    for (let k = m.from; k < m.to; k++) use[k] = 'time';
    i = m.to;
  }

  // 2. Names: the longest phrase at each position, over words not taken by time.
  const norms = tokens.map((t) => t.norm);
  const corrected: boolean[] = new Array<boolean>(tokens.length).fill(false);
  const hits: PhraseHit[] = [];
  const matchPhrases = (): void => {
    for (let i = 0; i < tokens.length; ) {
      const hit = yieldLastWord(longestPhrase(i));
      if (!hit) {
        i++;
        continue;
      }
      hits.push(hit);
      for (let k = hit.from; k < hit.to; k++) use[k] = hit.named.kind === 'entity' ? (hit.named.entityKind === 'place' ? 'place' : 'entity') : 'metric';
      i = hit.to;
    }
  };
  const free = (i: number): boolean => use[i] === undefined && tokens[i]!.kind === 'word';
  const longestPhrase = (i: number): PhraseHit | undefined => {
    if (!free(i)) return undefined;
    let best: PhraseHit | undefined;
    let key = '';
    for (let k = i; k < tokens.length && k - i < lex.maxPhraseWords && free(k); k++) {
      key = k === i ? norms[k]! : `${key} ${norms[k]}`;
      ctx.lookups++;
      if (!lex.prefixes.has(key)) break;
      const named = lex.phrases.get(key);
      if (named && (k > i || admitsSingle(tokens[i]!, key))) best = { named, from: i, to: k + 1, corrected: anyCorrected(i, k + 1) };
    }
    if (!best) {
      ctx.lookups++;
      const named = lex.compact.get(norms[i]!);
      if (named && admitsSingle(tokens[i]!, norms[i]!)) best = { named, from: i, to: i + 1, corrected: corrected[i]! };
    }
    return best;
  };
  // A name whose last word begins a longer metric gives that word up: "syrian war deaths" asks for
  // the war's deaths ("Syrian" + "war deaths"), not its civilian deaths ("Syrian war" + "deaths").
  const yieldLastWord = (hit: PhraseHit | undefined): PhraseHit | undefined => {
    if (!hit || hit.named.kind !== 'entity' || hit.to - hit.from < 2) return hit;
    const next = longestPhrase(hit.to - 1);
    if (!next || next.named.kind === 'entity' || next.to <= hit.to) return hit;
    const key = norms.slice(hit.from, hit.to - 1).join(' ');
    const shorter = lex.phrases.get(key);
    const stands = shorter?.kind === 'entity' && (hit.to - 1 - hit.from > 1 || admitsSingle(tokens[hit.from]!, key));
    return stands ? { named: shorter!, from: hit.from, to: hit.to - 1, corrected: anyCorrected(hit.from, hit.to - 1) } : hit;
  };
  const anyCorrected = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (corrected[k]) return true;
    return false;
  };
  // A stop word names something only when typed as its capitalised acronym: "IS", not "is".
  const admitsSingle = (t: Token, key: string): boolean => !lex.stopWords.has(key) || CAPITAL_ACRONYM.test(t.raw);
  matchPhrases();

  // 3. Words still unknown: a plural, an Arabic prefix or article, or a typo may hide a known word.
  let changed = false;
  for (let i = 0; i < tokens.length; i++) {
    if (!free(i) || lex.stopWords.has(norms[i]!)) continue;
    const fix = correction(index, norms[i]!, options.fuzzy !== false, ctx);
    if (fix !== undefined) {
      norms[i] = fix;
      corrected[i] = true;
      changed = true;
    }
  }
  if (changed) {
    // Matched again from the start, so a corrected word can join the words after it: in "deth
    // toll", "toll" alone named a metric before "deth" became "death" and "death toll" another.
    hits.length = 0;
    for (let k = 0; k < tokens.length; k++) if (use[k] !== 'time') use[k] = undefined;
    matchPhrases();
  }

  // 4. Everything else: stop words, numbers, and the words left over.
  const stopWords: string[] = [];
  const leftover: string[] = [];
  const numbers: NumberMention[] = [];
  let lastLeftoverStart = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (use[i] !== undefined) continue;
    const t = tokens[i]!;
    if (t.kind === 'number') {
      use[i] = 'number';
      numbers.push({ value: t.value!, text: t.raw, start: t.start, end: t.end });
    } else if (t.kind === 'word' && (lex.stopWords.has(t.norm) || (options.fuzzy !== false && nearStopWord(lex, t.norm, ctx) !== undefined))) {
      // A misspelt stop word ("estimat") is still a word the question can do without.
      const word = lex.stopWords.has(t.norm) ? t.norm : nearStopWord(lex, t.norm, ctx)!;
      use[i] = 'stop';
      stopWords.push(word);
      languages.add(lex.stopWords.get(word)!);
    } else {
      use[i] = 'leftover';
      // One typed piece can make several tokens ("U.S."): name it once.
      if (t.start !== lastLeftoverStart) leftover.push(t.raw);
      lastLeftoverStart = t.start;
    }
  }

  const mentionOf = (h: PhraseHit): Mention => {
    const start = tokens[h.from]!.start;
    const end = tokens[h.to - 1]!.end;
    if (h.named.lang) languages.add(h.named.lang);
    return { text: text.slice(start, end), via: h.named.display, start, end, ...(h.named.lang ? { lang: h.named.lang } : {}), ...(h.corrected ? { corrected: true as const } : {}) };
  };
  hits.sort((a, b) => a.from - b.from);
  const entities: EntityMention[] = [];
  const places: PlaceMention[] = [];
  const metrics: MetricMention[] = [];
  for (const h of hits) {
    const n = h.named;
    if (n.kind === 'entity') {
      const e = index.catalog.entities.get(n.id);
      if (!e) continue;
      if (n.entityKind === 'place') {
        if (!places.some((p) => p.id === n.id)) places.push({ ...mentionOf(h), id: n.id, name: e.name, broader: lex.broader.get(n.id) ?? [] });
      } else if (!entities.some((x) => x.id === n.id)) {
        const r = lex.reaches.get(n.id);
        entities.push({ ...mentionOf(h), id: n.id, kind: e.kind, name: e.name, role: roleOf(r), subjects: r?.subjects ?? [], claimants: r?.claimants ?? [] });
      }
    } else {
      const family = n.kind === 'metric' ? n.family : n.id;
      const metric = n.kind === 'metric' ? n.id : undefined;
      if (!metrics.some((m) => m.metric === metric && m.family === family)) metrics.push({ ...mentionOf(h), ...(metric ? { metric } : {}), family });
    }
  }

  const windows = times.filter((t) => t.kind !== 'latest');
  const wantsLatest = times.some((t) => t.kind === 'latest');
  const time = windows[0] ? (wantsLatest ? { ...windows[0], latest: true as const } : windows[0]) : times[0];

  return {
    text,
    entities,
    subjects: gather(entities, 'subject', (e) => e.subjects),
    claimants: gather(entities, 'claimant', (e) => e.claimants),
    places,
    metrics,
    time,
    times,
    numbers,
    stopWords,
    leftover,
    languages: [...languages].sort(),
    tokens: tokens.map((t, i) => ({ text: t.raw, norm: t.norm, use: use[i]!, start: t.start, end: t.end })),
    lookups: ctx.lookups,
  };
}

function roleOf(r: EntityReaches | undefined): EntityRole {
  if (!r) return 'other';
  const sd = r.subjects[0]?.path.length ?? Infinity;
  const cd = r.claimants[0]?.path.length ?? Infinity;
  if (sd === 0) return 'subject';
  if (cd === 0) return 'claimant';
  if (r.publishes) return 'source';
  if (sd === Infinity && cd === Infinity) return 'other';
  return sd <= cd ? 'subject' : 'claimant';
}

function gather(entities: readonly EntityMention[], role: EntityRole, reaches: (e: EntityMention) => readonly Reach[]): Reach[] {
  const out: Reach[] = [];
  for (const e of entities) if (e.role === role) for (const r of reaches(e)) if (!out.some((x) => x.id === r.id)) out.push(r);
  return out;
}

/** A known single word that `word` may stand for, or undefined. Cheap forms first, fuse.js last. */
function correction(index: SearchIndex, word: string, fuzzy: boolean, ctx: TimeContext): string | undefined {
  const lex = index.lexicon;
  const known = (w: string): boolean => {
    ctx.lookups++;
    return w !== word && w !== '' && lex.phrases.has(w) && !lex.stopWords.has(w);
  };
  // Plurals and singulars: "airstrike" / "airstrikes", "casualty" / "casualties".
  for (const w of [`${word}s`, word.replace(/s$/, ''), word.replace(/es$/, ''), word.replace(/ies$/, 'y'), word.replace(/y$/, 'ies')]) if (known(w)) return w;
  if (ARABIC.test(word)) {
    // Attached conjunctions and prepositions (و ف ب ل), the article ال, and object pronouns
    // ("قتلهم", killed them).
    const bare = ARABIC_PREFIXES.some((p) => word.startsWith(p)) && word.length > 3 ? word.slice(1) : undefined;
    const stem = ARABIC_SUFFIXES.map((s) => (word.endsWith(s) && word.length - s.length >= 3 ? word.slice(0, -s.length) : undefined)).find((w) => w !== undefined);
    for (const w of [bare, `ال${word}`, word.startsWith('ال') ? word.slice(2) : undefined, bare && `ال${bare}`, stem]) if (w && known(w)) return w;
    return undefined;
  }
  if (!fuzzy || word.length < FUZZY_MIN_LENGTH || word.length > FUZZY_MAX_LENGTH || /\d/.test(word)) return undefined;
  return nearestWord(lex, word, ctx);
}

/**
 * The vocabulary word within a few edits of `word` (1 for 4–5 letters, 2 up to 8, 3 beyond; a swap
 * of two neighbours is one edit): fewest edits, then a word that names something on its own, then
 * the longest shared start, then alphabetical. A
 * bounded edit distance over the words of similar length, not fuse.js: this runs on keystrokes, and
 * a few hundred short comparisons cost tens of microseconds.
 */
function nearestWord(lex: SearchIndex['lexicon'], word: string, ctx: TimeContext): string | undefined {
  const max = word.length <= 5 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = max + 1;
  let bestPrefix = -1;
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const w of lex.wordsByLength.get(len) ?? []) {
      ctx.lookups++;
      const d = boundedDistance(word, w, Math.min(max, bestDistance));
      if (d > max || d > bestDistance) continue;
      // A word that is a name on its own beats one that is only part of a longer name.
      const prefix = sharedStart(word, w) + (lex.phrases.has(w) ? FUZZY_MAX_LENGTH : 0);
      if (d < bestDistance || prefix > bestPrefix || (prefix === bestPrefix && best !== undefined && w < best)) {
        best = w;
        bestDistance = d;
        bestPrefix = prefix;
      }
    }
  }
  return best;
}

/** A stop word one edit from a word of five letters or more (shorter ones are too near too many). */
function nearStopWord(lex: SearchIndex['lexicon'], word: string, ctx: TimeContext): string | undefined {
  if (word.length < 5 || word.length > FUZZY_MAX_LENGTH || /\d/.test(word)) return undefined;
  for (const w of lex.stopWords.keys()) {
    if (Math.abs(w.length - word.length) > 1) continue;
    ctx.lookups++;
    if (boundedDistance(word, w, 1) <= 1) return w;
  }
  return undefined;
}

function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal-string-alignment distance (edits, with a swap of neighbours as one), or max + 1 once it must exceed max. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > FUZZY_MAX_LENGTH + 3 || b.length > FUZZY_MAX_LENGTH + 3) return max + 1;
  // Three rows in reused typed arrays: this runs a few hundred times per unknown word.
  const w = b.length + 1;
  let prev2 = ROWS[0]!;
  let prev = ROWS[1]!;
  let cur = ROWS[2]!;
  for (let j = 0; j < w; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < w; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}

const ROWS = [new Int32Array(FUZZY_MAX_LENGTH + 4), new Int32Array(FUZZY_MAX_LENGTH + 4), new Int32Array(FUZZY_MAX_LENGTH + 4)];

/**
 * One line saying how a mention reached an entity with figures: "OIR → US-led coalition",
 * "monthly report → CJTF-OIR". The first name is the spelling matched (`via`), then each entity
 * walked to, by name.
 */
export function describeReach(catalog: Catalog, reach: Reach, via?: string): string {
  const name = (id: string): string => {
    const e = catalog.entities.get(id);
    if (!e) return id;
    // A long name reads as its first acronym alias in a line ("CJTF-OIR"), as answers word it.
    return e.name.length > 24 ? (e.aliases.find((a) => SHORT_NAME.test(a)) ?? e.name) : e.name;
  };
  return [via ?? name(reach.named), ...reach.path.map((s) => name(s.to))].join(' → ');
}

const SHORT_NAME = /^[\p{Lu}\d][\p{Lu}\d&.\-– ]{1,11}$/u;

/**
 * Where the question names something in two words or more, by the exact spelling of a name or an
 * alias ("Russia Today", "Operation Inherent Resolve"): [from, to) token spans, longest first at
 * each position. Time words inside them are part of the name.
 */
function longNameSpans(lex: SearchIndex['lexicon'], tokens: readonly Token[]): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'word') continue;
    let key = '';
    let end = -1;
    for (let k = i; k < tokens.length && k - i < lex.maxPhraseWords && tokens[k]!.kind === 'word'; k++) {
      key = k === i ? tokens[k]!.norm : `${key} ${tokens[k]!.norm}`;
      if (!lex.prefixes.has(key)) break;
      if (k > i && lex.phrases.has(key)) end = k + 1;
    }
    if (end > 0) {
      spans.push([i, end]);
      i = end - 1;
    }
  }
  return spans;
}
