// Answer model → layout: the one place where an answer's sentences are written. Every renderer
// (Discord, terminal text) draws a layout, and the cite text draws the figures it names, so a
// sentence exists once and a new answer kind fails the type check here until it is laid out.
// Parts keep our own wording, data text and links apart, so each renderer escapes by context.
import { figuresOf } from '../answers/cite.ts';
import { assertNever, type Answer, type Figure, type Paging, type ReplayOptions, type SourceRef, type Suggestion } from '../answers/model.ts';
import { attribution, figureDate, formatDate, formatNumber, formatValue, PERIOD_NOTE, placesSuffix, STATUS_NOTE, tableRows, whenPhrase } from './format.ts';

export type Style = 'strong' | 'em' | 'code';

export type Part =
  /** Our own wording, written without markdown characters: drawn as is. */
  | { readonly t: 'text'; readonly text: string; readonly style?: Style }
  /** Text from a data file or a user: escaped wherever markdown applies, cut to `max`. */
  | { readonly t: 'data'; readonly text: string; readonly max: number; readonly style?: Style }
  /** A linked text: a masked link in Discord, the text and then the address in a terminal. */
  | { readonly t: 'link'; readonly text: string; readonly url: string | undefined; readonly max: number }
  /** A date, formatted the same everywhere: "undated", or "≈ Feb 2020" when it was worked out. */
  | { readonly t: 'date'; readonly date: string; readonly inferred?: boolean };

export interface Line {
  readonly parts: readonly Part[];
  /** Drawn length limit for the whole line (Discord); whole parts are never cut mid-escape. */
  readonly max?: number;
}

export interface Section {
  /** Plain text (an embed field name): never markdown. */
  readonly heading: string;
  readonly lines: readonly Line[];
  /** The figure the section shows, if it shows one: its source gets a link button when it fits. */
  readonly figure?: Figure;
}

export type Action =
  /** Runs a command again with these options (`command` absent: the command that answered). */
  | { readonly t: 'replay'; readonly verb: 'run' | 'more' | 'cite' | 'export'; readonly command?: string; readonly options: ReplayOptions; readonly label: string; readonly primary?: boolean }
  /** Link buttons to the sources of these figures ('shown': the figures of the sections that fit on screen). */
  | { readonly t: 'sources'; readonly figures: readonly Figure[] | 'shown'; readonly max: number };

export interface Table {
  readonly heading: Line;
  /** Fixed-width rows, oldest first. */
  readonly rows: readonly string[];
}

export type Layout =
  | {
      readonly type: 'card';
      readonly title: Line;
      readonly url?: string;
      readonly tone: 'info' | 'warn';
      readonly lines: readonly Line[];
      readonly sections: readonly Section[];
      /** Said when some lines or sections do not fit. */
      readonly more: (omitted: number) => string;
      readonly actions: readonly (readonly Action[])[];
      /** The figures a Cite block or button quotes. */
      readonly cite: readonly Figure[];
      readonly paging?: Paging;
      readonly ephemeral: boolean;
    }
  | {
      readonly type: 'tables';
      readonly title: Line;
      /** Said before the tables (how a name was read). */
      readonly intro: readonly Line[];
      readonly tables: readonly Table[];
      readonly moreTables: (omitted: number) => string;
      readonly omittedRows: (omitted: number) => string;
      readonly legend: readonly string[];
      readonly otherMetrics: readonly string[];
      readonly actions: readonly (readonly Action[])[];
      readonly cite: readonly Figure[];
    }
  | { readonly type: 'cite'; readonly figures: readonly Figure[] }
  | {
      readonly type: 'ask';
      readonly message: string;
      readonly suggestions: readonly Suggestion[];
      readonly pick?: { readonly option: string; readonly rest: ReplayOptions };
    }
  | { readonly type: 'message'; readonly text: string };

// ---- building blocks ---------------------------------------------------------------------------

export const text = (t: string, style?: Style): Part => (style ? { t: 'text', text: t, style } : { t: 'text', text: t });
export const data = (t: string, max: number, style?: Style): Part => (style ? { t: 'data', text: t, max, style } : { t: 'data', text: t, max });
export const line = (...parts: Part[]): Line => ({ parts });
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** " · likely": the grade as a label of its own, outside the claimant's sentence. */
function gradeParts(f: Figure): Part[] {
  return f.grade === undefined ? [] : [text(' · '), data(f.grade, 40, 'em')];
}

/**
 * "CJTF-OIR assesses **at least 1,370** civilians killed": the claimant's verb and qualifier, the
 * value stressed, the words naming the metric, and the grade as a separate label.
 */
export function headlineLine(f: Figure, max = 300): Line {
  return {
    parts: [data(f.claimant.short, 100), text(' '), data(f.verb, 40), text(' '), text(formatValue(f.value, f.qualifier), 'strong'), text(' '), data(f.unit, 100), ...gradeParts(f)],
    max,
  };
}

const SOURCE_LINE = 480;

const dateOf = (x: SourceRef): Part => ({ t: 'date', date: x.published, ...(x.publishedInferred ? { inferred: true } : {}) });

/** "KUNA" or "attributed to KUNA (unverified: …)": a working assumption is shown as one. */
function publisherParts(x: SourceRef, max: number): Part[] {
  if (x.attributionDoubt === undefined) return [data(x.publisher.name, max)];
  return [text('attributed to '), data(x.publisher.name, max), text(' (unverified: '), data(x.attributionDoubt, 300), text(')')];
}

function refParts(x: SourceRef, per: number): Part[] {
  return [{ t: 'link', text: x.title, url: x.url, max: per }, text(' ('), ...publisherParts(x, 60), text(', '), dateOf(x), text(')')];
}

/** The source we read and, when the relay chain reaches it, the claimant's own publication. */
export function sourceLine(f: Figure): Line | undefined {
  const a = attribution(f);
  if (!a) return undefined;
  const per = Math.floor(SOURCE_LINE / 2) - 30;
  const parts: Part[] = [text('Source: '), ...refParts(a.original ?? a.nearest, per)];
  if (a.original) {
    parts.push(text(' ← reported by '), { t: 'link', text: a.nearest.publisher.name, url: a.nearest.url, max: per });
    if (a.nearest.attributionDoubt !== undefined) parts.push(text(' (attribution unverified: '), data(a.nearest.attributionDoubt, 300), text(')'));
    parts.push(text(', '), dateOf(a.nearest));
  }
  return { parts, max: SOURCE_LINE + 600 + 'Source: '.length };
}

/** A figure as lines, most important first, so a renderer that must drop lines drops the last. */
export function figureLines(f: Figure, extra: readonly Line[] = []): Line[] {
  const lines = [headlineLine(f)];
  const status = STATUS_NOTE[f.status];
  if (status) lines.push(line(text(`⚠️ ${status[0]!.toUpperCase()}${status.slice(1)}`)));
  if (f.draft) lines.push(line(text('⚠️ Draft: proposed from a report by npm run draft, not yet reviewed by a moderator')));
  const when = whenPhrase(f);
  if (when) lines.push(line(data(when, Number.MAX_SAFE_INTEGER)));
  if (f.periodUncertain) lines.push(line(text(`⚠️ ${PERIOD_NOTE}`)));
  const src = sourceLine(f);
  if (src) lines.push(src);
  const more = f.citations.length - 1;
  if (more > 0) lines.push(line(text(`+${more} more source${more > 1 ? 's' : ''}`)));
  lines.push(...extra);
  return lines;
}

function figureSection(f: Figure, extra: readonly Line[] = []): Section {
  const place = f.places.length > 0 ? ` · ${f.places.map((p) => p.name).join(', ')}` : '';
  return { heading: `${f.subject.name} — ${f.metricLabel}${place}`, lines: figureLines(f, extra), figure: f };
}

/** "Iraq and Syria", "Iraq, Syria and Turkey": names for a heading. */
function andList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What a casualties heading says the figures cover: " in Syria" when some count Syria alone; " in
 * Iraq and Syria combined" when a place was asked for and every figure covers it with others.
 */
function casualtiesWhere(a: Extract<Answer, { kind: 'casualties' }>): string {
  if (!a.place) return '';
  if (a.covers && a.covers.length > 0) return ` in ${andList(a.covers.map((p) => p.name))} combined`;
  return ` in ${a.place.name}`;
}

/** The lines that say what a place filter found: that place's own counts first, combined ones apart. */
function coverageLines(a: Extract<Answer, { kind: 'casualties' }>): Line[] {
  const place = a.place;
  if (!place) return [];
  const combined = a.sides.filter((s) => s.coverage === 'combined').length;
  if (combined === 0) return [];
  if (combined === a.sides.length) {
    return [line(text('No figure counts '), data(place.name, 100), text(' alone: each figure here covers it together with other places, as its heading says.'))];
  }
  return [line(text('Figures for '), data(place.name, 100), text(' alone come first; then figures covering it together with other places, marked “combined”.'))];
}

/** " · Iraq and Syria combined": a heading that cannot be read as one country's count. */
function combinedSuffix(f: Figure): string {
  return f.places.length > 0 ? ` · ${andList(f.places.map((p) => p.name))} combined` : '';
}

/** The value of a figure that is not the lead, with its date and doubts: never shown as current. */
function otherFigureParts(f: Figure): Part[] {
  const flags = [f.status === 'unconfirmed' || f.status === 'disputed' ? f.status : undefined, f.draft ? 'draft' : undefined].filter((x) => x !== undefined);
  return [
    text(formatValue(f.value, f.qualifier)),
    ...gradeParts(f),
    text(' ('),
    data(figureDate(f), 40),
    text(flags.length > 0 ? `, ${flags.join(', ')})` : ')'),
  ];
}

/**
 * The family's other figures under a side's lead: "Earlier: …" for older ones, and apart, the newer
 * ones that do not lead because their date is only inferred or missing, or they are unconfirmed.
 */
function otherFigureLines(lead: Figure, others: readonly Figure[]): Line[] {
  const earlier: Figure[] = [];
  const notLeading: Figure[] = [];
  for (const f of others) {
    const older = f.dateCertainty !== 'undated' && (f.date ?? '') <= (lead.date ?? '');
    (older ? earlier : notLeading).push(f);
  }
  const out: Line[] = [];
  const join = (fs: readonly Figure[]): Part[] => fs.flatMap((f, i) => [...(i > 0 ? [text('; ')] : []), ...otherFigureParts(f)]);
  if (notLeading.length > 0) out.push({ parts: [text('Not leading (unconfirmed, or not firmly dated): '), ...join(notLeading)], max: 600 });
  if (earlier.length > 0) out.push({ parts: [text('Earlier: '), ...join(earlier)], max: 600 });
  return out;
}

function pager(options: ReplayOptions, paging: Paging): Action[] {
  const { page, pages } = paging;
  if (pages <= 1) return [];
  const go = (p: number): ReplayOptions => ({ ...options, page: String(p) });
  const out: Action[] = [];
  if (page > 1) out.push({ t: 'replay', verb: 'more', options: go(page - 1), label: `◀ Page ${page - 1}` });
  if (page < pages) out.push({ t: 'replay', verb: 'more', options: go(page + 1), label: `Page ${page + 1} ▶` });
  return out;
}

function onPage(options: ReplayOptions, page: number): ReplayOptions {
  return page <= 1 ? options : { ...options, page: String(page) };
}

const cite = (options: ReplayOptions): Action => ({ t: 'replay', verb: 'cite', options, label: 'Cite these figures', primary: true });
/** The figures shown, as CSV and JSON attachments (the button carries the data version it was made on). */
const exportAction = (options: ReplayOptions): Action => ({ t: 'replay', verb: 'export', options, label: 'Export' });
const countLine = (paging: Paging): string => (paging.pages > 1 ? ` (page ${paging.page} of ${paging.pages})` : '');
const notShownOnPage = (n: number): string => `…and ${n} more not shown on this page`;

// ---- answers -----------------------------------------------------------------------------------

export function layoutOf(a: Answer): Layout {
  switch (a.kind) {
    case 'casualties': {
      const when = a.asOf ? ` up to ${formatDate(a.asOf)}` : '';
      const seeAlso = a.related?.[0];
      const lines = [line(text('Each claimant’s latest figure, side by side. Figures from different claimants are never merged.'))];
      lines.push(...coverageLines(a));
      if (a.note) lines.push(line(data(a.note, 500)));
      if (a.omittedSides) lines.push(line(text(`${plural(a.omittedSides, 'more claimant')}’s figures are not shown here: ask /fact with a claimant’s name for them.`)));
      return {
        type: 'card',
        title: line(data(`Civilian deaths attributed to ${a.subject.name}${casualtiesWhere(a)}${when}`, 256)),
        tone: a.sides.some((s) => s.latest.status !== 'current') ? 'warn' : 'info',
        lines,
        sections: a.sides.map((s) => ({
          heading: `${s.claimant.name} — ${s.family.label}${s.coverage === 'combined' ? combinedSuffix(s.latest) : placesSuffix(s.latest)}`,
          lines: figureLines(s.latest, [
            ...otherFigureLines(s.latest, s.earlierShown),
            s.earlier > s.earlierShown.length
              ? line(text(`${plural(s.earlier, 'other figure')} in all from `), data(s.claimant.name, 80), text(seeAlso ? ` (see /${seeAlso.command})` : ''))
              : s.earlier === 0
                ? line(text('No earlier figures.'))
                : line(),
          ].filter((l) => l.parts.length > 0)),
          figure: s.latest,
        })),
        more: (n) => `…and ${plural(n, 'more claimant')} not shown`,
        actions: [
          [{ t: 'sources', figures: 'shown', max: 5 }],
          [cite(a.replay), exportAction(a.replay), ...(a.related ?? []).map((r): Action => ({ t: 'replay', verb: 'run', command: r.command, options: r.options, label: r.label }))],
        ],
        cite: figuresOf(a),
        ephemeral: false,
      };
    }
    case 'timeline': {
      const label = a.metric.label;
      return {
        type: 'tables',
        title: line(data(`${label[0]!.toUpperCase()}${label.slice(1)}: ${a.subject.name}${a.window ? ` (${a.window})` : ''}`, 256)),
        intro: a.note ? [line(data(a.note, 300))] : [],
        tables: a.series.map((s) => ({
          heading: line(data(s.claimant.name, 80, 'strong'), ...(s.series ? [text(' · '), data(s.series, 60)] : [])),
          rows: tableRows(s.rows),
        })),
        moreTables: (n) => `…and ${n} more series not shown`,
        omittedRows: (n) => `${n} earlier figures not shown: ask /fact with a number or date to find one`,
        legend: [
          'Value as stated: ≥ at least, > more than, ≤ as many as, ~ about; ? unconfirmed, ! disputed.',
          'Columns: date the figure speaks for, value, published; ? after a date: period assumed, not stated; ≈ worked out, not printed.',
        ],
        otherMetrics: a.otherMetrics.map((m) => m.replace(/_/g, ' ')),
        actions: [
          a.otherMetrics.slice(0, 5).map((m): Action => ({ t: 'replay', verb: 'run', options: { subject: a.subject.id, metric: m }, label: m.replace(/_/g, ' ') })),
          [cite(a.replay), exportAction(a.replay)],
        ],
        cite: figuresOf(a),
      };
    }
    case 'source': {
      const t = a.target;
      const lines: Line[] = a.note ? [line(data(a.note, 300))] : [];
      let title: string;
      let url: string | undefined;
      if (t.type === 'entity') {
        title = t.entity.name;
        url = t.url;
        lines.push(line(data(t.entity.kind, 40, 'em'), text(' — '), data(t.description, 600)));
        if (t.aliases.length > 0) lines.push(line(text('Also known as: '), data(t.aliases.slice(0, 10).join(', '), 400)));
      } else {
        title = t.source.title;
        url = t.source.url;
        lines.push(
          line(
            data(t.source.kind.replace(/_/g, ' '), 40, 'em'),
            text(' by '),
            data(t.source.publisher.name, 100),
            text(', published '),
            { t: 'date', date: t.source.published },
            text(' ('),
            data(t.language, 20),
            text(')'),
          ),
        );
        if (t.via) lines.push({ parts: [text('Relays: '), ...refParts(t.via, 320)], max: 400 + 'Relays: '.length });
        if (t.notes) lines.push(line(text('Notes: '), data(t.notes, 1000)));
      }
      lines.push(line(text(a.total === 0 ? 'No figures cite it.' : `${plural(a.total, 'figure')} cite it, newest first${a.window ? ` (${a.window})` : ''}${countLine(a.paging)}:`)));
      return {
        type: 'card',
        title: line(data(title, 256)),
        ...(url === undefined ? {} : { url }),
        tone: 'info',
        lines,
        sections: a.figures.map((f) => figureSection(f)),
        more: notShownOnPage,
        actions: [pager(a.replay, a.paging), [{ t: 'sources', figures: a.figures, max: 5 }], a.figures.length > 0 ? [cite(onPage(a.replay, a.paging.page)), exportAction(onPage(a.replay, a.paging.page))] : []],
        cite: figuresOf(a),
        paging: a.paging,
        ephemeral: false,
      };
    }
    case 'facts':
      return {
        type: 'card',
        title: line(data(`Figures: ${a.query}`, 256)),
        tone: 'info',
        lines: [
          ...(a.lines ?? []).map((l) => line(data(l, 400))),
          line(
            text(`${a.total} ${a.total === 1 ? 'figure matches' : 'figures match'} “`),
            data(a.query, 120),
            text(`”${countLine(a.paging)}. Each is its claimant’s own; see /timeline for a series.`),
          ),
        ],
        sections: a.results.map((r) => figureSection(r.figure, r.earlier > 0 ? [line(text(`${plural(r.earlier, 'earlier figure')} in this series`))] : [])),
        more: notShownOnPage,
        actions: [pager(a.replay, a.paging), [{ t: 'sources', figures: a.results.map((r) => r.figure), max: 5 }], [cite(onPage(a.replay, a.paging.page)), exportAction(onPage(a.replay, a.paging.page))]],
        cite: figuresOf(a),
        paging: a.paging,
        ephemeral: false,
      };
    case 'about': {
      const c = a.counts;
      const n = (x: number): Part => text(formatNumber(x), 'strong');
      const lines: Line[] = [
        line(text('I know '), n(c.facts), text(' figures from '), n(c.claimants), text(' claimants, citing '), n(c.sources), text(' sources, about '), n(c.entities), text(' named actors, places and outlets.')),
        a.newest ? line(text('Newest figure: '), { t: 'date', date: a.newest.date ?? '' }, text(' — '), ...headlineLine(a.newest, 400).parts, text('.')) : line(text('No figures loaded.')),
        line(text('Dataset version '), data(a.version, 100, 'code'), text(c.files > 0 ? ` (${plural(c.files, 'file')})` : ''), text('.')),
        line(),
        line(
          text('How to cite', 'strong'),
          text(': name the claimant, the qualifier and the period, never just the number; the figures of different claimants are never merged. Press '),
          text('Cite these figures', 'em'),
          text(' under an answer for lines you can paste.'),
        ),
        line(),
        line(text('Commands', 'strong'), text(`: ${a.commands.map((x) => `/${x.name}${x.hint ? ` (${x.hint})` : ''}`).join(', ')}.`)),
      ];
      const sections: Section[] =
        a.byMetric.length > 0 ? [{ heading: 'Figures by metric', lines: a.byMetric.map((m) => line(data(m.label, 80), text(`: ${formatNumber(m.count)}`))) }] : [];
      return { type: 'card', title: line(text('About this bot')), tone: 'info', lines, sections, more: (k) => `…and ${k} more lines`, actions: [], cite: figuresOf(a), ephemeral: false };
    }
    case 'cite':
      return { type: 'cite', figures: a.figures };
    case 'not_found':
      return { type: 'ask', message: a.message, suggestions: a.suggestions, ...(a.pick ? { pick: a.pick } : {}) };
    case 'invalid':
      return { type: 'message', text: a.message };
    case 'notice':
      return {
        type: 'card',
        title: line(data(a.title, 256)),
        tone: 'info',
        lines: a.lines.map((l) => line(data(l, 1000))),
        sections: [],
        more: (k) => `…and ${k} more lines`,
        actions: [],
        cite: [],
        ephemeral: a.ephemeral,
      };
    default:
      return assertNever(a);
  }
}
