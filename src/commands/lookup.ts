// The four look-up commands and /about: option parsing and name resolution around the pure answer
// builders in src/answers. Each handler is synchronous and touches only the prebuilt index.
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { factDate } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';
import { METRICS, type MetricId } from '../catalog/schema.ts';
import { casualtiesAnswer, casualtyFacts } from '../answers/casualties.ts';
import { toFigure } from '../answers/figure.ts';
import { aboutAnswer, factsAnswer, sourceAnswer } from '../answers/lists.ts';
import type { Answer } from '../answers/model.ts';
import { metricsFor, subjectFacts, timelineAnswer } from '../answers/timeline.ts';
import { complete, MAX_CHOICES, type Completion } from '../search/complete.ts';
import { factsWithValuePrefix, searchFacts } from '../search/facts.ts';
import { type Role, type SearchIndex, type Term } from '../search/index.ts';
import { checkQuery, extractNumbers } from '../search/query.ts';
import { formatDate, headline } from '../render/format.ts';
import { parseAsOf } from './dates.ts';
import { EVERYWHERE, pageOf, resolveOption, str, textOption } from './options.ts';
import type { Choice, CoreCommand } from './types.ts';

const factCount = (index: SearchIndex, term: Term, roles: readonly Role[]): number => {
  const byRole = index.facts.get(term.key);
  return byRole ? roles.reduce((n, r) => n + (byRole.get(r)?.length ?? 0), 0) : 0;
};

const hasRole = (index: SearchIndex, roles: readonly Role[]) => (term: Term) => factCount(index, term, roles) > 0;

function choiceName(c: Completion, detail?: string): string {
  const via = c.via !== undefined ? ` (${c.via})` : '';
  return `${c.term.label}${via}${detail ? ` — ${detail}` : ''}`;
}

function chat(def: Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'type'>): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return { type: ApplicationCommandType.ChatInput, ...EVERYWHERE, ...def };
}

// ---- /casualties ------------------------------------------------------------------------------

export const casualties: CoreCommand = {
  definition: chat({
    name: 'casualties',
    description: 'Civilian deaths attributed to an actor: each claimant’s latest figure, side by side',
    options: [
      textOption('subject', 'Who the deaths are attributed to, e.g. coalition', true),
      textOption('place', 'Only figures for this place, e.g. Syria', false),
      textOption('as_of', 'Only figures up to this date, e.g. 2019-12 or Dec 2019', false),
    ],
  }),
  run(inv, { index }) {
    const rest: Record<string, string> = {};
    let place: string | undefined;
    const placeRaw = str(inv.options, 'place');
    if (placeRaw !== undefined) {
      const r = resolveOption(index, placeRaw, { command: 'casualties', option: 'place', rest: {} }, { kinds: ['entity'], relevant: hasRole(index, ['place']) });
      if (!r.ok) return withRest(r.answer, { subject: str(inv.options, 'subject') ?? '' });
      place = r.term.id;
      rest.place = place;
    }
    let asOf: string | undefined;
    const asOfRaw = str(inv.options, 'as_of');
    if (asOfRaw !== undefined) {
      asOf = parseAsOf(asOfRaw);
      if (asOf === undefined) return { kind: 'invalid', message: `“${asOfRaw.slice(0, 40)}” is not a date: use 2019, 2019-12, 2019-12-31 or Dec 2019.` };
      rest.as_of = asOf;
    }
    const subject = resolveOption(index, str(inv.options, 'subject'), { command: 'casualties', option: 'subject', rest }, {
      kinds: ['entity'],
      relevant: hasRole(index, ['subject', 'claimant']),
    });
    if (!subject.ok) return subject.answer;
    return casualtiesAnswer(index, { subject: subject.term.id, ...(place ? { place } : {}), ...(asOf ? { asOf } : {}) });
  },
  autocomplete(inv, { index }) {
    const typed = String(inv.options[inv.focused] ?? '');
    if (inv.focused === 'as_of') {
      const subject = str(inv.options, 'subject');
      const facts = subject && index.catalog.entities.has(subject) ? casualtyFacts(index, { subject }).facts : index.catalog.facts;
      return dateChoices(facts.map((f) => factDate(f)), typed);
    }
    const roles: Role[] = inv.focused === 'place' ? ['place'] : ['subject', 'claimant'];
    return complete(index, typed, { kinds: ['entity'], include: hasRole(index, roles), weight: (t) => factCount(index, t, roles) }).map((c) => ({
      name: choiceName(c),
      value: c.term.id,
    }));
  },
};

function dateChoices(dates: readonly (string | undefined)[], typed: string): Choice[] {
  const t = normalise(typed);
  const uniq = [...new Set(dates.filter((d): d is string => d !== undefined).map((d) => d.slice(0, 10)))].sort().reverse();
  return uniq
    .filter((d) => t === '' || d.startsWith(typed.trim()) || normalise(formatDate(d)).includes(t))
    .slice(0, MAX_CHOICES)
    .map((d) => ({ name: formatDate(d), value: d }));
}

/** A failed option look-up still needs the options the user did give, for the pick to answer. */
function withRest(a: Answer, rest: Record<string, string>): Answer {
  if (a.kind !== 'not_found' || !a.pick) return a;
  const kept = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== ''));
  // The subject is still raw text here; carrying it lets the replay resolve it as usual.
  return { ...a, pick: { ...a.pick, rest: { ...a.pick.rest, ...kept } } };
}

// ---- /timeline --------------------------------------------------------------------------------

export const timeline: CoreCommand = {
  definition: chat({
    name: 'timeline',
    description: 'A figure over time, e.g. CJTF-OIR’s cumulative civilian death count by report',
    options: [
      textOption('subject', 'Who or what the figures are about, e.g. coalition', true),
      textOption('metric', 'What is counted, e.g. civilian deaths, strikes (default: the longest series)', false),
    ],
  }),
  run(inv, { index }) {
    const subject = resolveOption(index, str(inv.options, 'subject'), { command: 'timeline', option: 'subject', rest: {} }, {
      kinds: ['entity'],
      relevant: hasRole(index, ['subject', 'claimant']),
    });
    if (!subject.ok) return subject.answer;
    const metricRaw = str(inv.options, 'metric');
    let metric: MetricId | undefined;
    if (metricRaw !== undefined) {
      const available = new Set(metricsFor(index, subject.term.id));
      const r = resolveOption(index, metricRaw, { command: 'timeline', option: 'metric', rest: { subject: subject.term.id } }, {
        kinds: ['metric'],
        relevant: (t) => available.has(t.id as MetricId),
      });
      if (!r.ok) return r.answer;
      metric = r.term.id as MetricId;
    }
    return timelineAnswer(index, { subject: subject.term.id, ...(metric ? { metric } : {}) });
  },
  autocomplete(inv, { index }) {
    const typed = String(inv.options[inv.focused] ?? '');
    if (inv.focused === 'metric') {
      const subject = str(inv.options, 'subject');
      const counts = new Map<string, number>();
      const facts = subject && index.catalog.entities.has(subject) ? subjectFacts(index, subject) : index.catalog.facts;
      for (const f of facts) counts.set(f.metric, (counts.get(f.metric) ?? 0) + 1);
      return complete(index, typed, { kinds: ['metric'], include: (t) => counts.has(t.id), weight: (t) => counts.get(t.id) ?? 0 }).map((c) => ({
        name: choiceName(c, `${counts.get(c.term.id) ?? 0} figures`),
        value: c.term.id,
      }));
    }
    const roles: Role[] = ['subject', 'claimant'];
    return complete(index, typed, { kinds: ['entity'], include: hasRole(index, roles), weight: (t) => factCount(index, t, roles) }).map((c) => ({
      name: choiceName(c),
      value: c.term.id,
    }));
  },
};

// ---- /source ----------------------------------------------------------------------------------

const SOURCE_ROLES: Role[] = ['claimant', 'source'];

export const source: CoreCommand = {
  definition: chat({
    name: 'source',
    description: 'A source or claimant: what it is, and the figures citing it, newest first',
    options: [textOption('name', 'e.g. Airwars, CJTF-OIR, KUNA, or a report title', true)],
  }),
  run(inv, { index }) {
    const r = resolveOption(index, str(inv.options, 'name'), { command: 'source', option: 'name', rest: {} }, {
      kinds: ['entity', 'source'],
      relevant: hasRole(index, SOURCE_ROLES),
    });
    if (!r.ok) return r.answer;
    const target = r.term.kind === 'source' ? { source: r.term.id } : { entity: r.term.id };
    return sourceAnswer(index, target, pageOf(inv.options));
  },
  autocomplete(inv, { index }) {
    const typed = String(inv.options[inv.focused] ?? '');
    return complete(index, typed, { kinds: ['entity', 'source'], include: hasRole(index, SOURCE_ROLES), weight: (t) => factCount(index, t, SOURCE_ROLES) }).map((c) => {
      const s = c.term.kind === 'source' ? index.catalog.sources.get(c.term.id) : undefined;
      const detail = s ? `${index.catalog.entities.get(s.publisher)?.name ?? s.publisher}, ${formatDate(s.published)}` : index.catalog.entities.get(c.term.id)?.kind;
      return { name: choiceName(c, detail), value: c.term.id };
    });
  },
};

// ---- /fact ------------------------------------------------------------------------------------

export const fact: CoreCommand = {
  definition: chat({
    name: 'fact',
    description: 'Search all figures: e.g. syrian refugees, us troops iraq, coalition strikes, 13,159',
    options: [textOption('query', 'Words or a number, e.g. “syrian refugees” or “1,370”', true)],
  }),
  run(inv, { index }) {
    const raw = str(inv.options, 'query');
    if (raw === undefined) return { kind: 'invalid', message: 'Give a query.' };
    // Autocomplete values are fact or entity ids.
    const byId = index.catalog.factsById.get(raw.trim());
    if (byId) return { kind: 'facts', query: raw.trim(), results: [{ figure: toFigure(index.catalog, byId), earlier: 0 }], paging: { page: 1, pages: 1 }, total: 1, replay: { command: 'fact', options: { query: byId.id } } };
    const checked = checkQuery(raw, 'query');
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const entity = index.catalog.entities.get(checked.text);
    const text = entity ? entity.name : checked.text;
    const found = searchFacts(index, text);
    const top = found.hits[0];
    if (!top) return noFigures(index, checked.text, found.numbers);
    if (found.numbers.length > 0 && !found.hits.some((h) => matchesNumber(h.fact.value, found.numbers))) {
      return noFigures(index, checked.text, found.numbers);
    }
    const answer = factsAnswer(index, checked.text, found, pageOf(inv.options));
    return answer;
  },
  autocomplete(inv, { index }) {
    const typed = String(inv.options[inv.focused] ?? '').trim();
    if ([...typed].length < 2) {
      return complete(index, typed, { kinds: ['entity'], include: hasRole(index, ['subject']), weight: (t) => factCount(index, t, ['subject']) }).map((c) => ({ name: choiceName(c), value: c.term.id }));
    }
    // Digits alone: a fact-checker typing a figure; offer the figures whose value starts that way.
    if (/^[\d,.\s]+$/.test(typed)) {
      return factsWithValuePrefix(index, typed.replace(/\D/g, ''), MAX_CHOICES).map((f) => {
        const fig = toFigure(index.catalog, f);
        return { name: `${headline(fig)}${fig.date ? ` (${formatDate(fig.date)})` : ''}`, value: f.id };
      });
    }
    const found = searchFacts(index, typed.slice(0, 100), 200, AUTOCOMPLETE_FACTS_PER_TERM);
    const best = found.hits[0]?.covered ?? 0;
    const seen = new Set<string>();
    const out: Choice[] = [];
    for (const h of found.hits) {
      if (h.covered < best || out.length >= MAX_CHOICES) break;
      const f = h.fact;
      const series = found.numbers.length > 0 ? f.id : `${f.claimant}|${f.subject}|${f.metric}|${f.series ?? ''}`;
      if (seen.has(series)) continue;
      seen.add(series);
      const fig = toFigure(index.catalog, f);
      out.push({ name: `${headline(fig)}${fig.date ? ` (${formatDate(fig.date)})` : ''}`, value: f.id });
    }
    return out;
  },
};

/** Enough of each matched term's newest figures to fill 25 suggestions, at any catalog size. */
const AUTOCOMPLETE_FACTS_PER_TERM = 1000;

function matchesNumber(v: number | { min: number; max: number }, numbers: readonly number[]): boolean {
  return typeof v === 'number' ? numbers.includes(v) : numbers.includes(v.min) || numbers.includes(v.max);
}

/** For a number nobody stated, the nearest stated values are the useful hint. */
function noFigures(index: SearchIndex, query: string, numbers: readonly number[]): Answer {
  const target = numbers[0];
  if (target === undefined) {
    const words = extractNumbers(query).rest;
    const suggestions = complete(index, words, { kinds: ['entity', 'metric'], max: 5 })
      .filter((c) => c.tier <= 3)
      .map((c) => ({ label: c.term.label, value: c.term.kind === 'entity' ? c.term.id : c.term.label, detail: c.term.kind }));
    return { kind: 'not_found', message: `No figures match “${query}”.`, suggestions, pick: { command: 'fact', option: 'query', rest: {} } };
  }
  const values = [...index.factsByValue.keys()].sort((a, b) => Math.abs(a - target) - Math.abs(b - target)).slice(0, 5);
  const suggestions = values.flatMap((v) => {
    const f = index.factsByValue.get(v)![0]!;
    const fig = toFigure(index.catalog, f);
    return [{ label: headline(fig), value: f.id, ...(fig.date ? { detail: formatDate(fig.date) } : {}) }];
  });
  return { kind: 'not_found', message: `No figure has the value ${target.toLocaleString('en-US')}. The nearest stated values:`, suggestions, pick: { command: 'fact', option: 'query', rest: {} } };
}

// ---- /about -----------------------------------------------------------------------------------

export const about: CoreCommand = {
  definition: chat({ name: 'about', description: 'What this bot knows, how current it is, and how to cite it' }),
  run(_inv, { index }) {
    return aboutAnswer(index);
  },
  autocomplete() {
    return [];
  },
};

export const coreCommands: readonly CoreCommand[] = [casualties, timeline, source, fact, about];
