// Exports for newsrooms: the figures an answer shows (`figuresOf`), one row per figure, with every
// field a citation needs, as CSV (RFC 4180, UTF-8 with a BOM, CRLF) and JSON. Both name the data
// version the figures come from and, when the answer they were asked from was made on another
// version (an Export button pressed after a reload), that version too and a note saying so.
//
// CSV cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) are
// prefixed with ' (formula injection); numbers stay numbers. JSON keeps every value raw.
import Papa from 'papaparse';
import { figuresOf } from '../answers/cite.ts';
import type { Answer, Figure, SourceRef } from '../answers/model.ts';

export type ExportFormat = 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

export function isExportFormat(x: unknown): x is ExportFormat {
  return x === 'csv' || x === 'json';
}

/** One figure as a flat row: the CSV's columns, in order, and the JSON rows' fields. */
export interface ExportRow {
  fact_id: string;
  claimant: string;
  claimant_id: string;
  subject: string;
  metric: string;
  metric_label: string;
  grade: string | null;
  /** A single value; null for a range (then min and max). */
  value: number | null;
  min: number | null;
  max: number | null;
  qualifier: string;
  verb: string;
  places: string;
  period_start: string | null;
  period_end: string | null;
  period_uncertain: boolean;
  as_of: string | null;
  /** The date the figure speaks for, and how sure it is (stated, inferred, undated). */
  date: string | null;
  date_certainty: string;
  status: string;
  draft: boolean;
  source_title: string | null;
  source_publisher: string | null;
  /** A date, or "undated". */
  source_published: string | null;
  source_published_inferred: boolean;
  source_attribution_doubt: string | null;
  source_url: string | null;
  quote: string | null;
  locator: string | null;
  /** The source read, then each report it relays, to the original: "title (publisher, date) ← …". */
  relay_chain: string;
  /** Further evidence for the same figure (in the JSON's `citations`). */
  other_citations: number;
  notes: string | null;
  data_version: string;
}

export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'fact_id', 'claimant', 'claimant_id', 'subject', 'metric', 'metric_label', 'grade', 'value', 'min', 'max', 'qualifier', 'verb',
  'places', 'period_start', 'period_end', 'period_uncertain', 'as_of', 'date', 'date_certainty', 'status', 'draft',
  'source_title', 'source_publisher', 'source_published', 'source_published_inferred', 'source_attribution_doubt', 'source_url',
  'quote', 'locator', 'relay_chain', 'other_citations', 'notes', 'data_version',
];

function refText(s: SourceRef): string {
  return `${s.title} (${s.publisher.name}, ${s.publishedInferred ? `≈ ${s.published}` : s.published})`;
}

export function exportRow(f: Figure, dataVersion: string): ExportRow {
  const c = f.citations[0];
  const src = c?.chain[0];
  const range = typeof f.value === 'number' ? undefined : f.value;
  return {
    fact_id: f.factId,
    claimant: f.claimant.name,
    claimant_id: f.claimant.id,
    subject: f.subject.name,
    metric: f.metric,
    metric_label: f.metricLabel,
    grade: f.grade ?? null,
    value: typeof f.value === 'number' ? f.value : null,
    min: range?.min ?? null,
    max: range?.max ?? null,
    qualifier: f.qualifier,
    verb: f.verb,
    places: f.places.map((p) => p.name).join('; '),
    period_start: f.period?.start ?? null,
    period_end: f.period?.end ?? null,
    period_uncertain: f.periodUncertain === true,
    as_of: f.asOf ?? null,
    date: f.date ?? null,
    date_certainty: f.dateCertainty,
    status: f.status,
    draft: f.draft === true,
    source_title: src?.title ?? null,
    source_publisher: src?.publisher.name ?? null,
    source_published: src?.published ?? null,
    source_published_inferred: src?.publishedInferred === true,
    source_attribution_doubt: src?.attributionDoubt ?? null,
    source_url: src?.url ?? null,
    quote: c?.quote ?? null,
    locator: c?.locator ?? null,
    relay_chain: (c?.chain ?? []).map(refText).join(' ← '),
    other_citations: Math.max(0, f.citations.length - 1),
    notes: f.notes ?? null,
    data_version: dataVersion,
  };
}

export interface ExportMeta {
  /** The command and options the answer was asked with (for the file name and the JSON header). */
  readonly command: string;
  readonly options: Readonly<Record<string, string>>;
  /** The catalog the figures were read from. */
  readonly dataVersion: string;
  /** The catalog the answer the export was asked from was made on, when known (an Export button). */
  readonly answerVersion?: string;
}

/** Said in the message and the JSON when the answer was made on other data than the export. */
export function changedNote(meta: ExportMeta): string | undefined {
  if (meta.answerVersion === undefined || meta.answerVersion === meta.dataVersion) return undefined;
  return `The data has changed since that answer (it was made on data version ${meta.answerVersion}); this export is of data version ${meta.dataVersion} and may differ from what was shown.`;
}

/** Cells a spreadsheet would run as a formula. */
const FORMULA = /^[=+\-@\t\r]/;

/** RFC 4180 CSV (comma, CRLF, quotes doubled), UTF-8 with a BOM so spreadsheet tools read it as UTF-8. */
export function toCsv(rows: readonly ExportRow[]): string {
  const data = rows.map((r) => EXPORT_COLUMNS.map((k) => r[k]));
  // papaparse: quotes exactly the cells that need it, and prefixes formula cells (numbers are left
  // alone). Its own default pattern misses a formula cell holding a line break, so ours is given.
  const body = Papa.unparse({ fields: [...EXPORT_COLUMNS], data }, { newline: '\r\n', escapeFormulae: FORMULA, quotes: false, header: true });
  return `\uFEFF${body}\r\n`;
}

export interface ExportJson {
  readonly export: {
    readonly command: string;
    readonly options: Readonly<Record<string, string>>;
    readonly data_version: string;
    readonly answer_data_version: string;
    readonly data_changed: boolean;
    readonly note?: string;
    readonly figures: number;
    readonly columns: readonly string[];
  };
  readonly figures: readonly (ExportRow & { readonly citations: Figure['citations'] })[];
}

export function toJson(figures: readonly Figure[], meta: ExportMeta): ExportJson {
  const note = changedNote(meta);
  return {
    export: {
      command: meta.command,
      options: meta.options,
      data_version: meta.dataVersion,
      answer_data_version: meta.answerVersion ?? meta.dataVersion,
      data_changed: note !== undefined,
      ...(note === undefined ? {} : { note }),
      figures: figures.length,
      columns: EXPORT_COLUMNS,
    },
    figures: figures.map((f) => ({ ...exportRow(f, meta.dataVersion), citations: f.citations })),
  };
}

/** A file to attach: the same shape as the interactions layer's OutgoingFile. */
export interface ExportFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly contentType: string;
  readonly description: string;
}

/** "timeline-us-led-coalition-d196ac8cbd17": safe in a file name, short. */
function baseName(meta: ExportMeta): string {
  const words = Object.entries(meta.options)
    .filter(([k]) => k !== 'page')
    .map(([, v]) => v)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const version = meta.dataVersion.replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
  return [meta.command, words, version].filter((s) => s !== '').join('-');
}

/** The figures an answer shows, as files in the formats asked for. */
export function exportFiles(answer: Answer, meta: ExportMeta, formats: readonly ExportFormat[]): ExportFile[] {
  const figures = figuresOf(answer);
  const base = baseName(meta);
  const what = `${figures.length} figure${figures.length === 1 ? '' : 's'} from /${meta.command}, data version ${meta.dataVersion}`;
  return formats.map((format) =>
    format === 'csv'
      ? {
          name: `${base}.csv`,
          data: new TextEncoder().encode(toCsv(figures.map((f) => exportRow(f, meta.dataVersion)))),
          contentType: 'text/csv; charset=utf-8',
          description: `CSV: ${what}`.slice(0, 1024),
        }
      : {
          name: `${base}.json`,
          data: new TextEncoder().encode(`${JSON.stringify(toJson(figures, meta), null, 2)}\n`),
          contentType: 'application/json',
          description: `JSON: ${what}`.slice(0, 1024),
        },
  );
}

/** Whether an answer shows any figure to export. */
export function hasFigures(answer: Answer): boolean {
  return figuresOf(answer).length > 0;
}
