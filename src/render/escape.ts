// Text from users and from data files goes into messages that Discord renders as markdown in some
// places and shows as is in others, and scans for mentions. allowed_mentions stops pings; each
// context gets its own treatment: in a markdown body, escapes for exactly what the markdown would
// read there; in plain places (titles, field names, footers, labels), no escapes at all, since
// Discord would show every backslash; in a masked link's text, nothing escaped either, so a text
// that would need it is not put in a mask. Truncation never splits a surrogate pair.

const ZWSP = '\u200b';

// What Discord's markdown reads in a message body (descriptions, field values, content), and so
// what must be escaped there; a backslash before punctuation is hidden there, so an escape costs
// the reader nothing. Anywhere in a line: the delimiters of bold, italics, underline, strikethrough,
// spoilers and code, the backslash itself, and the brackets of masked links.
const INLINE = /[\\*_~`|[\]]/g;
// "<" opening a mention, a custom emoji, a timestamp, a command mention or an autolink.
const OPENS_TAG = /<(?=[@#:/!&a-zA-Z])/g;
// The colon of "https://", which Discord would turn into a link.
const SCHEME = /:(?=\/\/)/g;
// At the start of a line only: headings ("#", "-#"), quotes (">"), and list items ("-", "+", "1.").
const LINE_MARKER = /(^|\n)([ \t]*)(?:([#>+-])|(\d+)([.)]))/g;

/**
 * Safe in a markdown body: no formatting, no links, no mentions, and no escape that Discord would
 * show. Only what Discord's markdown reads there is escaped ("US-led" stays as it is); line-start
 * markers are escaped at the start of each line, including the first unless `atLineStart` is false
 * (text continuing a line).
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const inline = breakMentions(stripControls(text).replace(INLINE, (c) => `\\${c}`)).replace(OPENS_TAG, '\\<').replace(SCHEME, '\\:');
  return inline.replace(LINE_MARKER, (m, nl: string, ws: string, mark: string | undefined, digits: string | undefined, dot: string | undefined, offset: number) => {
    if (offset === 0 && nl === '' && !atLineStart) return m;
    return mark !== undefined ? `${nl}${ws}\\${mark}` : `${nl}${ws}${digits}\\${dot}`;
  });
}

/**
 * Text that may stand as a masked link's text, [text](url), as it is: Discord never unescapes inside
 * a mask (a backslash there is shown), so a title needing an escape is not masked (see discord.ts).
 */
export function maskSafe(text: string): boolean {
  return !/[[\]\\*_~`|<\n\r]|:\/\/|^\s*$/.test(stripControls(text));
}

/** A mask-safe text as the mask shows it: mentions broken, nothing escaped. */
export function maskText(text: string): string {
  return breakMentions(stripControls(text));
}

/** Plain text (a title, a field name, a label) without trimming, for joining parts: no escapes, mentions broken. */
export function plainPart(text: string): string {
  return breakMentions(stripControls(text)).replace(/\s+/g, ' ');
}

/** For places that show raw text (button labels, select options, choice names): no markdown there, only mentions matter. */
export function plain(text: string): string {
  return plainPart(text).trim();
}

/**
 * For a line inside a code block: spaces are kept, since they align a table's columns; any other
 * whitespace becomes a space, so a line stays one line; a backtick could close the block, so it
 * becomes a look-alike; mentions are broken up as everywhere else, in case a client renders them.
 */
export function codeLine(text: string): string {
  return breakMentions(stripControls(text).replace(/[^\S ]/g, ' ').replace(/`/g, 'ˋ'));
}

/** Where markdown is not escaped: "@everyone", "<@id>" and "<#id>" no longer read as mentions. */
function breakMentions(text: string): string {
  return text.replace(/@/g, `@${ZWSP}`).replace(/<#/g, `<${ZWSP}#`);
}

/** Control characters could rewrite a terminal or confuse a client; newlines are layout and kept. */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** At most `max` UTF-16 code units, ending in "…" when cut, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, Math.max(0, cut))}…`;
}

/** Escaped and then fitted: the escapes count against the limit too. Cuts before a dangling backslash. */
export function escapeAndTruncate(text: string, max: number, atLineStart = true): string {
  const escaped = escapeMarkdown(text, atLineStart);
  if (escaped.length <= max) return escaped;
  let t = truncate(escaped, max);
  // An odd run of backslashes before the ellipsis would escape the ellipsis, not the character we cut.
  const body = t.slice(0, -1);
  const m = /\\+$/.exec(body);
  if (m && m[0].length % 2 === 1) t = `${body.slice(0, -1)}…`;
  // A zero-width space is what defuses an @; never leave an @ at the cut without it.
  if (t.endsWith('@…')) t = `${t.slice(0, -2)}…`;
  return t;
}

/** Only http(s) links become links; anything else (javascript:, data:) is shown as text or dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url.length > 512) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
