// `/facts add`: one figure from the five inputs of a Discord modal, turned into fact-file YAML in
// the file where it belongs. Pure: the form and the catalog in, the records and the new file text
// out, or problems that each name the input to fix. The generated text is then validated with the
// whole catalog like any upload (the validator's findings are mapped back to the inputs as well).
//
//   who    "airwars, civilian_deaths_likely, us-led-coalition, iraq, syria"
//          claimant, metric, subject (optional when earlier figures tell it), then places
//   value  "at least 1,370", "about 5.6 million", "8,214–13,125", "between 8,214 and 13,125"
//   when   "as of 2019-12-31", "2014-08 to 2019-12-31", or both: "2014-08 to 2019-12-31, as of 2020-02-13"
//   source an existing source id, or "URL | title | published date [| kind]"
//   quote  the passage holding the figure as the source wrote it
import { Document, isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import type { Catalog } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';
import type { Problem } from '../catalog/problem.ts';
import { isRealPartialDate, Qualifier as QualifierSchema, SourceKind } from '../catalog/schema.ts';
import type { Qualifier } from '../catalog/schema.ts';
import { nearest } from '../catalog/suggest.ts';

export const ADD_INPUTS = {
  who: 'Claimant, metric, subject, places',
  value: 'Value',
  when: 'Period or as of',
  source: 'Source',
  quote: 'Quote',
} as const;
export type AddInput = keyof typeof ADD_INPUTS;
export type AddForm = Readonly<Record<AddInput, string>>;

export interface FormProblem {
  readonly input: AddInput;
  readonly message: string;
}

/** A figure as it is written to the file (field order as in the README's example). */
export interface FactRecord {
  id: string;
  metric: string;
  subject: string;
  claimant: string;
  places?: string[];
  period?: { start?: string; end?: string };
  as_of?: string;
  value: number | { min: number; max: number };
  qualifier: Qualifier;
  verb?: string;
  evidence: { source: string; quote: string }[];
  status: 'current';
}

export interface SourceRecord {
  id: string;
  kind: string;
  publisher: string;
  title: string;
  published: string;
  url: string;
}

export interface NewFigure {
  readonly fact: FactRecord;
  /** A source created from the form's URL and title; absent when the form named a known one. */
  readonly source?: SourceRecord;
  /** The data file it goes to: the known source's file, or `<publisher>/<date>.yaml`. */
  readonly file: string;
}

export type ReadForm = { readonly ok: true; readonly figure: NewFigure } | { readonly ok: false; readonly problems: readonly FormProblem[] };

export interface FormContext {
  readonly catalog: Catalog;
  /** The data file (relative name) that holds a source, from the catalog's origins. */
  readonly fileOfSource: (sourceId: string) => string | undefined;
}

/** Lone surrogates (possible in JSON, not in a text file) become U+FFFD before anything is written. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function readAddForm(input: AddForm, ctx: FormContext): ReadForm {
  const form: AddForm = { who: wellFormed(input.who), value: wellFormed(input.value), when: wellFormed(input.when), source: wellFormed(input.source), quote: wellFormed(input.quote) };
  const problems: FormProblem[] = [];
  const who = readWho(form.who, ctx.catalog, problems);
  const value = readValue(form.value, problems);
  const when = readWhen(form.when, problems);
  const quote = form.quote.trim().replace(/\r\n?/g, '\n');
  if (quote === '') problems.push({ input: 'quote', message: 'Paste the passage that holds the figure, as the source wrote it.' });
  else if (quote.length > 600) problems.push({ input: 'quote', message: `The quote is ${quote.length} characters; keep it to the sentence with the figure (at most 600).` });
  const source = who ? readSource(form.source, ctx, who.claimant, problems) : undefined;
  if (problems.length > 0 || !who || !value || !when || !source) return { ok: false, problems };

  const dateKey = when.as_of ?? when.period?.end ?? when.period?.start ?? source.published;
  const fact: FactRecord = {
    id: uniqueId(slug(`${who.claimant}-${who.metric}-${dateKey}`), ctx.catalog.factsById),
    metric: who.metric,
    subject: who.subject,
    claimant: who.claimant,
    ...(who.places.length > 0 ? { places: who.places } : {}),
    ...(when.period ? { period: when.period } : {}),
    ...(when.as_of ? { as_of: when.as_of } : {}),
    value: value.value,
    qualifier: value.qualifier,
    ...(who.verb ? { verb: who.verb } : {}),
    evidence: [{ source: source.id, quote }],
    status: 'current',
  };
  return { ok: true, figure: { fact, ...(source.record ? { source: source.record } : {}), file: source.file } };
}

interface Who {
  claimant: string;
  metric: string;
  subject: string;
  places: string[];
  verb?: string;
}

function readWho(input: string, catalog: Catalog, problems: FormProblem[]): Who | undefined {
  const parts = input.split(/[,\n;]/).map((s) => s.trim()).filter((s) => s !== '');
  const say = (message: string): undefined => {
    problems.push({ input: 'who', message });
    return undefined;
  };
  if (parts.length < 2) return say('Write the claimant and the metric, then the subject and places, separated by commas: `airwars, civilian_deaths_likely, us-led-coalition, iraq`.');
  const claimant = findEntity(parts[0]!, catalog);
  const metric = findMetric(parts[1]!, catalog);
  if (!claimant.ok) say(`Claimant: ${claimant.message}`);
  if (!metric.ok) say(`Metric: ${metric.message}`);
  const rest = parts.slice(2).map((p) => ({ text: p, found: findEntity(p, catalog) }));
  for (const r of rest) if (!r.found.ok) say(`“${r.text}”: ${r.found.message}`);
  if (!claimant.ok || !metric.ok || rest.some((r) => !r.found.ok)) return undefined;
  const ids = rest.map((r) => (r.found as { ok: true; id: string }).id);
  // The subject is the first entity that is not a place; places follow.
  const firstIsSubject = ids.length > 0 && catalog.entities.get(ids[0]!)?.kind !== 'place';
  let subject = firstIsSubject ? ids[0]! : undefined;
  const places = firstIsSubject ? ids.slice(1) : ids;
  const earlier = [...catalog.facts].reverse().find((f) => f.claimant === claimant.id && f.metric === metric.id);
  subject ??= earlier?.subject;
  if (subject === undefined) return say('Name the subject too (who or what the figure is about), after the metric: `airwars, civilian_deaths_likely, us-led-coalition`.');
  for (const p of places) if (catalog.entities.get(p)?.kind !== 'place') return say(`“${p}” is not a place; list the subject first, then places.`);
  const verb = [...catalog.facts].reverse().find((f) => f.claimant === claimant.id)?.verb;
  return { claimant: claimant.id, metric: metric.id, subject, places: [...new Set(places)], ...(verb ? { verb } : {}) };
}

type Found = { ok: true; id: string } | { ok: false; message: string };

function findEntity(text: string, catalog: Catalog): Found {
  if (catalog.entities.has(text)) return { ok: true, id: text };
  const key = normalise(text);
  for (const e of catalog.entities.values()) {
    if (normalise(e.id) === key || normalise(e.name) === key || e.aliases.some((a) => normalise(a) === key)) return { ok: true, id: e.id };
  }
  const near = nearest(text, catalog.entities.keys());
  return { ok: false, message: `no entity “${text}”${near ? ` (did you mean \`${near}\`?)` : ''}. Add new entities with /facts upload.` };
}

function findMetric(text: string, catalog: Catalog): Found {
  if (catalog.metrics.has(text)) return { ok: true, id: text };
  const key = normalise(text);
  for (const m of catalog.metrics.values()) if (normalise(m.id) === key || normalise(m.label) === key) return { ok: true, id: m.id };
  const near = nearest(text, catalog.metrics.keys());
  return { ok: false, message: `no metric “${text}”${near ? ` (did you mean \`${near}\`?)` : ''}.` };
}

const QUALIFIER_WORDS: ReadonlyArray<readonly [RegExp, Qualifier]> = [
  [/^(?:exactly|exact)\s+/i, 'exact'],
  [/^(?:about|around|approximately|roughly|some|nearly|almost|~)\s*/i, 'about'],
  [/^(?:at least|at_least|no fewer than|no less than)\s+/i, 'at_least'],
  [/^(?:more than|more_than|over|above)\s+/i, 'more_than'],
  [/^(?:as many as|as_many_as|up to)\s+/i, 'as_many_as'],
  [/^(?:fewer than|fewer_than|less than|under|below)\s+/i, 'fewer_than'],
];
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(thousand|million|billion))?$/i;

function readValue(input: string, problems: FormProblem[]): { value: FactRecord['value']; qualifier: Qualifier } | undefined {
  const say = (message: string): undefined => {
    problems.push({ input: 'value', message });
    return undefined;
  };
  let text = input.trim().replace(/\s+/g, ' ');
  if (text === '') return say('Write the figure: `1,370`, `at least 1,370`, `about 5.6 million` or a range `8,214–13,125`.');
  let qualifier: Qualifier | undefined;
  for (const [re, q] of QUALIFIER_WORDS) {
    if (re.test(text)) {
      qualifier = q;
      text = text.replace(re, '');
      break;
    }
  }
  const between = /^between (.+) and (.+)$/i.exec(text);
  const range = between ?? /^(.+?)\s*(?:–|—|-|to)\s*(.+)$/i.exec(text);
  if (range && !NUMBER.test(text)) {
    if (qualifier !== undefined) return say('A range takes no qualifier: write `8,214–13,125`.');
    const min = readNumber(range[1]!);
    const max = readNumber(range[2]!);
    if (min === undefined || max === undefined) return say(`“${input.trim()}” is not a range of two numbers such as \`8,214–13,125\`.`);
    if (min > max) return say('The range runs from the smaller number to the larger.');
    return { value: { min, max }, qualifier: 'range' };
  }
  const n = readNumber(text);
  if (n === undefined) {
    const q = QualifierSchema.options.join(', ');
    return say(`“${input.trim()}” is not a figure. Write a number (\`1,370\`, \`5.6 million\`), optionally after a qualifier (${q.replace(/_/g, ' ')}).`);
  }
  return { value: n, qualifier: qualifier ?? 'exact' };
}

function readNumber(text: string): number | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const whole = m[1]!.replace(/,/g, '');
  const scale = { thousand: 1e3, million: 1e6, billion: 1e9 }[(m[3] ?? '').toLowerCase() as 'thousand'] ?? 1;
  const n = Number(`${whole}${m[2] ? `.${m[2]}` : ''}`) * scale;
  // Rounded so "5.6 million" is 5600000, not 5599999.999….
  const value = scale > 1 ? Math.round(n) : n;
  return Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

function readWhen(input: string, problems: FormProblem[]): { period?: { start?: string; end?: string }; as_of?: string } | undefined {
  const say = (message: string): undefined => {
    problems.push({ input: 'when', message });
    return undefined;
  };
  const parts = input.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return say('Write when the figure is for: `as of 2019-12-31`, or a period `2014-08 to 2019-12-31`.');
  const out: { period?: { start?: string; end?: string }; as_of?: string } = {};
  for (const part of parts) {
    const asOf = /^(?:as of|as_of|asof)\s*:?\s*(\S+)$/i.exec(part);
    const period = /^(?:from\s+)?(\d{4}(?:-\d{2}){0,2})\s*(?:to|until|–|—|\s-\s|--)\s*(\d{4}(?:-\d{2}){0,2})$/i.exec(part);
    const since = /^(?:since|from)\s+(\d{4}(?:-\d{2}){0,2})$/i.exec(part);
    const single = /^(\d{4}(?:-\d{2}){0,2})$/.exec(part);
    const check = (d: string): boolean => {
      if (isRealPartialDate(d)) return true;
      say(`“${d}” is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.`);
      return false;
    };
    if (asOf || single) {
      const d = (asOf ?? single)![1]!;
      if (out.as_of !== undefined) return say('Give one “as of” date.');
      if (!check(d)) return undefined;
      out.as_of = d;
    } else if (period) {
      if (out.period) return say('Give one period.');
      if (!check(period[1]!) || !check(period[2]!)) return undefined;
      out.period = { start: period[1]!, end: period[2]! };
    } else if (since) {
      if (out.period) return say('Give one period.');
      if (!check(since[1]!)) return undefined;
      out.period = { start: since[1]! };
    } else {
      return say(`“${part}” is not a date or period. Write \`as of 2019-12-31\`, \`2014-08 to 2019-12-31\`, or both, separated by a comma.`);
    }
  }
  return out;
}

interface SourceChoice {
  id: string;
  file: string;
  published: string;
  record?: SourceRecord;
}

const DATE_TIME = /^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

function readSource(input: string, ctx: FormContext, claimant: string, problems: FormProblem[]): SourceChoice | undefined {
  const say = (message: string): undefined => {
    problems.push({ input: 'source', message });
    return undefined;
  };
  const text = input.trim();
  const { catalog } = ctx;
  if (text === '') return say('Name a source already in the data (its id), or give a new one as `URL | title | published date`.');
  const known = catalog.sources.get(text);
  if (known) {
    const file = ctx.fileOfSource(known.id);
    if (file === undefined) return say(`The file holding \`${known.id}\` cannot be written from Discord.`);
    return { id: known.id, file, published: known.published };
  }
  const parts = text.split('|').map((s) => s.trim());
  if (parts.length === 1) {
    if (/^https?:\/\//i.test(text)) return say('Give the title and published date after the URL: `URL | title | 2020-02-13`.');
    const near = nearest(text, catalog.sources.keys());
    return say(`No source \`${text}\`${near ? ` (did you mean \`${near}\`?)` : ''}. For a new one write \`URL | title | published date\`.`);
  }
  if (parts.length < 3 || parts.length > 4) return say('A new source is `URL | title | published date`, optionally `| kind`.');
  const [url, title, published, kindText] = parts as [string, string, string, string | undefined];
  let u: URL;
  try {
    u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return say(`“${url}” is not a web address (https://…).`);
  }
  if (title === '' || title.length > 300) return say('Give the source’s title (at most 300 characters).');
  if (published !== 'undated' && (!DATE_TIME.test(published) || !isRealPartialDate(published.slice(0, 10)))) {
    return say(`“${published}” is not a publication date: write YYYY-MM-DD (or YYYY-MM, YYYY), or \`undated\`.`);
  }
  let kind: string | undefined;
  if (kindText !== undefined && kindText !== '') {
    if (!SourceKind.safeParse(kindText).success) return say(`“${kindText}” is not a source kind: one of ${SourceKind.options.join(', ')}.`);
    kind = kindText;
  }
  // The same address already in the data is that source, not a new one.
  const same = [...catalog.sources.values()].find((s) => s.url !== undefined && sameUrl(s.url, u.href));
  if (same) {
    const file = ctx.fileOfSource(same.id);
    if (file === undefined) return say(`The file holding \`${same.id}\` cannot be written from Discord.`);
    return { id: same.id, file, published: same.published };
  }
  const host = u.hostname.replace(/^www\./, '');
  const publisher =
    [...catalog.entities.values()].find((e) => {
      if (!e.url) return false;
      try {
        return new URL(e.url).hostname.replace(/^www\./, '') === host;
      } catch {
        return false;
      }
    })?.id ?? claimant;
  kind ??= publisher === claimant ? 'primary_release' : catalog.entities.get(publisher)?.kind === 'outlet' ? 'news_article' : 'primary_release';
  const day = published === 'undated' ? 'undated' : published.slice(0, 10);
  const id = uniqueId(slug(`${publisher}-${day}-${titleWords(title)}`), catalog.sources);
  const record: SourceRecord = { id, kind, publisher, title, published, url: u.href };
  return { id, file: `${slug(publisher)}/${day}.yaml`, published, record };
}

function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.host === y.host && x.pathname.replace(/\/$/, '') === y.pathname.replace(/\/$/, '') && x.search === y.search;
  } catch {
    return false;
  }
}

function titleWords(title: string): string {
  return normalise(title).split(' ').filter((w) => /^[a-z0-9]+$/.test(w)).slice(0, 5).join('-');
}

/** A valid id (lower-case words joined by single separators), at most 90 characters. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90)
    .replace(/-+$/, '');
  return s === '' ? 'figure' : s;
}

function uniqueId(base: string, taken: ReadonlyMap<string, unknown>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The new file text, and where the appended records sit in it (for mapping findings back). */
export interface Appended {
  readonly text: string;
  /** Index of the first appended record in each list, or -1. */
  readonly factIndex: number;
  readonly sourceIndex: number;
}

/**
 * The file's text with the records appended to its `sources:` and `facts:` lists (created when
 * missing). Comments and the other records are kept; a new file starts with the schema line.
 */
export function appendRecords(existing: string | undefined, records: { readonly sources?: readonly object[]; readonly facts?: readonly object[] }, schemaRef = '../schema/fact-file.schema.json'): Appended {
  const fresh = existing === undefined || existing.trim() === '';
  const doc = fresh ? new Document({}) : parseDocument(existing);
  if (doc.errors.length > 0) throw new Error(`the file is not valid YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('the file does not hold a mapping of lists');
  const at = { sources: -1, facts: -1 };
  for (const key of ['sources', 'facts'] as const) {
    const items = records[key] ?? [];
    if (items.length === 0) continue;
    let seq = doc.get(key, true);
    if (seq === undefined || seq === null || (!isSeq(seq) && isEmptyScalar(seq))) {
      seq = new YAMLSeq();
      doc.set(key, seq);
    }
    if (!isSeq(seq)) throw new Error(`\`${key}\` is not a list`);
    const list = seq as YAMLSeq;
    list.flow = false;
    at[key] = list.items.length;
    for (const item of items) list.items.push(doc.createNode(item));
  }
  if (fresh) doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}\n Added from Discord with /facts add.`;
  return { text: doc.toString({ lineWidth: 0 }), factIndex: at.facts, sourceIndex: at.sources };
}

function isEmptyScalar(node: unknown): boolean {
  const v = (node as { value?: unknown }).value;
  return v === null || v === undefined || v === '';
}

/** Which modal input a validator finding on the new records is about; undefined for other records. */
export function inputOfProblem(p: Problem, file: string, at: Pick<Appended, 'factIndex' | 'sourceIndex'>): AddInput | undefined {
  if (p.file !== file && !p.file.endsWith(`/${file}`)) return undefined;
  const m = /^(facts|sources)\[(\d+)\](?:\.([a-z_]+))?(.*)$/.exec(p.path);
  if (!m) return undefined;
  const index = Number(m[2]);
  if (m[1] === 'sources') return index === at.sourceIndex ? 'source' : undefined;
  if (index !== at.factIndex) return undefined;
  switch (m[3]) {
    case 'value':
    case 'qualifier':
      return 'value';
    case 'period':
    case 'as_of':
      return 'when';
    case 'evidence':
      return /quote/.test(m[4] ?? '') ? 'quote' : 'source';
    default:
      return 'who';
  }
}
