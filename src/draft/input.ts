// A report as the drafter reads it: plain text, or an HTML page saved to disk turned into text
// lines (scripts, styles, navigation, forms and footers dropped; blocks made lines; entities
// decoded), plus what the page says about itself (title, publication date, address, site name).
// Pure and linear: one pass over the input with indexOf, no backtracking regular expressions over
// the whole page, so a 100 KB page of unclosed tags costs what a clean one does.

export interface PageMeta {
  readonly title?: string;
  /** As the page writes it (an ISO date or date-time from a meta tag, or a "Published:" line). */
  readonly published?: string;
  readonly url?: string;
  readonly siteName?: string;
}

export interface ReportText {
  /** The text, one block per line. */
  readonly text: string;
  readonly html: boolean;
  readonly meta: PageMeta;
}

/** Elements whose content is never the report: code, styling, page chrome, forms. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'aside', 'form', 'button', 'select', 'iframe', 'object', 'head']);
/** Elements that end a line. */
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'article', 'section', 'header', 'main',
  'blockquote', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'hr', 'pre', 'title', 'caption', 'address',
]);

const SCRIPT_END = /<\/script/gi;
const STYLE_END = /<\/style/gi;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  hellip: '…', laquo: '«', raquo: '»', middot: '·', bull: '•', copy: '©', reg: '®', thinsp: ' ', ensp: ' ', emsp: ' ', shy: '',
};

/** True when the text looks like an HTML document rather than prose that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2000).toLowerCase();
  return head.includes('<!doctype html') || head.includes('<html') || ((head.includes('<p') || head.includes('<div')) && head.includes('</'));
}

export function readReportText(input: string): ReportText {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!looksLikeHtml(text)) return { text, html: false, meta: {} };
  return htmlToText(text);
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attrs: string;
  readonly end: number;
}

/** Longest tag read as one; a '<' with no '>' within this many characters is text. */
const MAX_TAG = 4000;

/**
 * The first index of `needle` at or after a position, remembered: asked again for a later position
 * before the remembered hit, it answers without searching, so many unclosed '<' cost one scan.
 */
function finder(text: string, needle: string): (from: number) => number {
  let at = -2;
  let askedFrom = Number.POSITIVE_INFINITY;
  return (from) => {
    if (at !== -2 && from >= askedFrom && (at === -1 || at >= from)) return at;
    askedFrom = from;
    at = text.indexOf(needle, from);
    return at;
  };
}

/** The tag starting at `i` (text[i] === '<'), or undefined when it is not one. */
function readTag(text: string, i: number, nextGt: (from: number) => number): Tag | undefined {
  const close = nextGt(i + 1);
  if (close === -1 || close - i > MAX_TAG) return undefined;
  const inner = text.slice(i + 1, close);
  const m = /^(\/?)([a-zA-Z][a-zA-Z0-9:-]{0,30})/.exec(inner);
  if (!m) return undefined;
  return { name: m[2]!.toLowerCase(), closing: m[1] === '/', selfClosing: inner.endsWith('/'), attrs: inner.slice(m[0].length), end: close + 1 };
}

function attr(attrs: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]{0,2000})"|'([^']{0,2000})'|([^\\s>]{1,2000}))`, 'i');
  const m = re.exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

function htmlToText(html: string): ReportText {
  const meta: { title?: string; published?: string; url?: string; siteName?: string } = {};
  let out = '';
  let skipDepth = 0;
  let skipName = '';
  let titleStart = -1;
  const nextGt = finder(html, '>');
  const nextCommentEnd = finder(html, '-->');
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const chunkEnd = lt === -1 ? html.length : lt;
    if (skipDepth === 0 && chunkEnd > i) out += html.slice(i, chunkEnd);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = nextCommentEnd(lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt) || html.startsWith('<?', lt)) {
      const end = nextGt(lt + 2);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const tag = readTag(html, lt, nextGt);
    if (!tag) {
      if (skipDepth === 0) out += '<';
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (tag.name === 'meta' || tag.name === 'link') {
      readMeta(tag, meta);
      continue;
    }
    if (tag.name === 'time' && !tag.closing && meta.published === undefined) {
      const dt = attr(tag.attrs, 'datetime');
      if (dt) meta.published = dt.trim();
    }
    if (tag.name === 'title') {
      if (!tag.closing) titleStart = tag.end;
      else if (titleStart >= 0 && meta.title === undefined) meta.title = clean(decodeEntities(html.slice(titleStart, lt)));
    }
    if (SKIPPED.has(tag.name)) {
      // Skip to the matching close tag of the outermost skipped element; nested ones count.
      if (tag.closing) {
        if (skipDepth > 0 && tag.name === skipName) skipDepth--;
      } else if (!tag.selfClosing) {
        if (skipDepth === 0) {
          skipName = tag.name;
          skipDepth = 1;
        } else if (tag.name === skipName) skipDepth++;
        // Raw-text elements: their content is not markup, so jump straight to the close tag.
        if (tag.name === 'script' || tag.name === 'style') {
          const closeTag = tag.name === 'script' ? SCRIPT_END : STYLE_END;
          closeTag.lastIndex = i;
          i = closeTag.exec(html)?.index ?? html.length;
        }
      }
      continue;
    }
    if (skipDepth === 0 && BLOCKS.has(tag.name)) out += '\n';
  }
  const text = decodeEntities(out)
    .split('\n')
    .map(clean)
    .filter((l) => l !== '')
    .join('\n');
  return { text, html: true, meta };
}

function readMeta(tag: Tag, meta: { title?: string; published?: string; url?: string; siteName?: string }): void {
  const key = (attr(tag.attrs, 'property') ?? attr(tag.attrs, 'name') ?? attr(tag.attrs, 'itemprop') ?? attr(tag.attrs, 'rel') ?? '').toLowerCase();
  const value = (attr(tag.attrs, 'content') ?? attr(tag.attrs, 'href') ?? '').trim();
  if (value === '') return;
  if (['article:published_time', 'datepublished', 'date', 'dc.date', 'dc.date.issued', 'pubdate', 'publishdate', 'og:published_time', 'sailthru.date'].includes(key)) {
    meta.published ??= value;
  } else if (key === 'og:title' || key === 'twitter:title') {
    meta.title = meta.title ?? clean(value);
  } else if (key === 'og:url' || key === 'canonical') {
    meta.url ??= value;
  } else if (key === 'og:site_name' || key === 'application-name') {
    meta.siteName ??= clean(value);
  }
}

function clean(s: string): string {
  return s.replace(/[\t\f\v \u00a0]+/g, ' ').trim();
}
