// /fact <query>: free text over all figures ("syrian refugees", "us troops iraq") or a number.
import { toFigure, toFigureHead } from '../answers/figure.ts';
import { factsAnswer } from '../answers/lists.ts';
import { questionAnswer, questionLeads } from '../answers/question.ts';
import type { Answer } from '../answers/model.ts';
import type { Fact } from '../catalog/schema.ts';
import { complete, MAX_CHOICES } from '../search/complete.ts';
import { factsWithValuePrefix, searchFacts } from '../search/facts.ts';
import type { SearchIndex } from '../search/index.ts';
import { checkQuery, extractNumbers } from '../search/query.ts';
import { understand, type Understood } from '../search/understand.ts';
import { formatDate, headline } from '../render/format.ts';
import { chat, choiceName, cut, factCount, hasRole, pageOf, str, textOption } from './options.ts';
import type { Choice, PureCommand } from '../interactions/command.ts';
import { ANSWER_OPTIONS } from './answer-options.ts';

export const fact: PureCommand = {
  definition: chat({
    name: 'fact',
    description: 'Search all figures: e.g. syrian refugees, us troops iraq, coalition strikes, 13,159',
    options: [textOption('query', 'Words or a number, e.g. “syrian refugees” or “1,370”', true), ...ANSWER_OPTIONS],
  }),
  pure: true,
  hint: 'a number such as 13,159 finds that figure',
  run(inv, { index }) {
    const raw = str(inv.options, 'query');
    if (raw === undefined) return { kind: 'invalid', message: 'Give a query.' };
    // Autocomplete values are fact or entity ids.
    const byId = index.catalog.factsById.get(raw.trim());
    if (byId) return { kind: 'facts', query: raw.trim(), results: [{ figure: toFigure(index.catalog, byId), earlier: 0 }], paging: { page: 1, pages: 1 }, total: 1, replay: { query: byId.id } };
    const checked = checkQuery(raw, 'query');
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const entity = index.catalog.entities.get(checked.text);
    const text = entity ? entity.name : checked.text;
    // A question that names something (an actor, a metric, a place, a time) is answered from what
    // it names; words alone, or a number alone, go to the free-text search over names and values.
    const u = understand(index, text);
    if (namesSomething(u)) return questionAnswer(index, u, checked.text, { page: pageOf(inv.options) });
    const found = searchFacts(index, text);
    const top = found.hits[0];
    if (!top) return noFigures(index, checked.text, found.numbers);
    if (found.numbers.length > 0 && !found.hits.some((h) => matchesNumber(h.fact.value, found.numbers))) {
      return noFigures(index, checked.text, found.numbers);
    }
    return factsAnswer(index, checked.text, found, pageOf(inv.options));
  },
  autocomplete(inv, { index }) {
    const typed = String(inv.options[inv.focused] ?? '').trim();
    if ([...typed].length < 2) {
      return complete(index, typed, { kinds: ['entity'], include: hasRole(index, ['subject']), weight: (t) => factCount(index, t, ['subject']) }).map((c) => ({ name: choiceName(c), value: c.term.id }));
    }
    // Digits alone: a fact-checker typing a figure; offer the figures whose value starts that way.
    if (/^[\d,.\s]+$/.test(typed)) {
      return factsWithValuePrefix(index, typed.replace(/\D/g, ''), MAX_CHOICES).map((f) => choiceOf(index, f));
    }
    // What the command would answer comes first, so picking the first choice asks the same question.
    const u = understand(index, cut(typed, 100));
    const out: Choice[] = [];
    let perTerm = WORDS_FACTS_PER_TERM;
    if (namesSomething(u)) {
      const a = questionLeads(index, u, { pageSize: MAX_CHOICES, perList: AUTOCOMPLETE_FACTS_PER_TERM });
      if (a.kind === 'leads' && a.leads.length > 0) return a.leads.slice(0, MAX_CHOICES).map((l) => choiceOf(index, l.fact));
      // The command will say what is missing ("No figure for 2019 in the data"): so does the first
      // choice, which asks exactly what was typed. Figures sharing its words follow as leads to
      // rephrase, from fewer of each word's figures: they are not the answer.
      if (a.kind === 'miss') {
        out.push({ name: a.message, value: cut(typed, 100) });
        perTerm = MISS_FACTS_PER_TERM;
      }
    }
    const found = searchFacts(index, cut(typed, 100), 200, perTerm);
    const best = found.hits[0]?.covered ?? 0;
    const seen = new Set<string>();
    for (const h of found.hits) {
      if (h.covered < best || out.length >= MAX_CHOICES) break;
      const f = h.fact;
      const series = found.numbers.length > 0 ? f.id : `${f.claimant}|${f.subject}|${f.metric}|${f.series ?? ''}`;
      if (seen.has(series)) continue;
      seen.add(series);
      out.push(choiceOf(index, f));
    }
    return out;
  },
};

/** A figure as an autocomplete choice: its headline and date; the value asks for it by id. */
function choiceOf(index: SearchIndex, f: Fact): Choice {
  const head = toFigureHead(index.catalog, f);
  return { name: `${headline(head)}${head.date ? ` (${formatDate(head.date)})` : ''}`, value: f.id };
}

/** Whether the question names an actor, a metric, a place or a time (numbers alone are looked up by value). */
function namesSomething(u: Understood): boolean {
  return u.entities.length > 0 || u.metrics.length > 0 || u.places.length > 0 || u.time !== undefined;
}

/** Enough of each matched term's newest figures to fill 25 suggestions, at any catalog size. */
const AUTOCOMPLETE_FACTS_PER_TERM = 1000;
/**
 * Words matched by spelling alone ("ira", a misspelt outlet): 25 suggestions, one per series, come
 * from each matched term's newest few hundred figures; scoring all of a country's thousands is
 * most of a keystroke's time and changes nothing shown.
 */
const WORDS_FACTS_PER_TERM = 300;
/** Leads under a question the data cannot answer: the newest few of each word's figures suffice. */
const MISS_FACTS_PER_TERM = 200;

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
    return { kind: 'not_found', message: `No figures match “${query}”.`, suggestions, pick: { option: 'query', rest: {} } };
  }
  const values = [...index.factsByValue.keys()].sort((a, b) => Math.abs(a - target) - Math.abs(b - target)).slice(0, 5);
  const suggestions = values.flatMap((v) => {
    const f = index.factsByValue.get(v)![0]!;
    const fig = toFigure(index.catalog, f);
    return [{ label: headline(fig), value: f.id, ...(fig.date ? { detail: formatDate(fig.date) } : {}) }];
  });
  return { kind: 'not_found', message: `No figure has the value ${target.toLocaleString('en-US')}. The nearest stated values:`, suggestions, pick: { option: 'query', rest: {} } };
}
