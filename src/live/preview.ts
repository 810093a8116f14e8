// What a change to the fact files would do, as a moderator needs to see it before applying: the
// figures added, changed (old → new value, qualifier, status, sources) and removed, the other
// records touched, and the warnings that are new. Pure: two catalogs (the one served, the one the
// change would make) in, a description out; the same lines go to the preview, the trail and the
// mod log.
import type { Catalog } from '../catalog/catalog.ts';
import type { Problem } from '../catalog/problem.ts';
import type { Fact } from '../catalog/schema.ts';

export interface FieldChange {
  readonly field: 'value' | 'qualifier' | 'status' | 'sources';
  readonly before: string;
  readonly after: string;
}

export interface FigureChange {
  readonly id: string;
  /** The fields shown old → new. */
  readonly fields: readonly FieldChange[];
  /** Other fields that changed, by name (period, notes, quote…). */
  readonly others: readonly string[];
}

export interface RecordChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export interface ChangePreview {
  readonly added: readonly Fact[];
  readonly changed: readonly FigureChange[];
  readonly removed: readonly Fact[];
  readonly entities: RecordChanges;
  readonly sources: RecordChanges;
  /** Warnings the change would bring that the served data does not have. */
  readonly newWarnings: readonly Problem[];
  /** How many of the served data's warnings the change would clear. */
  readonly clearedWarnings: number;
}

export interface Side {
  readonly catalog: Catalog;
  readonly warnings: readonly Problem[];
}

export function previewChange(before: Side, after: Side): ChangePreview {
  const b = before.catalog.factsById;
  const a = after.catalog.factsById;
  const added = after.catalog.facts.filter((f) => !b.has(f.id));
  const removed = before.catalog.facts.filter((f) => !a.has(f.id));
  const changed: FigureChange[] = [];
  for (const f of after.catalog.facts) {
    const old = b.get(f.id);
    if (old && !sameRecord(old, f)) changed.push(describeChange(old, f));
  }
  const key = (p: Problem): string => `${p.file}\u0000${p.path}\u0000${p.message}`;
  const beforeKeys = new Set(before.warnings.map(key));
  const afterKeys = new Set(after.warnings.map(key));
  return {
    added,
    changed,
    removed,
    entities: recordChanges(before.catalog.entities, after.catalog.entities),
    sources: recordChanges(before.catalog.sources, after.catalog.sources),
    newWarnings: after.warnings.filter((w) => !beforeKeys.has(key(w))),
    clearedWarnings: before.warnings.filter((w) => !afterKeys.has(key(w))).length,
  };
}

export function isEmptyPreview(p: ChangePreview): boolean {
  const none = (r: RecordChanges) => r.added.length + r.changed.length + r.removed.length === 0;
  return p.added.length + p.changed.length + p.removed.length === 0 && none(p.entities) && none(p.sources);
}

function recordChanges<T extends { id: string }>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): RecordChanges {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, r] of after) {
    const old = before.get(id);
    if (!old) added.push(id);
    else if (!sameRecord(old, r)) changed.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { added, changed, removed };
}

function describeChange(old: Fact, now: Fact): FigureChange {
  const fields: FieldChange[] = [];
  const push = (field: FieldChange['field'], before: string, after: string): void => {
    if (before !== after) fields.push({ field, before, after });
  };
  push('value', formatFigureValue(old), formatFigureValue(now));
  push('qualifier', old.qualifier, now.qualifier);
  push('status', old.status, now.status);
  push('sources', sourcesOf(old).join(', '), sourcesOf(now).join(', '));
  const shown = new Set(['value', 'qualifier', 'status']);
  const others: string[] = [];
  const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
  for (const k of [...keys].sort()) {
    if (shown.has(k)) continue;
    const o = (old as Record<string, unknown>)[k];
    const n = (now as Record<string, unknown>)[k];
    if (k === 'evidence') {
      if (sourcesOf(old).join() === sourcesOf(now).join() && stable(o) !== stable(n)) others.push('quote');
      continue;
    }
    if (stable(o) !== stable(n)) others.push(k);
  }
  return { id: now.id, fields, others };
}

function sourcesOf(f: Fact): string[] {
  return f.evidence.map((e) => e.source);
}

function sameRecord(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

/** JSON with sorted keys, so key order in the file never reads as a change. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatFigureValue(f: Pick<Fact, 'value' | 'qualifier'>): string {
  const v = f.value;
  const n = typeof v === 'number' ? NUMBER.format(v) : `${NUMBER.format(v.min)}–${NUMBER.format(v.max)}`;
  return f.qualifier === 'exact' || f.qualifier === 'range' ? n : `${f.qualifier.replace(/_/g, ' ')} ${n}`;
}

/** One line per figure and record, for the preview, the trail and the mod log. */
export function summaryLines(p: ChangePreview): string[] {
  const lines: string[] = [];
  for (const f of p.added) lines.push(cut(`+ ${f.id}: ${f.metric} ${formatFigureValue(f)}${f.as_of ? ` as of ${f.as_of}` : ''} (${f.claimant}; ${f.status}; ${sourcesOf(f).join(', ')})`));
  for (const c of p.changed) {
    const parts = c.fields.map((x) => `${x.field} ${x.before} → ${x.after}`);
    if (c.others.length > 0) parts.push(`also ${c.others.join(', ')}`);
    lines.push(cut(`~ ${c.id}: ${parts.join('; ')}`));
  }
  for (const f of p.removed) lines.push(cut(`- ${f.id}: ${f.metric} ${formatFigureValue(f)} (${f.claimant})`));
  const records = (label: string, r: RecordChanges): void => {
    const parts = [
      r.added.length ? `+${r.added.length} (${r.added.slice(0, 3).join(', ')}${r.added.length > 3 ? ', …' : ''})` : '',
      r.changed.length ? `~${r.changed.length} (${r.changed.slice(0, 3).join(', ')}${r.changed.length > 3 ? ', …' : ''})` : '',
      r.removed.length ? `-${r.removed.length} (${r.removed.slice(0, 3).join(', ')}${r.removed.length > 3 ? ', …' : ''})` : '',
    ].filter((x) => x !== '');
    if (parts.length > 0) lines.push(cut(`${label}: ${parts.join(' ')}`));
  };
  records('sources', p.sources);
  records('entities', p.entities);
  return lines;
}

/** At most `max` UTF-16 units, cut between code points. */
export function cut(s: string, max = 300): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
