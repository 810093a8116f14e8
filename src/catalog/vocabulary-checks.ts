// Checks on the vocabulary (families, metrics, stop words) and the relation fields of entities, run
// with the other cross-record checks. Every spelling a question can use must name one thing, or the
// bot would answer a different question than the one asked; so collisions are errors, reported
// with the line of both spellings.
import type { Located, Records } from './checks.ts';
import { normalise } from './normalise.ts';
import { formatPath, type Problem } from './problem.ts';
import type { Steps } from './slices.ts';
import { didYouMean } from './suggest.ts';
import { RELATION_KINDS } from './vocabulary.ts';

/** Who owns a normalised spelling, and where it is written, for a message naming both. */
interface Owner {
  readonly kind: 'entity' | 'metric' | 'family';
  readonly id: string;
  readonly text: string;
  readonly at: Located<unknown>;
  readonly sub: readonly (string | number)[];
}

const ACRONYM = /^[\p{Lu}\p{N}]+$/u;

export function* vocabularyCheckSteps(records: Records, entityIds: ReadonlySet<string>): Steps<Problem[]> {
  const problems: Problem[] = [];
  const err = (at: Located<unknown>, sub: readonly (string | number)[], message: string): void => {
    const path = [...at.path, ...sub];
    problems.push({ severity: 'error', file: at.file, ...at.locate(path), path: formatPath(path), message });
  };
  const where = (o: Owner): string => `${o.at.file}:${o.at.locate([...o.at.path, ...o.sub]).line}`;
  const families = records.families ?? [];
  const metrics = records.metrics ?? [];
  const stopWords = records.stopWords ?? [];

  // Relation fields: each names an existing entity, never the entity itself.
  const kindOf = new Map(records.entities.map((e) => [e.record.id, e.record.kind]));
  for (const e of records.entities) {
    const rec = e.record;
    for (const rel of RELATION_KINDS) {
      if (rel === 'part_of') continue; // checked with the aliases in checks.ts
      const raw = rec[rel];
      const targets = rel === 'publishes' ? ((raw as readonly string[] | undefined) ?? []) : raw === undefined ? [] : [raw as string];
      targets.forEach((id, i) => {
        const sub = rel === 'publishes' ? [rel, i] : [rel];
        if (!entityIds.has(id)) err(e, sub, `${rel} "${id}" is not an entity id${didYouMean(id, entityIds)}`);
        else if (id === rec.id) err(e, sub, `an entity cannot be ${rel.replace('_', ' ')} itself`);
        else if (rel === 'publishes' && kindOf.get(id) !== 'publication') err(e, sub, `publishes "${id}", which is not of kind publication (it is ${kindOf.get(id)})`);
      });
    }
  }
  yield;

  const familyIds = uniqueIds(families, 'family', err);
  for (const f of families) {
    const b = f.record.breakdown_of;
    if (b !== undefined && (!familyIds.has(b) || b === f.record.id)) err(f, ['breakdown_of'], `breakdown_of "${b}" is not another family's id${didYouMean(b, familyIds)}`);
    for (const key of ['within', 'cause_of'] as const) {
      f.record[key].forEach((id, i) => {
        if (!familyIds.has(id) || id === f.record.id) err(f, [key, i], `${key} "${id}" is not another family's id${didYouMean(id, familyIds)}`);
      });
    }
  }
  const metricIds = uniqueIds(metrics, 'metric', err);
  for (const m of metrics) {
    if (!familyIds.has(m.record.family)) err(m, ['family'], `family "${m.record.family}" is not a family id${didYouMean(m.record.family, familyIds)}`);
  }
  yield;

  // One owner per normalised spelling across entities, metrics and family words.
  const owners = new Map<string, Owner>();
  const claim = (o: Owner, report: boolean): void => {
    const key = normalise(o.text);
    if (key === '') {
      if (report) err(o.at, o.sub, `"${o.text}" has no letters or digits left after normalising`);
      return;
    }
    const prev = owners.get(key);
    if (!prev) owners.set(key, o);
    else if (report && (prev.kind !== o.kind || prev.id !== o.id)) {
      err(o.at, o.sub, `"${o.text}" is the same as "${prev.text}" of ${prev.kind} "${prev.id}" (${where(prev)}) after normalising ("${key}"); a question using it could mean either`);
    }
  };
  // Entity spellings were checked against each other in checks.ts; here they only take their place.
  for (const e of records.entities) {
    claim({ kind: 'entity', id: e.record.id, text: e.record.name, at: e, sub: ['name'] }, false);
    e.record.aliases.forEach((a, i) => claim({ kind: 'entity', id: e.record.id, text: a, at: e, sub: ['aliases', i] }, false));
  }
  for (const m of metrics) {
    const own = { kind: 'metric' as const, id: m.record.id, at: m };
    claim({ ...own, text: m.record.label, sub: ['label'] }, true);
    claim({ ...own, text: m.record.id, sub: ['id'] }, true);
    m.record.synonyms.forEach((s, i) => claim({ ...own, text: s, sub: ['synonyms', i] }, true));
  }
  // A family is named by its synonyms only: its id and label usually repeat its lead metric's.
  for (const f of families) f.record.synonyms.forEach((s, i) => claim({ kind: 'family', id: f.record.id, text: s, at: f, sub: ['synonyms', i] }, true));
  yield;

  // A stop word is dropped from questions, so it may not be a word that names something; an
  // acronym written in capitals ("IS") is the exception: understanding reads it by its capitals.
  for (const list of stopWords) {
    list.record.words.forEach((w, i) => {
      const key = normalise(w);
      if (key === '') return err(list, ['words', i], `"${w}" has no letters or digits left after normalising`);
      if (key.includes(' ')) return err(list, ['words', i], `"${w}" is more than one word; list each word on its own`);
      const o = owners.get(key);
      if (o && (o.kind !== 'entity' || !ACRONYM.test(o.text))) {
        err(list, ['words', i], `stop word "${w}" is also "${o.text}" of ${o.kind} "${o.id}" (${where(o)}); a question would drop it`);
      }
    });
  }

  // Facts name a metric of the vocabulary. Without any vocabulary, one message says so instead of
  // one per fact.
  if (metrics.length === 0 && records.facts.length > 0) {
    problems.push({
      severity: 'error',
      file: '(data)',
      line: 0,
      col: 0,
      path: '',
      message: 'no metric vocabulary: the facts need `families:` and `metrics:` lists (the shipped ones are in data/vocabulary.yaml)',
    });
    return problems;
  }
  let n = 0;
  for (const f of records.facts) {
    if (++n % 500 === 0) yield;
    const m = f.record.metric;
    if (!metricIds.has(m)) err(f, ['metric'], `metric "${m}" is not in the vocabulary${didYouMean(m, metricIds)}`);
  }
  return problems;
}

function uniqueIds<T extends { id: string }>(
  list: readonly Located<T>[],
  kind: string,
  err: (at: Located<unknown>, sub: (string | number)[], message: string) => void,
): Set<string> {
  const first = new Map<string, Located<T>>();
  for (const item of list) {
    const prev = first.get(item.record.id);
    if (prev) err(item, ['id'], `duplicate ${kind} id "${item.record.id}" (first defined at ${prev.file}:${prev.locate(prev.path).line})`);
    else first.set(item.record.id, item);
  }
  return new Set(first.keys());
}
