// A reading as a fact file: the same schema as data/ (one source, the proposed facts), every
// figure `status: unconfirmed` and `draft: true`, above each a comment saying how each field was
// read, and comments listing what the checks found and every number not proposed, with why.
// Written by hand rather than through a YAML library so the comments sit where a reviewer reads.
import type { Catalog } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';
import type { Fact, Source } from '../catalog/schema.ts';
import type { Arithmetic, ProposalCheck } from './checks.ts';
import type { Proposal, Reading } from './read.ts';

export interface WriteOptions {
  /** The report's file name, for the header. */
  readonly input: string;
  readonly sourceUrl?: string;
  readonly claimant?: string;
  /** Path of data/schema/fact-file.schema.json relative to the draft, for editors. */
  readonly schemaPath?: string;
  /** Also propose figures already in the data (marked as such). */
  readonly all?: boolean;
}

export interface Draft {
  readonly source: Source;
  /** The facts written, in order, with the proposal each comes from. */
  readonly facts: readonly { readonly fact: Fact; readonly from: number }[];
  readonly yaml: string;
}

/** A placeholder the validator rejects, so a field nothing could fill is fixed before the draft counts. */
export const UNKNOWN = 'unknown';

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
/** One line of comment text: no line breaks, nothing a YAML reader would take for data. */
const comment = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
/** A single-quoted YAML scalar on one line. */
export const q = (s: string): string => `'${s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/'/g, "''")}'`;
const dq = (s: string): string => JSON.stringify(s);

function slug(s: string, max: number): string {
  const words = normalise(s).replace(/[^a-z0-9 ]/g, '').split(' ').filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out === '' ? w : `${out}-${w}`;
    if (next.length > max) break;
    out = next;
  }
  return out;
}

/** The outlet that published the page: an entity whose alias is the address's host, or its site name. */
export function publisherOf(catalog: Catalog, reading: Reading, options: WriteOptions): { id: string; how: string } {
  const url = options.sourceUrl ?? reading.meta.url;
  const host = url ? /^[a-z]+:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase().replace(/^www\./, '') : undefined;
  const names = [host, reading.meta.siteName].filter((x): x is string => x !== undefined);
  for (const e of catalog.entities.values()) {
    for (const name of names) {
      const n = normalise(name);
      if ([e.name, ...e.aliases].some((a) => normalise(a) === n || (host !== undefined && host.endsWith(`.${a.toLowerCase()}`)))) {
        return { id: e.id, how: `"${name}" is ${e.name}` };
      }
    }
  }
  if (options.claimant !== undefined && catalog.entities.has(options.claimant)) return { id: options.claimant, how: '--claimant (the outlet speaks for itself)' };
  return { id: UNKNOWN, how: 'FIXME: no entity matches the address or site name; add the outlet to data/entities.yaml' };
}

function languageOf(text: string): string {
  let arabic = 0;
  let latin = 0;
  for (const c of text.slice(0, 5000)) {
    if (/\p{Script=Arabic}/u.test(c)) arabic++;
    else if (/\p{Script=Latin}/u.test(c)) latin++;
  }
  return arabic > latin ? 'ar' : 'en';
}

function valueYaml(v: Fact['value']): string {
  return typeof v === 'number' ? String(v) : `{ min: ${v.min}, max: ${v.max} }`;
}

function describeValue(v: Fact['value']): string {
  return typeof v === 'number' ? v.toLocaleString('en-US') : `${v.min.toLocaleString('en-US')}–${v.max.toLocaleString('en-US')}`;
}

/** The id of a proposed fact: draft-<claimant>-<metric>-<month>, made unique. */
function factId(p: Proposal, taken: Set<string>): string {
  const when = (p.period?.end ?? p.as_of ?? '').slice(0, 7) || 'undated';
  const base = `draft-${p.claimant ?? UNKNOWN}-${p.metric.replace(/_/g, '-')}-${when}`.slice(0, 94);
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  taken.add(id);
  return id;
}

export interface DraftInput {
  readonly catalog: Catalog;
  readonly reading: Reading;
  readonly checks: readonly ProposalCheck[];
  readonly arithmetic: readonly Arithmetic[];
  readonly text: string;
}

/** The facts a draft proposes: duplicates of the data's are left out unless `all`. */
export function proposedFacts(input: DraftInput, sourceId: string, all = false): { fact: Fact; from: number }[] {
  const taken = new Set<string>(input.catalog.factsById.keys());
  const out: { fact: Fact; from: number }[] = [];
  input.reading.proposals.forEach((p, i) => {
    if (input.checks[i]?.duplicate && !all) return;
    out.push({ fact: toFact(p, factId(p, taken), sourceId), from: i });
  });
  return out;
}

/** A proposal as the schema's fact. */
export function toFact(p: Proposal, id: string, sourceId: string): Fact {
  return {
    id,
    metric: p.metric,
    subject: p.subject,
    claimant: p.claimant ?? UNKNOWN,
    places: [...p.places],
    ...(p.period ? { period: { ...p.period } } : {}),
    ...(p.as_of ? { as_of: p.as_of } : {}),
    value: p.value,
    qualifier: p.qualifier,
    verb: p.verb,
    ...(p.series ? { series: p.series } : {}),
    evidence: [{ source: sourceId, quote: p.quote }],
    status: 'unconfirmed',
    ...(p.notes ? { notes: p.notes } : {}),
    draft: true,
  };
}

export function writeDraft(input: DraftInput, options: WriteOptions): Draft {
  const { catalog, reading, checks, arithmetic } = input;
  const publisher = publisherOf(catalog, reading, options);
  const date = reading.published?.date;
  const title = clip(reading.title ?? reading.proposals[0]?.quote ?? options.input, 300);
  const sourceId = `draft-${publisher.id}-${date ? date.slice(0, 10) : 'undated'}-${slug(title, 40) || 'report'}`.slice(0, 100).replace(/-+$/, '');
  const url = options.sourceUrl ?? reading.meta.url;
  const validUrl = url !== undefined && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined;
  const source: Source = {
    id: sourceId,
    kind: 'news_article',
    publisher: publisher.id,
    title,
    published: date ?? 'undated',
    attribution: 'verified',
    ...(validUrl ? { url: validUrl } : {}),
    language: languageOf(input.text),
    notes: `Drafted by npm run draft from ${options.input}.${date ? '' : ' No date found on the page or given with --published.'}`,
  };
  const facts = proposedFacts(input, sourceId, options.all);
  const lines: string[] = [];
  if (options.schemaPath) lines.push(`# yaml-language-server: $schema=${options.schemaPath}`);
  lines.push(
    `# DRAFT made by \`npm run draft\` from ${comment(options.input)} (${reading.html ? 'an HTML page' : 'plain text'}, ${reading.sentences} lines and sentences read).`,
    '# Nothing here counts until a moderator has checked every figure against the text: fix what the',
    '# comments doubt, set `status`, delete `draft: true`, then move the file into data/ (or /facts upload it).',
    `# Published: ${date ? `${date}, from ${comment(reading.published!.how)}` : 'not found (undated); give it with --published if the page shows it elsewhere'}.`,
    `# Publisher ${publisher.id}: ${comment(publisher.how)}.`,
    '#',
  );
  const duplicates = checks.filter((c) => c.duplicate);
  const conflicts = checks.filter((c) => c.conflicts.length > 0);
  lines.push(
    `# ${facts.length} figure${facts.length === 1 ? '' : 's'} proposed; ${duplicates.length} already in data/${options.all ? ' (kept, marked)' : ' (not proposed again)'}; ${conflicts.length} in conflict with data/; ${reading.unplaced.length} number${reading.unplaced.length === 1 ? '' : 's'} not placed.`,
  );
  if (arithmetic.length > 0) {
    lines.push('#', '# Arithmetic (the catalog\'s checks on the figures read, and with data/):');
    for (const a of arithmetic) lines.push(`#   - ${comment(a.message)}${a.proposal !== undefined && reading.proposals[a.proposal] ? ` (line ${reading.proposals[a.proposal]!.line})` : ''}`);
  }
  if (conflicts.length > 0) {
    lines.push('#', '# Conflicts with data/ (same claimant, metric and period, another value):');
    for (const c of conflicts) {
      for (const m of c.conflicts) lines.push(`#   - line ${c.proposal.line}: ${describeValue(c.proposal.value)} ${c.proposal.metric}; data/ has ${describeValue(m.fact.value)} in ${m.fact.id} (${m.where})`);
    }
  }
  if (duplicates.length > 0) {
    lines.push('#', `# Already in data/ (same claimant, metric, period and value)${options.all ? '' : ': not proposed again'}:`);
    for (const c of duplicates) lines.push(`#   - line ${c.proposal.line}: ${describeValue(c.proposal.value)} ${c.proposal.metric} = ${c.duplicate!.fact.id} (${c.duplicate!.where})`);
  }
  if (reading.unplaced.length > 0) {
    lines.push('#', '# Numbers not proposed as figures:');
    for (const u of reading.unplaced) lines.push(`#   - line ${u.line}: ${comment(clip(u.raw, 40))}: ${comment(u.why)}`);
  }
  lines.push(
    '',
    'sources:',
    `  - id: ${source.id}`,
    `    kind: ${source.kind}  # a guess: primary_release for the claimant's own report, news_agency for a wire`,
    `    publisher: ${source.publisher}${publisher.id === UNKNOWN ? `  # ${comment(publisher.how)}` : ''}`,
    `    title: ${q(source.title)}`,
    `    published: ${source.published === 'undated' ? 'undated' : dq(source.published)}`,
    ...(source.url ? [`    url: ${q(source.url)}`] : []),
    `    language: ${source.language}`,
    `    notes: ${q(source.notes!)}`,
  );
  lines.push('', facts.length > 0 ? 'facts:' : 'facts: []');
  for (const { fact, from } of facts) {
    const p = reading.proposals[from]!;
    const check = checks[from];
    lines.push(`  # ${describeValue(p.value)} ${p.metric}, line ${p.line}${p.also.length > 0 ? ` (also on line${p.also.length > 1 ? 's' : ''} ${p.also.join(', ')})` : ''}: ${comment(clip(p.quote, 160))}`);
    for (const h of p.how) lines.push(`  #   ${comment(h)}`);
    if (check?.duplicate) lines.push(`  #   ALREADY IN DATA: ${check.duplicate.fact.id} (${check.duplicate.where})`);
    for (const m of check?.conflicts ?? []) lines.push(`  #   CONFLICT: data/ has ${describeValue(m.fact.value)} for the same claimant, metric and period in ${m.fact.id} (${m.where})`);
    for (const a of arithmetic) if (a.proposal === from) lines.push(`  #   ARITHMETIC: ${comment(a.message)}`);
    lines.push(
      `  - id: ${fact.id}`,
      '    draft: true',
      `    metric: ${fact.metric}`,
      `    subject: ${fact.subject}`,
      `    claimant: ${fact.claimant}${p.claimant === undefined ? '  # FIXME: nothing named a claimant; give one here or with --claimant' : ''}`,
      `    places: [${fact.places.join(', ')}]`,
    );
    if (fact.period) {
      const parts = [
        ...(fact.period.start ? [`start: ${dq(fact.period.start)}`] : []),
        ...(fact.period.end ? [`end: ${dq(fact.period.end)}`] : []),
        ...(fact.period.uncertain ? ['uncertain: true'] : []),
      ];
      lines.push(`    period: { ${parts.join(', ')} }`);
    }
    if (fact.as_of) lines.push(`    as_of: ${dq(fact.as_of)}`);
    lines.push(
      `    value: ${valueYaml(fact.value)}`,
      `    qualifier: ${fact.qualifier}`,
      `    verb: ${q(fact.verb)}`,
      ...(fact.series ? [`    series: ${fact.series}`] : []),
      '    evidence:',
      `      - source: ${sourceId}`,
      `        quote: ${q(fact.evidence[0]!.quote)}`,
      '    status: unconfirmed',
      ...(fact.notes ? [`    notes: ${q(fact.notes)}`] : []),
    );
  }
  return { source, facts, yaml: `${lines.join('\n')}\n` };
}

/** The validation's findings, appended to the draft (at its end, so no line above moves). */
export function validationFooter(problems: readonly { line: number; path: string; message: string; severity: string }[], ok: boolean): string {
  const lines = ['', '# Validation (this file loaded with data/, as npm run validate does):'];
  if (ok && problems.length === 0) lines.push('#   ok');
  for (const p of problems) lines.push(`#   - ${p.severity === 'warning' ? 'warning' : 'error'} at line ${p.line}, ${p.path || '-'}: ${comment(p.message)}`);
  return `${lines.join('\n')}\n`;
}
