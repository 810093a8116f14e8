// Checks that need more than one record: unique ids, references that resolve, aliases that do not
// collide, quotes that contain their figures, periods that run forwards. Errors, all of them: any
// one would make the bot answer wrongly.
import { UNDATED, type Entity, type Fact, type Source } from './schema.ts';
import { formatPath, type Problem } from './problem.ts';
import { normalise } from './normalise.ts';
import { quoteContainsValue } from './figures.ts';
import { earliest, latest } from './dates.ts';
import { runToEnd, type Steps } from './slices.ts';
import { didYouMean } from './suggest.ts';
import { vocabularyCheckSteps } from './vocabulary-checks.ts';
import type { FamilyDef, MetricDef, StopWordList } from './vocabulary.ts';

/** A record with the file it came from and how to locate paths within it. */
export interface Located<T> {
  readonly record: T;
  readonly file: string;
  /** Path of the record inside its file, e.g. ["facts", 3]. */
  readonly path: readonly (string | number)[];
  readonly locate: (path: readonly PropertyKey[]) => { line: number; col: number };
  /** Cheap location of a field of this record without parsing again; undefined if unsure. */
  readonly locateField?: (id: string, key: string) => { line: number; col: number } | undefined;
}

export interface Records {
  entities: Located<Entity>[];
  sources: Located<Source>[];
  facts: Located<Fact>[];
  /** The vocabulary (vocabulary-checks.ts); absent lists are empty. */
  families?: Located<FamilyDef>[];
  metrics?: Located<MetricDef>[];
  stopWords?: Located<StopWordList>[];
}

export function crossCheck(records: Records): Problem[] {
  return runToEnd(crossCheckSteps(records));
}

/** crossCheck in steps: yields after each record, so a live reload can give the event loop back. */
export function* crossCheckSteps(records: Records): Steps<Problem[]> {
  const problems: Problem[] = [];
  const err = <T>(at: Located<T>, sub: readonly (string | number)[], message: string) => {
    const path = [...at.path, ...sub];
    problems.push({ severity: 'error', file: at.file, ...at.locate(path), path: formatPath(path), message });
  };

  const entityIds = uniqueIds(records.entities, 'entity', err);
  const sourceIds = uniqueIds(records.sources, 'source', err);
  uniqueIds(records.facts, 'fact', err);

  const entityRef = (at: Located<unknown>, sub: (string | number)[], id: string | undefined, role: string) => {
    if (id !== undefined && !entityIds.has(id)) err(at, sub, `${role} "${id}" is not an entity id${didYouMean(id, entityIds)}`);
  };

  const owners = new Map<string, { id: string; alias: string }>();
  for (const e of records.entities) {
    yield;
    entityRef(e, ['part_of'], e.record.part_of, 'part_of');
    if (e.record.part_of === e.record.id) err(e, ['part_of'], 'an entity cannot be part of itself');
    const names = [e.record.name, ...e.record.aliases];
    names.forEach((alias, i) => {
      const key = normalise(alias);
      const sub = i === 0 ? ['name'] : ['aliases', i - 1];
      if (key === '') {
        err(e, sub, `"${alias}" has no letters or digits left after normalising`);
        return;
      }
      const owner = owners.get(key);
      if (owner && owner.id !== e.record.id) {
        err(e, sub, `alias "${alias}" is the same as "${owner.alias}" of entity "${owner.id}" after normalising ("${key}")`);
      } else if (!owner) {
        owners.set(key, { id: e.record.id, alias });
      }
    });
  }

  for (const s of records.sources) {
    yield;
    const source = s.record;
    entityRef(s, ['publisher'], source.publisher, 'publisher');
    if (source.via !== undefined && !sourceIds.has(source.via)) {
      err(s, ['via'], `via "${source.via}" is not a source id${didYouMean(source.via, sourceIds)}`);
    }
    // A doubt without its reason cannot be shown to a reader, and a reason without the doubt is lost.
    if (source.attribution === 'unverified' && source.attribution_note === undefined) {
      err(s, ['attribution'], 'attribution: unverified needs an attribution_note saying why the publisher is in doubt');
    }
    if (source.attribution !== 'unverified' && source.attribution_note !== undefined) {
      err(s, ['attribution_note'], 'attribution_note is for a doubted publisher: add attribution: unverified, or remove the note');
    }
    if (source.published_inferred === true && source.published === UNDATED) {
      err(s, ['published_inferred'], 'an undated source has no date to infer: remove published_inferred');
    }
    if (source.published_inferred === true && source.notes === undefined) {
      err(s, ['published_inferred'], 'published_inferred needs notes saying how the date was worked out');
    }
  }
  for (const s of findViaCycles(records.sources)) err(s, ['via'], `the via chain of "${s.record.id}" loops back on itself`);

  for (const f of records.facts) {
    yield;
    const fact = f.record;
    entityRef(f, ['subject'], fact.subject, 'subject');
    entityRef(f, ['claimant'], fact.claimant, 'claimant');
    fact.places.forEach((p, i) => entityRef(f, ['places', i], p, 'place'));

    const isRange = typeof fact.value !== 'number';
    if (isRange && fact.qualifier !== 'range') err(f, ['qualifier'], 'a { min, max } value needs qualifier: range');
    if (!isRange && fact.qualifier === 'range') err(f, ['value'], 'qualifier range needs a value of the form { min, max }');
    if (typeof fact.value !== 'number' && fact.value.min > fact.value.max) {
      err(f, ['value', 'min'], `min ${fact.value.min} is greater than max ${fact.value.max}`);
    }
    const { start, end } = fact.period ?? {};
    if (start && end && earliest(start) > latest(end)) err(f, ['period', 'end'], `period ends (${end}) before it starts (${start})`);
    if (start && fact.as_of && latest(fact.as_of) < earliest(start)) {
      err(f, ['as_of'], `as_of ${fact.as_of} is before the period starts (${start})`);
    }
    if (!fact.period && !fact.as_of) err(f, [], 'a figure needs a period or an as_of date');
    if (fact.period?.uncertain === true && fact.notes === undefined) err(f, ['period', 'uncertain'], 'an uncertain period needs notes saying why');

    fact.evidence.forEach((ev, i) => {
      if (!sourceIds.has(ev.source)) {
        err(f, ['evidence', i, 'source'], `source "${ev.source}" is not a source id${didYouMean(ev.source, sourceIds)}`);
      }
      if (ev.via !== undefined && !sourceIds.has(ev.via)) {
        err(f, ['evidence', i, 'via'], `via "${ev.via}" is not a source id${didYouMean(ev.via, sourceIds)}`);
      }
      if (!quoteContainsValue(ev.quote, fact.value)) {
        err(f, ['evidence', i, 'quote'], `the quote does not contain the figure ${describeValue(fact.value)} (as digits, "1,370", "5.6 million" or words)`);
      }
    });
  }
  problems.push(...(yield* vocabularyCheckSteps(records, entityIds)));
  return problems;
}

function uniqueIds<T extends { id: string }>(
  list: Located<T>[],
  kind: string,
  err: (at: Located<T>, sub: (string | number)[], message: string) => void,
): Set<string> {
  const first = new Map<string, Located<T>>();
  for (const item of list) {
    const prev = first.get(item.record.id);
    if (prev) {
      const where = `${prev.file}:${prev.locate(prev.path).line}`;
      err(item, ['id'], `duplicate ${kind} id "${item.record.id}" (first defined at ${where})`);
    } else {
      first.set(item.record.id, item);
    }
  }
  return new Set(first.keys());
}

function findViaCycles(sources: Located<Source>[]): Located<Source>[] {
  const byId = new Map(sources.map((s) => [s.record.id, s]));
  const looping: Located<Source>[] = [];
  for (const s of byId.values()) {
    const seen = new Set<string>();
    let id: string | undefined = s.record.id;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      id = byId.get(id)?.record.via;
    }
    if (id === s.record.id) looping.push(s);
  }
  return looping;
}

function describeValue(value: Fact['value']): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : `${value.min.toLocaleString('en-US')}–${value.max.toLocaleString('en-US')}`;
}
