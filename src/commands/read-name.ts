// Reading a name option the way people fill it in: an id from autocomplete, a name (with typos), or
// a short question ("coalition strikes since 2019", "OIR", "airwars 2018"). What the words name
// beyond the actor (a metric, a time, a place) is handed back for the command to use, never
// dropped; a name with no figures of its own is followed along the data's relations to one that
// has them, and the answer says how in one line ("Read “OIR” as OIR → US-led coalition.").
import type { Fact } from '../catalog/schema.ts';
import type { Answer } from '../answers/model.ts';
import { timeFilter } from '../answers/question.ts';
import type { SearchIndex, Term } from '../search/index.ts';
import type { ResolveOptions } from '../search/resolve.ts';
import { describeReach, understand, type MetricMention, type Understood } from '../search/understand.ts';
import type { TimeSpec } from '../search/time.ts';
import { cut, resolveOption } from './options.ts';

export interface ReadName {
  readonly ok: true;
  readonly term: Term;
  /** How a name was read through a relation, to say before the figures. */
  readonly via?: string;
  readonly time?: TimeSpec;
  readonly metrics: readonly MetricMention[];
  readonly place?: string;
}

export interface ReadNameOptions extends ResolveOptions {
  /** Whether an entity has what this command shows; one without is followed along relations. */
  readonly has?: (id: string) => boolean;
  /** Which way to follow relations: to what figures are about, or to who claims them. */
  readonly follow?: 'subjects' | 'claimants';
}

export function readName(
  index: SearchIndex,
  raw: string | undefined,
  where: { option: string; rest: Readonly<Record<string, string>> },
  opts: ReadNameOptions,
): ReadName | { ok: false; answer: Answer } {
  const r = resolveOption(index, raw, where, opts);
  let term: Term | undefined = r.ok ? r.term : undefined;
  let u: Understood | undefined;
  // A name and a few words more ("coalition strikes since 2019"): take the name, and what the other
  // words ask for. A fuzzy match of the whole text to one name would silently drop those words.
  // Two names spelt alike stay a question for the user, whatever the words say.
  const namesClash = !r.ok && r.sameName === true && r.answer.kind === 'not_found' && r.answer.suggestions.every((x) => index.terms.has(`entity:${x.value}`));
  if (raw !== undefined && opts.kinds.includes('entity') && !namesClash && !(term && index.terms.has(`${term.kind}:${raw.trim()}`))) {
    u = understand(index, cut(raw, 100));
    const named = u.entities.length === 1 && u.leftover.length === 0 ? u.entities[0] : undefined;
    const byWords = named && index.terms.get(`entity:${named.id}`);
    if (byWords) term = byWords;
    else if (!term) u = undefined;
  }
  if (!term) return r.ok ? { ok: false, answer: { kind: 'invalid', message: `Give a ${where.option}.` } } : r;

  let via: string | undefined;
  if (term.kind === 'entity' && opts.has && !opts.has(term.id)) {
    const reaches = index.lexicon.reaches.get(term.id);
    // A publication's figures are its publisher's claims, whatever they are about.
    const follow = index.catalog.entities.get(term.id)?.kind === 'publication' ? 'claimants' : opts.follow;
    const list = (follow === 'claimants' ? reaches?.claimants : reaches?.subjects) ?? [];
    const reach = list.find((x) => x.path.length > 0 && opts.has!(x.id));
    const to = reach && index.terms.get(`entity:${reach.id}`);
    if (reach && to) {
      via = `Read “${raw?.trim() ?? term.label}” as ${describeReach(index.catalog, reach)}.`;
      term = to;
    }
  }
  return {
    ok: true,
    term,
    ...(via ? { via } : {}),
    ...(u?.time ? { time: u.time } : {}),
    metrics: u?.metrics ?? [],
    ...(u?.places[0] ? { place: u.places[0].id } : {}),
  };
}

/** A time phrase typed into an option of its own ("as_of: ٢٠١٨", "since 2019"), understood. */
export function readTime(index: SearchIndex, raw: string): TimeSpec | undefined {
  return understand(index, cut(raw, 100)).time;
}

/** The figures a time window lets through, and the words that asked for it. */
export function windowOf(index: SearchIndex, t: TimeSpec): { within: (f: Fact) => boolean; words: string } {
  return {
    within: timeFilter(index.catalog, t),
    words: t.text ?? [t.start, t.end].filter(Boolean).join('–'),
  };
}

/** The end of a window as an "as of" date: "2018" and "by the end of 2018" both mean up to 2018. */
export function asOfOf(t: TimeSpec): string | undefined {
  return t.kind === 'latest' || t.kind === 'since' ? undefined : (t.end ?? t.start);
}
