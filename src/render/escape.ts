// Text from users and from data files goes into messages that Discord renders as markdown and
// scans for mentions. allowed_mentions stops pings; escaping stops "@everyone" showing as a ping,
// masked links, and markdown that breaks the layout. Truncation never splits a surrogate pair.

const ZWSP = '\u200b';

// Backslash-escape everything Discord's markdown reacts to, including the heading/list/quote
// markers that only matter at the start of a line, and the brackets of masked links.
const MARKDOWN = /[\\*_~`|>[\]()#<:-]/g;

/** Safe to embed in markdown: no formatting, no links, no mentions. */
export function escapeMarkdown(text: string): string {
  return stripControls(text)
    .replace(MARKDOWN, (c) => `\\${c}`)
    .replace(/@/g, `@${ZWSP}`);
}

/** For places that show raw text (button labels, select options, choice names): no markdown there, only mentions matter. */
export function plain(text: string): string {
  return breakMentions(stripControls(text)).replace(/\s+/g, ' ').trim();
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
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMarkdown(text);
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
