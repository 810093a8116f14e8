// Layout → plain text for the terminal: the same sentences as the Discord message (both draw the
// layout), without markdown, with addresses spelled out. Control characters from data are stripped.
import { assertNever, type Answer, type Figure } from '../answers/model.ts';
import { stripControls } from './escape.ts';
import { citeLine, formatDate, formatDoubtfulDate } from './format.ts';
import { layoutOf, type Layout, type Line, type Part } from './layout.ts';

const s = (t: string): string => stripControls(t);

function part(p: Part): string {
  switch (p.t) {
    case 'text':
      return p.text;
    case 'data':
      return s(p.text);
    case 'link':
      return p.url === undefined ? s(p.text) : `${s(p.text)} <${s(p.url)}>`;
    case 'date':
      return formatDoubtfulDate(p.date, p.inferred);
    default:
      return assertNever(p);
  }
}

const draw = (l: Line): string => l.parts.map(part).join('');

function citeBlock(figures: readonly Figure[]): string[] {
  return figures.length === 0 ? [] : ['', 'Cite:', ...figures.map((f) => `  ${s(citeLine(f))}`)];
}

export function renderText(a: Answer): string {
  return drawText(layoutOf(a));
}

export function drawText(l: Layout): string {
  const out: string[] = [];
  switch (l.type) {
    case 'card': {
      out.push(draw(l.title));
      if (l.url) out.push(s(l.url));
      out.push(...l.lines.map(draw));
      for (const section of l.sections) {
        out.push('', s(section.heading), ...section.lines.map((line, i) => `${i === 0 ? '  ' : '    '}${draw(line)}`));
      }
      // Discord pages with buttons; here the next page is asked for by name.
      if (l.paging && l.paging.pages > 1 && l.paging.page < l.paging.pages) out.push('', `Next: add page:${l.paging.page + 1}`);
      out.push(...citeBlock(l.cite));
      break;
    }
    case 'tables':
      out.push(draw(l.title), ...l.intro.map(draw));
      for (const t of l.tables) out.push('', draw(t.heading), ...t.rows.map((r) => `  ${s(r)}`));
      out.push('', ...l.legend);
      if (l.otherMetrics.length > 0) out.push(`Other metrics: ${l.otherMetrics.join(', ')}`);
      out.push(...citeBlock(l.cite));
      break;
    case 'cite':
      out.push(...l.figures.map((f) => s(citeLine(f))));
      if (l.figures.length === 0) out.push('No figures to cite.');
      break;
    case 'ask':
      out.push(s(l.message));
      if (l.suggestions.length > 0) {
        out.push('Did you mean:');
        for (const x of l.suggestions) out.push(`  ${s(x.label)}${x.detail ? ` (${s(x.detail)})` : ''}  [${s(x.value)}]`);
      }
      break;
    case 'message':
      out.push(s(l.text));
      break;
    default:
      return assertNever(l);
  }
  return out.join('\n');
}
