// Answer model → Discord interaction response. Every string that came from a user or a data file is
// escaped, every length is bounded, and when there is more than fits, the message says how much
// more instead of cutting a figure in half.
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIButtonComponent,
} from 'discord-api-types/v10';
import type { Answer, Figure, Replay, SourceRef } from '../answers/model.ts';
import { encodeCustomId, encodePickId } from '../interactions/custom-id.ts';
import { codeLine, escapeAndTruncate, escapeMarkdown, plain, safeUrl, truncate } from './escape.ts';
import { attribution, citeLine, formatDate, formatNumber, formatValue, placesSuffix, STATUS_NOTE, tableRows, whenPhrase } from './format.ts';
import { LIMITS, embedLength } from './limits.ts';

const COLOUR = 0x5865f2;
const WARN = 0xfaa61a;
const EPHEMERAL = MessageFlags.Ephemeral;

export interface RenderOptions {
  /** Answer a component click by editing the message it sits on. */
  readonly update?: boolean;
  /** Answer with only the user seeing it (errors are always ephemeral). */
  readonly ephemeral?: boolean;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
interface Message {
  content?: string;
  embeds?: APIEmbed[];
  components?: Row[];
  ephemeral?: boolean;
}

export function renderDiscord(answer: Answer, opts: RenderOptions = {}): APIInteractionResponse {
  const m = message(answer);
  const data: APIInteractionResponseCallbackData = {
    allowed_mentions: { parse: [] },
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds ?? [],
    components: m.components ?? [],
  };
  if (opts.update) return { type: InteractionResponseType.UpdateMessage, data };
  if (m.ephemeral || opts.ephemeral) data.flags = EPHEMERAL;
  return { type: InteractionResponseType.ChannelMessageWithSource, data };
}

export function renderChoices(choices: readonly { name: string; value: string }[]): APIInteractionResponse {
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  const seen = new Set<string>();
  for (const c of choices) {
    const name = truncate(plain(c.name), LIMITS.choice);
    if (name === '' || c.value.length > LIMITS.choice || c.value === '' || seen.has(c.value)) continue;
    seen.add(c.value);
    out.push({ name, value: c.value });
    if (out.length === LIMITS.choices) break;
  }
  return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: out } };
}

/** An ephemeral plain message: for errors a transport must report (unknown command, expired button). */
export function renderError(text: string): APIInteractionResponse {
  return renderDiscord({ kind: 'invalid', message: text });
}

function message(a: Answer): Message {
  switch (a.kind) {
    case 'casualties':
      return casualties(a);
    case 'timeline':
      return timeline(a);
    case 'source':
      return source(a);
    case 'facts':
      return facts(a);
    case 'about':
      return about(a);
    case 'cite':
      return cite(a.figures);
    case 'not_found':
      return notFound(a);
    case 'invalid':
      return { content: escapeAndTruncate(a.message, LIMITS.content), ephemeral: true };
    case 'notice':
      return {
        embeds: [
          fitEmbed(
            { title: escapeAndTruncate(a.title, LIMITS.embedTitle), color: COLOUR },
            a.lines.map((l) => escapeAndTruncate(l, 1000)),
            (n) => `…and ${n} more lines`,
          ),
        ],
        ephemeral: a.ephemeral,
      };
  }
}

// ---- figures --------------------------------------------------------------------------------

const esc = escapeAndTruncate;

function link(text: string, url: string | undefined, max: number): string {
  const safe = safeUrl(url);
  // Parentheses would end the link early; encoded they still work.
  const href = safe?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  if (href === undefined || href.length + 8 > max) return esc(text, max);
  return `[${esc(text, max - href.length - 4)}](${href})`;
}

function sourceLine(f: Figure, max: number): string {
  const a = attribution(f);
  if (!a) return '';
  const per = Math.floor(max / 2) - 30;
  const ref = (x: SourceRef): string => `${link(x.title, x.url, per)} (${esc(x.publisher.name, 60)}, ${formatDate(x.published)})`;
  let s = ref(a.original ?? a.nearest);
  if (a.original) s += ` ← reported by ${link(a.nearest.publisher.name, a.nearest.url, per)}, ${formatDate(a.nearest.published)}`;
  return truncateLines([s], max);
}

function sourceRefLine(x: SourceRef, max: number): string {
  return truncateLines([`${link(x.title, x.url, max - 80)} (${esc(x.publisher.name, 60)}, ${formatDate(x.published)})`], max);
}

function statusLine(f: Figure): string | undefined {
  const note = STATUS_NOTE[f.status];
  return note === undefined ? undefined : `⚠️ ${note[0]!.toUpperCase()}${note.slice(1)}`;
}

/** "CJTF\-OIR assesses **at least 1,370** civilians killed" */
function headlineMd(f: Figure, max = 300): string {
  return `${esc(f.claimant.short, 100)} ${esc(f.verb, 40)} **${formatValue(f.value, f.qualifier)}** ${esc(f.unit, 60)}`.slice(0, max);
}

/** A figure as a field value: the most important lines first, whole lines dropped (never cut) to fit. */
function figureBlock(f: Figure, extra: readonly string[] = [], max: number = LIMITS.fieldValue): string {
  const lines = [headlineMd(f)];
  const status = statusLine(f);
  if (status) lines.push(status);
  const when = whenPhrase(f);
  if (when) lines.push(escapeMarkdown(when));
  const src = sourceLine(f, 480);
  if (src !== '') lines.push(`Source: ${src}`);
  if (f.citations.length > 1) lines.push(`+${f.citations.length - 1} more source${f.citations.length > 2 ? 's' : ''}`);
  lines.push(...extra);
  return truncateLines(lines, max);
}

/** Joins lines, dropping whole trailing lines that do not fit; the first line is shortened if it must. */
function truncateLines(lines: readonly string[], max: number): string {
  let out = '';
  for (const l of lines) {
    const next = out === '' ? l : `${out}\n${l}`;
    if (next.length > max) {
      if (out === '') return safeCut(l, max);
      break;
    }
    out = next;
  }
  return out;
}

/** Shortens already-escaped markdown without leaving a dangling escape, link or bold marker. */
function safeCut(md: string, max: number): string {
  let t = truncate(md, max);
  const body = t.slice(0, -1);
  const m = /\\+$/.exec(body);
  if (m && m[0].length % 2 === 1) t = `${body.slice(0, -1)}…`;
  if ((t.match(/\*\*/g)?.length ?? 0) % 2 === 1) t = `${t.slice(0, -1).replace(/\*\*(?!.*\*\*)/s, '')}…`;
  return t;
}

/**
 * Adds fields (or description lines) while the embed stays within every limit, and says how many
 * did not fit. `lines` go to the description; fields are added after it.
 */
function fitEmbed(
  base: APIEmbed,
  lines: readonly string[],
  more: (n: number) => string,
  fields: readonly APIEmbedField[] = [],
  budget: number = LIMITS.embedsTotal,
): APIEmbed {
  const reserve = more(99_999).length + 3 + (base.footer?.text.length ?? 0);
  const e: APIEmbed = { ...base };
  let desc = base.description ?? '';
  let omittedLines = 0;
  for (const l of lines) {
    const next = desc === '' ? l : `${desc}\n${l}`;
    if (omittedLines > 0 || next.length > LIMITS.embedDescription - reserve || embedLength({ ...e, description: next }) > budget - reserve) omittedLines++;
    else desc = next;
  }
  if (desc !== '') e.description = desc;
  const kept: APIEmbedField[] = [];
  let omittedFields = 0;
  for (const f of fields) {
    const trial = { ...e, fields: [...kept, f] };
    if (omittedFields > 0 || kept.length >= LIMITS.embedFields || embedLength(trial) > budget - reserve) omittedFields++;
    else kept.push(f);
  }
  if (kept.length > 0) e.fields = kept;
  const omitted = omittedLines + omittedFields;
  if (omitted > 0) {
    const text = base.footer ? `${more(omitted)} · ${base.footer.text}` : more(omitted);
    e.footer = { text: truncate(text, LIMITS.footer) };
  }
  return e;
}

// ---- components -----------------------------------------------------------------------------

function linkButtons(figures: readonly Figure[], max: number): APIButtonComponent[] {
  const out: APIButtonComponent[] = [];
  const seen = new Set<string>();
  for (const f of figures) {
    for (const s of f.citations[0]?.chain ?? []) {
      const url = safeUrl(s.url);
      if (url === undefined || seen.has(url)) continue;
      seen.add(url);
      const label = truncate(plain(`${s.publisher.name}, ${formatDate(s.published)}`), LIMITS.buttonLabel) || 'Source';
      out.push({ type: ComponentType.Button, style: ButtonStyle.Link, url, label });
      break;
    }
    if (out.length >= max) break;
  }
  return out;
}

function button(label: string, customId: string | undefined, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent | undefined {
  if (customId === undefined) return undefined;
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(plain(label), LIMITS.buttonLabel) };
}

function rows(...groups: (APIButtonComponent | undefined)[][]): Row[] {
  const out: Row[] = [];
  for (const g of groups) {
    const buttons = g.filter((b): b is APIButtonComponent => b !== undefined);
    for (let i = 0; i < buttons.length && out.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
      out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
    }
  }
  return out;
}

function pager(replay: Replay, page: number, pages: number): (APIButtonComponent | undefined)[] {
  if (pages <= 1) return [];
  const go = (p: number): string | undefined => encodeCustomId('more', { command: replay.command, options: { ...replay.options, page: String(p) } });
  const prev = page > 1 ? button(`◀ Page ${page - 1}`, go(page - 1)) : undefined;
  const next = page < pages ? button(`Page ${page + 1} ▶`, go(page + 1)) : undefined;
  return [prev, next];
}

// ---- answers --------------------------------------------------------------------------------

function casualties(a: Extract<Answer, { kind: 'casualties' }>): Message {
  const where = a.place ? ` in ${a.place.name}` : '';
  const when = a.asOf ? ` up to ${formatDate(a.asOf)}` : '';
  const fields = a.sides.map((s) => ({
    name: truncate(plain(`${s.claimant.name} — ${s.latest.metricLabel}${placesSuffix(s.latest)}`), LIMITS.fieldName),
    value: figureBlock(s.latest, [
      s.earlier > 0 ? `${s.earlier} earlier figure${s.earlier === 1 ? '' : 's'} from ${esc(s.claimant.name, 80)} (see /timeline)` : 'No earlier figures.',
    ]),
  }));
  const intro = ['Each claimant’s latest figure, side by side. Figures from different claimants are never merged.'];
  if (a.note) intro.push(esc(a.note, 500));
  const embed = fitEmbed(
    {
      title: esc(`Civilian deaths attributed to ${a.subject.name}${where}${when}`, LIMITS.embedTitle),
      color: a.sides.some((s) => s.latest.status !== 'current') ? WARN : COLOUR,
    },
    intro,
    (n) => `…and ${n} more claimant${n === 1 ? '' : 's'} not shown`,
    fields,
  );
  const shown = embed.fields?.length ?? 0;
  const figures = a.sides.slice(0, shown).map((s) => s.latest);
  return {
    embeds: [embed],
    components: rows(linkButtons(figures, 5), [
      button('Cite these figures', encodeCustomId('cite', a.replay), ButtonStyle.Primary),
      button('Timeline', encodeCustomId('run', { command: 'timeline', options: { subject: a.subject.id } })),
    ]),
  };
}

/**
 * Splits `budget` between tables that need `needs`: a table that needs less than an equal share
 * gets what it needs, and what it leaves goes to the longer ones, so a long series is not cut
 * while the short ones beside it leave most of the message empty.
 */
export function shareBudget(needs: readonly number[], budget: number): number[] {
  const rooms = needs.map(() => 0);
  let left = Math.max(0, budget);
  const order = needs.map((_, i) => i).sort((a, b) => needs[a]! - needs[b]! || a - b);
  order.forEach((i, k) => {
    const give = Math.min(needs[i]!, Math.floor(left / (order.length - k)));
    rooms[i] = give;
    left -= give;
  });
  return rooms;
}


function timeline(a: Extract<Answer, { kind: 'timeline' }>): Message {
  const title = esc(`${a.metric.label[0]!.toUpperCase()}${a.metric.label.slice(1)}: ${a.subject.name}`, LIMITS.embedTitle);
  const legend = 'Value as stated: ≥ at least, > more than, ≤ as many as, ~ about; ? unconfirmed, ! disputed. Columns: date the figure speaks for, value, published.';
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedsTotal - title.length - 200) - legend.length - 10;
  const shownSeries = a.series.slice(0, 8);
  const tables = shownSeries.map((s) => {
    const heading = `**${esc(s.claimant.name, 80)}**${s.series ? ` · ${esc(s.series, 60)}` : ''}`;
    const all = tableRows(s.rows).map(codeLine);
    return { heading, all, need: heading.length + 60 + all.reduce((n, r) => n + r.length + 1, 0) };
  });
  const rooms = shareBudget(tables.map((t) => t.need), budget);
  const parts: string[] = [];
  let omittedRows = 0;
  for (const [k, { heading, all }] of tables.entries()) {
    const kept: string[] = [];
    const room = rooms[k]! - heading.length - 60;
    let used = 0;
    for (let i = all.length - 1; i >= 0; i--) {
      const r = all[i]!;
      if (used + r.length + 1 > room) break;
      kept.unshift(r);
      used += r.length + 1;
    }
    const missing = all.length - kept.length;
    omittedRows += missing;
    const note = missing > 0 ? `\n${missing} earlier row${missing === 1 ? '' : 's'} not shown` : '';
    parts.push(`${heading}\n\`\`\`\n${kept.join('\n')}\n\`\`\`${note}`);
  }
  const moreSeries = a.series.length - shownSeries.length;
  if (moreSeries > 0) parts.push(`…and ${moreSeries} more series not shown`);
  parts.push(legend);
  const others = a.otherMetrics.slice(0, 5);
  const rowsOut = rows(
    others.map((m) =>
      button(
        `${m.replace(/_/g, ' ')}`,
        encodeCustomId('run', { command: 'timeline', options: { subject: a.subject.id, metric: m } }),
      ),
    ),
    [button('Cite these figures', encodeCustomId('cite', a.replay), ButtonStyle.Primary)],
  );
  return {
    embeds: [
      {
        title,
        color: COLOUR,
        description: truncateLines(parts, LIMITS.embedDescription),
        ...(omittedRows > 0 ? { footer: { text: `${omittedRows} earlier figures not shown: ask /fact with a number or date to find one` } } : {}),
      },
    ],
    components: rowsOut,
  };
}

function figureField(f: Figure, extra: readonly string[] = []): APIEmbedField {
  const place = f.places.length > 0 ? ` · ${f.places.map((p) => p.name).join(', ')}` : '';
  return {
    name: truncate(plain(`${f.subject.name} — ${f.metricLabel}${place}`), LIMITS.fieldName),
    value: figureBlock(f, extra),
  };
}

function source(a: Extract<Answer, { kind: 'source' }>): Message {
  const t = a.target;
  const lines: string[] = [];
  let title: string;
  let url: string | undefined;
  if (t.type === 'entity') {
    title = t.entity.name;
    url = safeUrl(t.url);
    lines.push(`*${esc(t.entity.kind, 40)}* — ${esc(t.description, 600)}`);
    if (t.aliases.length > 0) lines.push(`Also known as: ${esc(t.aliases.slice(0, 10).join(', '), 400)}`);
  } else {
    title = t.source.title;
    url = safeUrl(t.source.url);
    lines.push(`*${esc(t.source.kind.replace(/_/g, ' '), 40)}* by ${esc(t.source.publisher.name, 100)}, published ${formatDate(t.source.published)} (${esc(t.language, 20)})`);
    if (t.via) lines.push(`Relays: ${sourceRefLine(t.via, 400)}`);
    if (t.notes) lines.push(`Notes: ${esc(t.notes, 1000)}`);
  }
  lines.push(a.total === 0 ? 'No figures cite it.' : `${a.total} figure${a.total === 1 ? '' : 's'} cite it, newest first${a.paging.pages > 1 ? ` (page ${a.paging.page} of ${a.paging.pages})` : ''}:`);
  const embed = fitEmbed(
    { title: esc(title, LIMITS.embedTitle), color: COLOUR, ...(url ? { url } : {}) },
    lines,
    (n) => `…and ${n} more not shown on this page`,
    a.figures.map((f) => figureField(f)),
  );
  return {
    embeds: [embed],
    components: rows(pager(a.replay, a.paging.page, a.paging.pages), linkButtons(a.figures, 5), [
      a.figures.length > 0 ? button('Cite these figures', encodeCustomId('cite', pageReplay(a.replay, a.paging.page)), ButtonStyle.Primary) : undefined,
    ]),
  };
}

function pageReplay(r: Replay, page: number): Replay {
  return page <= 1 ? r : { command: r.command, options: { ...r.options, page: String(page) } };
}

function facts(a: Extract<Answer, { kind: 'facts' }>): Message {
  const head = `${a.total} ${a.total === 1 ? 'figure matches' : 'figures match'} “${esc(a.query, 120)}”${a.paging.pages > 1 ? ` (page ${a.paging.page} of ${a.paging.pages})` : ''}. Each is its claimant’s own; see /timeline for a series.`;
  const embed = fitEmbed(
    { title: esc(`Figures: ${a.query}`, LIMITS.embedTitle), color: COLOUR },
    [head],
    (n) => `…and ${n} more not shown on this page`,
    a.results.map((r) => figureField(r.figure, r.earlier > 0 ? [`${r.earlier} earlier figure${r.earlier === 1 ? '' : 's'} in this series`] : [])),
  );
  return {
    embeds: [embed],
    components: rows(pager(a.replay, a.paging.page, a.paging.pages), linkButtons(a.results.map((r) => r.figure), 5), [
      button('Cite these figures', encodeCustomId('cite', pageReplay(a.replay, a.paging.page)), ButtonStyle.Primary),
    ]),
  };
}

function about(a: Extract<Answer, { kind: 'about' }>): Message {
  const c = a.counts;
  const lines = [
    `I know **${formatNumber(c.facts)}** figures from **${formatNumber(c.claimants)}** claimants, citing **${formatNumber(c.sources)}** sources, about **${formatNumber(c.entities)}** named actors, places and outlets.`,
    a.newest ? `Newest figure: ${formatDate(a.newest.date ?? '')} — ${headlineMd(a.newest, 400)}.` : 'No figures loaded.',
    `Dataset version \`${codeLine(a.version)}\`${c.files > 0 ? ` (${c.files} file${c.files === 1 ? '' : 's'})` : ''}.`,
    '',
    '**How to cite**: name the claimant, the qualifier and the period, never just the number; the figures of different claimants are never merged. Press *Cite these figures* under an answer for lines you can paste.',
    '',
    '**Commands**: /casualties, /timeline, /source, /fact (a number such as 13,159 finds that figure), /about.',
  ];
  const fields = a.byMetric.length > 0 ? [{ name: 'Figures by metric', value: truncateLines(a.byMetric.map((m) => `${esc(m.label, 80)}: ${formatNumber(m.count)}`), LIMITS.fieldValue) }] : [];
  return { embeds: [fitEmbed({ title: 'About this bot', color: COLOUR }, lines, (n) => `…and ${n} more lines`, fields)] };
}

function cite(figures: readonly Figure[]): Message {
  const lines = figures.map((f) => codeLine(citeLine(f)));
  let body = '';
  let shown = 0;
  const reserve = 60;
  for (const l of lines) {
    const next = body === '' ? l : `${body}\n${l}`;
    if (next.length + 8 > LIMITS.content - reserve) break;
    body = next;
    shown++;
  }
  if (shown === 0 && lines[0] !== undefined) {
    body = truncate(lines[0], LIMITS.content - reserve - 8);
    shown = 1;
  }
  const more = figures.length - shown;
  const content = figures.length === 0 ? 'No figures to cite.' : `\`\`\`\n${body}\n\`\`\`${more > 0 ? `…and ${more} more figure${more === 1 ? '' : 's'} not shown` : ''}`;
  return { content, ephemeral: true };
}

function notFound(a: Extract<Answer, { kind: 'not_found' }>): Message {
  const sugg = a.suggestions.slice(0, LIMITS.selectOptions);
  const pickId = a.pick ? encodePickId(a.pick.command, a.pick.option, a.pick.rest) : undefined;
  const usable = sugg.filter((s) => s.value.length <= LIMITS.selectOption && s.value !== '');
  let content = esc(a.message, 1000);
  if (sugg.length > 0) {
    content += `\nDid you mean: ${sugg.slice(0, 5).map((s) => esc(s.label, 80)).join(', ')}?`;
  }
  const components: Row[] = [];
  if (pickId !== undefined && usable.length > 0) {
    const seen = new Set<string>();
    const options = usable
      .filter((s) => (seen.has(s.value) ? false : (seen.add(s.value), true)))
      .map((s) => ({
        label: truncate(plain(s.label), LIMITS.selectOption) || s.value.slice(0, LIMITS.selectOption),
        value: s.value,
        ...(s.detail ? { description: truncate(plain(s.detail), LIMITS.selectOption) } : {}),
      }));
    components.push({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.StringSelect, custom_id: pickId, placeholder: 'Did you mean…', options }],
    });
  }
  return { content: truncate(content, LIMITS.content), components, ephemeral: true };
}
