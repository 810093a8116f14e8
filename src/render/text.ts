// Answer model → plain text for the terminal: the same content as the Discord message, without
// markdown, with URLs spelled out. Control characters from data are stripped.
import { figuresOf } from '../answers/cite.ts';
import type { Answer, Figure, SourceRef } from '../answers/model.ts';
import { stripControls } from './escape.ts';
import { attribution, citeLine, formatDate, formatNumber, headline, placesSuffix, STATUS_NOTE, tableRows, whenPhrase } from './format.ts';

const s = (t: string): string => stripControls(t);

function refText(x: SourceRef): string {
  return `${s(x.title)} (${s(x.publisher.name)}, ${formatDate(x.published)})${x.url ? ` ${s(x.url)}` : ''}`;
}

function sourceText(f: Figure): string {
  const a = attribution(f);
  if (!a) return '';
  let out = refText(a.original ?? a.nearest);
  if (a.original) out += `\n      reported by ${s(a.nearest.publisher.name)}, ${formatDate(a.nearest.published)}${a.nearest.url ? ` ${s(a.nearest.url)}` : ''}`;
  return out;
}

function figureText(f: Figure, indent = '  '): string[] {
  const lines = [`${indent}${s(headline(f))}`];
  const status = STATUS_NOTE[f.status];
  if (status) lines.push(`${indent}  ! ${status}`);
  const when = whenPhrase(f);
  if (when) lines.push(`${indent}  ${when}`);
  const src = sourceText(f);
  if (src !== '') lines.push(`${indent}  Source: ${src}`);
  if (f.citations.length > 1) lines.push(`${indent}  +${f.citations.length - 1} more source(s)`);
  return lines;
}

function citeBlock(figures: readonly Figure[]): string[] {
  return figures.length === 0 ? [] : ['', 'Cite:', ...figures.map((f) => `  ${s(citeLine(f))}`)];
}

export function renderText(a: Answer): string {
  const out: string[] = [];
  switch (a.kind) {
    case 'casualties': {
      const where = a.place ? ` in ${s(a.place.name)}` : '';
      const when = a.asOf ? ` up to ${formatDate(a.asOf)}` : '';
      out.push(`Civilian deaths attributed to ${s(a.subject.name)}${where}${when}`);
      out.push('Each claimant’s latest figure, side by side. Figures from different claimants are never merged.');
      if (a.note) out.push(s(a.note));
      for (const side of a.sides) {
        out.push('', `${s(side.claimant.name)} — ${side.latest.metricLabel}${s(placesSuffix(side.latest))}`, ...figureText(side.latest));
        out.push(side.earlier > 0 ? `    ${side.earlier} earlier figure${side.earlier === 1 ? '' : 's'} (see /timeline)` : '    No earlier figures.');
      }
      out.push(...citeBlock(figuresOf(a)));
      break;
    }
    case 'timeline': {
      out.push(`${a.metric.label[0]!.toUpperCase()}${a.metric.label.slice(1)}: ${s(a.subject.name)}`);
      for (const series of a.series) {
        out.push('', `${s(series.claimant.name)}${series.series ? ` · ${s(series.series)}` : ''}`);
        out.push(...tableRows(series.rows).map((r) => `  ${s(r)}`));
      }
      out.push('', 'Value as stated: ≥ at least, > more than, ≤ as many as, ~ about; ? unconfirmed, ! disputed.');
      out.push('Columns: date the figure speaks for, value, published.');
      if (a.otherMetrics.length > 0) out.push(`Other metrics: ${a.otherMetrics.join(', ')}`);
      out.push(...citeBlock(figuresOf(a)));
      break;
    }
    case 'source': {
      const t = a.target;
      if (t.type === 'entity') {
        out.push(`${s(t.entity.name)} (${t.entity.kind})${t.url ? ` ${s(t.url)}` : ''}`, s(t.description));
        if (t.aliases.length > 0) out.push(`Also known as: ${s(t.aliases.join(', '))}`);
      } else {
        out.push(`${s(t.source.title)}${t.source.url ? ` ${s(t.source.url)}` : ''}`);
        out.push(`${t.source.kind.replace(/_/g, ' ')} by ${s(t.source.publisher.name)}, published ${formatDate(t.source.published)} (${s(t.language)})`);
        if (t.via) out.push(`Relays: ${refText(t.via)}`);
        if (t.notes) out.push(`Notes: ${s(t.notes)}`);
      }
      out.push('', a.total === 0 ? 'No figures cite it.' : `${a.total} figure${a.total === 1 ? '' : 's'} cite it, newest first${a.paging.pages > 1 ? ` (page ${a.paging.page} of ${a.paging.pages}; add page:N)` : ''}:`);
      for (const f of a.figures) out.push('', ...figureText(f));
      out.push(...citeBlock(figuresOf(a)));
      break;
    }
    case 'facts': {
      out.push(`${a.total} ${a.total === 1 ? 'figure matches' : 'figures match'} “${s(a.query)}”${a.paging.pages > 1 ? ` (page ${a.paging.page} of ${a.paging.pages}; add page:N)` : ''}. Each is its claimant’s own.`);
      for (const r of a.results) {
        const place = r.figure.places.length > 0 ? ` · ${r.figure.places.map((p) => s(p.name)).join(', ')}` : '';
        out.push('', `${s(r.figure.subject.name)} — ${r.figure.metricLabel}${place}`, ...figureText(r.figure));
        if (r.earlier > 0) out.push(`    ${r.earlier} earlier figure${r.earlier === 1 ? '' : 's'} in this series`);
      }
      out.push(...citeBlock(figuresOf(a)));
      break;
    }
    case 'about': {
      const c = a.counts;
      out.push(`I know ${formatNumber(c.facts)} figures from ${formatNumber(c.claimants)} claimants, citing ${formatNumber(c.sources)} sources, about ${formatNumber(c.entities)} named actors, places and outlets.`);
      if (a.newest) out.push(`Newest figure: ${formatDate(a.newest.date ?? '')} — ${s(headline(a.newest))}.`);
      out.push(`Dataset version ${s(a.version)}${c.files > 0 ? ` (${c.files} file${c.files === 1 ? '' : 's'})` : ''}.`);
      if (a.byMetric.length > 0) out.push('', 'Figures by metric:', ...a.byMetric.map((m) => `  ${m.label}: ${formatNumber(m.count)}`));
      out.push('', 'How to cite: name the claimant, the qualifier and the period, never just the number; the figures of different claimants are never merged.');
      out.push('Commands: /casualties, /timeline, /source, /fact (a number such as 13,159 finds that figure), /about.');
      break;
    }
    case 'cite':
      out.push(...a.figures.map((f) => s(citeLine(f))));
      if (a.figures.length === 0) out.push('No figures to cite.');
      break;
    case 'not_found':
      out.push(s(a.message));
      if (a.suggestions.length > 0) {
        out.push('Did you mean:');
        for (const x of a.suggestions) out.push(`  ${s(x.label)}${x.detail ? ` (${s(x.detail)})` : ''}  [${s(x.value)}]`);
      }
      break;
    case 'invalid':
      out.push(s(a.message));
      break;
    case 'notice':
      out.push(s(a.title), ...a.lines.map(s));
      break;
  }
  return out.join('\n');
}
