// Layout → Discord interaction response. Each part is drawn for its context: data text is escaped
// where Discord reads markdown, plain where it does not (field names, labels); every length is
// bounded; and when there is more than fits, the message says how much more instead of cutting a
// figure in half.
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
import { assertNever, type Answer, type Figure, type ReplayOptions } from '../answers/model.ts';
import { encodeCustomId, encodePickId, type Stash } from './custom-id.ts';
import { codeLine, escapeAndTruncate, maskSafe, maskText, plain, plainPart, safeUrl, truncate } from './escape.ts';
import { citeLine, formatDate, formatDoubtfulDate } from './format.ts';
import { layoutOf, type Action, type Layout, type Line, type Part, type Style } from './layout.ts';
import { LIMITS, embedLength } from './limits.ts';

const COLOUR = 0x5865f2;
const WARN = 0xfaa61a;
const EPHEMERAL = MessageFlags.Ephemeral;

export interface RenderOptions {
  /** The command that answered: buttons without a command of their own run it again. */
  readonly command: string;
  /** Keeps a custom_id that does not fit server-side; without it such a button is left out. */
  readonly stash?: Stash;
  /** Answer a component click by editing the message it sits on. */
  readonly update?: boolean;
  /** Answer with only the user seeing it (errors are always ephemeral). */
  readonly ephemeral?: boolean;
  /** The data version the answer was made on: the Export button carries it, so its export can say when the data changed since. */
  readonly version?: string;
  /** On a private answer: a "Post in channel" button replaying it (`post`) or its Cite block (`postcite`) for everyone. */
  readonly post?: { readonly verb: 'post' | 'postcite'; readonly options: ReplayOptions };
  /** Posted for everyone on purpose ("Post in channel"): even a layout that is private by default (Cite). */
  readonly public?: boolean;
  /** A public answer gets a Delete button (its asker and moderators may remove it; the dispatcher checks). */
  readonly removable?: boolean;
}

/** The custom_id parameter an Export button carries the answer's data version in (not a command option). */
export const VERSION_PARAM = '_v';

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
interface Message {
  content?: string;
  embeds?: APIEmbed[];
  components?: Row[];
  ephemeral?: boolean;
}

export function renderDiscord(answer: Answer, opts: RenderOptions): APIInteractionResponse {
  return drawDiscord(layoutOf(answer), opts);
}

export function drawDiscord(layout: Layout, opts: RenderOptions): APIInteractionResponse {
  const m = message(layout, opts);
  if (opts.post && !opts.update && (m.ephemeral || opts.ephemeral)) {
    const b = button('Post in channel', encodeCustomId(opts.post.verb, opts.command, opts.post.options, opts.stash));
    if (b && (m.components?.length ?? 0) < LIMITS.actionRows) m.components = [...(m.components ?? []), { type: ComponentType.ActionRow, components: [b] }];
  }
  if (opts.removable && !m.ephemeral && !opts.ephemeral) m.components = withButton(m.components ?? [], button('Delete', encodeCustomId('remove', opts.command, {}), ButtonStyle.Danger));
  const data: APIInteractionResponseCallbackData = {
    allowed_mentions: { parse: [] },
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds ?? [],
    components: m.components ?? [],
  };
  if (opts.update) return { type: InteractionResponseType.UpdateMessage, data };
  if ((m.ephemeral && !opts.public) || opts.ephemeral) data.flags = EPHEMERAL;
  return { type: InteractionResponseType.ChannelMessageWithSource, data };
}

const MENTION_LIKE = /@(?:everyone|here)|<[@#]/;

export function renderChoices(choices: readonly { name: string; value: string }[]): APIInteractionResponse {
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  const seen = new Set<string>();
  for (const c of choices) {
    const name = truncate(plain(c.name), LIMITS.choice);
    // A value is sent back, never shown; one that reads as a mention (a question typed with
    // "@everyone" in it, offered back as asked) is left out all the same.
    if (name === '' || c.value.length > LIMITS.choice || c.value === '' || seen.has(c.value) || MENTION_LIKE.test(c.value)) continue;
    seen.add(c.value);
    out.push({ name, value: c.value });
    if (out.length === LIMITS.choices) break;
  }
  return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: out } };
}

/**
 * A message with files (an export): `text` is our own words, escaped; the attachments are named in
 * `attachments` by their index, with their alt text, as Discord's multipart upload expects.
 */
export function renderWithFiles(
  text: string,
  files: readonly { readonly name: string; readonly description?: string }[],
  opts: { readonly ephemeral?: boolean; readonly post?: RenderOptions['post']; readonly command: string; readonly stash?: Stash },
): APIInteractionResponse {
  const data: APIInteractionResponseCallbackData = {
    allowed_mentions: { parse: [] },
    content: escapeAndTruncate(text, LIMITS.content),
    attachments: files.map((f, i) => ({ id: String(i), filename: f.name, ...(f.description ? { description: f.description } : {}) })),
  };
  const post = opts.ephemeral && opts.post ? button('Post in channel', encodeCustomId(opts.post.verb, opts.command, opts.post.options, opts.stash)) : undefined;
  if (post) data.components = [{ type: ComponentType.ActionRow, components: [post] }];
  if (opts.ephemeral) data.flags = EPHEMERAL;
  return { type: InteractionResponseType.ChannelMessageWithSource, data };
}

/** An ephemeral plain message: for errors a transport must report (unknown command, expired button). */
export function renderError(text: string): APIInteractionResponse {
  return drawDiscord({ type: 'message', text }, { command: '' });
}

function message(l: Layout, opts: RenderOptions): Message {
  switch (l.type) {
    case 'card':
      return card(l, opts);
    case 'tables':
      return tables(l, opts);
    case 'cite':
      return cite(l.figures);
    case 'ask':
      return ask(l, opts);
    case 'message':
      return { content: escapeAndTruncate(l.text, LIMITS.content), ephemeral: true };
    default:
      return assertNever(l);
  }
}

// ---- parts and lines ------------------------------------------------------------------------

const esc = escapeAndTruncate;
const ELLIPSIS = '…';

function styled(md: string, style: Style | undefined, raw: string): string {
  switch (style) {
    case undefined:
      return md;
    case 'strong':
      return `**${md}**`;
    case 'em':
      return `*${md}*`;
    case 'code':
      return `\`${codeLine(raw)}\``;
    default:
      return assertNever(style);
  }
}

/** Room the markers of a style take. */
function styleCost(style: Style | undefined): number {
  return style === undefined ? 0 : style === 'em' || style === 'code' ? 2 : 4;
}

/**
 * A link in a markdown body. A masked link's text is shown as written, backslashes and all
 * (discord/discord-api-docs#6185), so only a text that needs no escape goes in the mask; any other
 * is shown as escaped text followed by the bare address, never altered to fit.
 */
function link(text: string, url: string | undefined, max: number, atLineStart: boolean): string {
  const safe = safeUrl(url);
  // Parentheses would end the link early; encoded they still work.
  const href = safe?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  if (href === undefined || href.length + 8 > max) return esc(text, max, atLineStart);
  if (maskSafe(text)) return `[${truncate(maskText(text), max - href.length - 4)}](${href})`;
  return `${esc(text, max - href.length - 1, atLineStart)} ${href}`;
}

/** A part where Discord reads markdown (descriptions, field values, content); `max` caps what it may take. */
function mdPart(p: Part, atLineStart: boolean, max = Number.MAX_SAFE_INTEGER): string {
  switch (p.t) {
    case 'text':
    case 'data': {
      if (p.style === 'code') return styled('', 'code', p.text);
      const room = Math.min(p.t === 'data' ? p.max : Number.MAX_SAFE_INTEGER, max - styleCost(p.style));
      const inner = room < 2 ? '' : p.t === 'text' ? ownWords(p.text, room, atLineStart) : esc(p.text, room, atLineStart);
      // Empty markers would show as stars.
      return inner === '' ? '' : styled(inner, p.style, p.text);
    }
    case 'link':
      return link(p.text, p.url, Math.min(p.max, max), atLineStart);
    case 'date':
      return ownWords(formatDoubtfulDate(p.date, p.inferred), max, atLineStart);
    default:
      return assertNever(p);
  }
}

/** Our own wording needs no escape, but a line-start marker or a cut still might. */
function ownWords(t: string, max: number, atLineStart: boolean): string {
  return t.length <= max && !(atLineStart && /^[ \t]*(?:[#>+-]|\d+[.)])/.test(t)) ? t : esc(t, max, atLineStart);
}

/**
 * A line in a markdown body, within `max` (and its own limit): parts are drawn whole while they fit;
 * the first that does not is drawn as much as fits, and the line ends in "…", so a cut never falls
 * inside an escape, a bold marker or a link.
 */
function md(l: Line, max: number = Number.MAX_SAFE_INTEGER): string {
  const limit = Math.min(max, l.max ?? Number.MAX_SAFE_INTEGER);
  let out = '';
  // A part starts a line when only spaces stand before it on its line: "> " there is a quote.
  const atLineStart = (): boolean => endsAtLineStart(out);
  for (const p of l.parts) {
    const whole = mdPart(p, atLineStart());
    if (out.length + whole.length <= limit) {
      out += whole;
      continue;
    }
    // Keep one character for the ellipsis; a link that does not fit is shown as its text.
    const room = limit - out.length - 1;
    if (room >= 2) {
      const cut = mdPart(p.t === 'link' ? { t: 'data', text: p.text, max: p.max } : p, atLineStart(), room);
      if (cut.length <= room) out += cut;
    }
    if (!/…\**$/.test(out)) out += ELLIPSIS;
    break;
  }
  return out;
}

/** Whether only spaces and tabs follow the last line break (or the start): read from the end, as lines grow long. */
export function endsAtLineStart(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\t')) i--;
  return i < 0 || s[i] === '\n';
}

/** A line where Discord shows text as is (embed titles): no markdown, so nothing escaped. */
function plainLine(l: Line, max: number): string {
  const s = l.parts
    .map((p) => {
      switch (p.t) {
        case 'text':
          return plainPart(p.text);
        case 'data':
          return truncate(plainPart(p.text), p.max);
        case 'link':
          return truncate(plainPart(p.text), p.max);
        case 'date':
          return formatDoubtfulDate(p.date, p.inferred);
        default:
          return assertNever(p);
      }
    })
    .join('')
    .trim();
  return truncate(s, max);
}

function block(lines: readonly Line[], max: number = LIMITS.fieldValue): string {
  return truncateLines(
    lines.map((l) => md(l, max)),
    max,
  );
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
      const label = truncate(plain(`${s.publisher.name}, ${formatDoubtfulDate(s.published, s.publishedInferred)}`), LIMITS.buttonLabel) || 'Source';
      out.push({ type: ComponentType.Button, style: ButtonStyle.Link, url, label });
      break;
    }
    if (out.length >= max) break;
  }
  return out;
}

/** One more button: in the last row while it has room, else in a row of its own while there may be one. */
function withButton(rows: Row[], b: APIButtonComponent | undefined): Row[] {
  if (b === undefined) return rows;
  const last = rows.at(-1);
  if (last && last.components.length < LIMITS.buttonsPerRow && last.components.every((c) => c.type === ComponentType.Button)) {
    return [...rows.slice(0, -1), { ...last, components: [...last.components, b] }];
  }
  return rows.length < LIMITS.actionRows ? [...rows, { type: ComponentType.ActionRow, components: [b] }] : rows;
}

/** What a removed answer becomes: Discord's DELETE needs the transport; an update empties the message the button is on. */
export function renderRemoved(text: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.UpdateMessage,
    data: { content: escapeAndTruncate(text, LIMITS.content), embeds: [], components: [], attachments: [], allowed_mentions: { parse: [] } },
  };
}

function button(label: string, customId: string | undefined, style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger = ButtonStyle.Secondary): APIButtonComponent | undefined {
  if (customId === undefined) return undefined;
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(plain(label), LIMITS.buttonLabel) };
}

function actionButtons(group: readonly Action[], shown: readonly Figure[], opts: RenderOptions): (APIButtonComponent | undefined)[] {
  return group.flatMap((a): (APIButtonComponent | undefined)[] => {
    switch (a.t) {
      case 'sources':
        return linkButtons(a.figures === 'shown' ? shown : a.figures, a.max);
      case 'replay': {
        const options = a.verb === 'export' && opts.version !== undefined ? { ...a.options, [VERSION_PARAM]: opts.version } : a.options;
        return [button(a.label, encodeCustomId(a.verb, a.command ?? opts.command, options, opts.stash), a.primary ? ButtonStyle.Primary : ButtonStyle.Secondary)];
      }
      default:
        return assertNever(a);
    }
  });
}

function rows(groups: readonly (APIButtonComponent | undefined)[][]): Row[] {
  const out: Row[] = [];
  for (const g of groups) {
    const buttons = g.filter((b): b is APIButtonComponent => b !== undefined);
    for (let i = 0; i < buttons.length && out.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
      out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
    }
  }
  return out;
}

// ---- layouts --------------------------------------------------------------------------------

function card(l: Extract<Layout, { type: 'card' }>, opts: RenderOptions): Message {
  const url = safeUrl(l.url);
  const fields: APIEmbedField[] = l.sections.map((s) => ({ name: truncate(plain(s.heading), LIMITS.fieldName), value: block(s.lines) }));
  const embed = fitEmbed(
    { title: plainLine(l.title, LIMITS.embedTitle), color: l.tone === 'warn' ? WARN : COLOUR, ...(url ? { url } : {}) },
    l.lines.map((x) => md(x, LIMITS.embedDescription)),
    l.more,
    fields,
  );
  // Link buttons follow what the reader can see: a section that did not fit has no button.
  const shown = l.sections.slice(0, embed.fields?.length ?? 0).flatMap((s) => (s.figure ? [s.figure] : []));
  return {
    embeds: [embed],
    components: rows(l.actions.map((g) => actionButtons(g, shown, opts))),
    ...(l.ephemeral ? { ephemeral: true } : {}),
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


function tables(l: Extract<Layout, { type: 'tables' }>, opts: RenderOptions): Message {
  const title = plainLine(l.title, LIMITS.embedTitle);
  const legend = l.legend.join(' ');
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedsTotal - title.length - 200) - legend.length - 10;
  const shownTables = l.tables.slice(0, 8);
  const drawn = shownTables.map((t) => {
    const heading = md(t.heading, 300);
    const all = t.rows.map(codeLine);
    return { heading, all, need: heading.length + 60 + all.reduce((n, r) => n + r.length + 1, 0) };
  });
  const rooms = shareBudget(drawn.map((t) => t.need), budget);
  const parts: string[] = [];
  let omittedRows = 0;
  for (const [k, { heading, all }] of drawn.entries()) {
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
  const moreTables = l.tables.length - shownTables.length;
  if (moreTables > 0) parts.push(l.moreTables(moreTables));
  parts.unshift(...l.intro.map(md));
  parts.push(legend);
  return {
    embeds: [
      {
        title,
        color: COLOUR,
        description: truncateLines(parts, LIMITS.embedDescription),
        ...(omittedRows > 0 ? { footer: { text: l.omittedRows(omittedRows) } } : {}),
      },
    ],
    components: rows(l.actions.map((g) => actionButtons(g, [], opts))),
  };
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

function ask(l: Extract<Layout, { type: 'ask' }>, opts: RenderOptions): Message {
  const sugg = l.suggestions.slice(0, LIMITS.selectOptions);
  const pickId = l.pick ? encodePickId(opts.command, l.pick.option, l.pick.rest, opts.stash) : undefined;
  const usable = sugg.filter((s) => s.value.length <= LIMITS.selectOption && s.value !== '');
  let content = esc(l.message, 1000);
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
