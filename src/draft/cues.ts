// The words that say what a number in a report counts. The vocabulary (data/vocabulary.yaml, read
// through the catalog) comes first: every metric's label and synonyms, every family's words. This
// file adds what reports write and questions do not: the verbs and predicates of the monthly
// casualty reports ("carried over 82", "three reports were determined to be credible", "79 are
// still open"), nouns that make a number something no metric counts ("22,000 children", "352
// events", "200 per cent"), the words that make a toll cumulative or graded ("since the start",
// "likely"), and a few words of languages the vocabulary does not cover yet (Spanish, Portuguese,
// Italian, Polish, Turkish) so such reports are read too. Every phrase is matched after
// normalise() (case, accents and punctuation folded), longest first.
import type { Catalog } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';

export type CueRole =
  /** Names what the number counts: a metric, or a family (`metric` absent). */
  | 'counts'
  /** The number counts something no metric does (children, events, per cent). */
  | 'block'
  /** The figure runs from a start ("since", "to date", "toll"). */
  | 'cumulative'
  /** The figure is one month's ("resulted in", "another"). */
  | 'breakdown'
  /** How sure the claimant is: `grade` likely or alleged. */
  | 'grade';

export interface Cue {
  readonly words: readonly string[];
  readonly role: CueRole;
  readonly metric?: string;
  readonly family?: string;
  readonly grade?: 'likely' | 'alleged';
  /** Among cues naming a metric: the strongest wins, then the nearest. */
  readonly strength: number;
  /** Where the cue was found: the vocabulary, or this file. */
  readonly from: 'vocabulary' | 'reporting';
  /** As written in the table or vocabulary, for the draft's comments. */
  readonly text: string;
}

/** A family of its own for words that count deaths without saying whose ("lives", "people dead"). */
export const ANY_DEATHS = '(deaths)';

type Row = readonly [phrase: string, role: CueRole, target: string | undefined, strength: number];

/** Casualty-report stages as the monthly reports word them. Strength 3 beats a vocabulary word (2). */
const REPORTING: readonly Row[] = [
  ['carried over', 'counts', 'reports_carried_over', 3],
  ['carried', 'counts', 'reports_carried_over', 3],
  ['carried forward', 'counts', 'reports_carried_over', 3],
  ['continued investigating', 'counts', 'reports_carried_over', 3],
  ['continued to investigate', 'counts', 'reports_carried_over', 3],
  ['continued to assess', 'counts', 'reports_carried_over', 3],
  ['from previous months', 'counts', 'reports_carried_over', 3],
  ['from the previous month', 'counts', 'reports_carried_over', 3],
  ['from prior months', 'counts', 'reports_carried_over', 3],
  ['opened reports', 'counts', 'reports_carried_over', 2],
  ['meses anteriores', 'counts', 'reports_carried_over', 3],
  ['received', 'counts', 'reports_new', 3],
  ['new reports', 'counts', 'reports_new', 3],
  ['recibido', 'counts', 'reports_new', 3],
  ['recebeu', 'counts', 'reports_new', 3],
  ['completed', 'counts', 'reports_completed', 3],
  ['completed the assessment of', 'counts', 'reports_completed', 3],
  ['completed its assessment of', 'counts', 'reports_completed', 3],
  ['assessment of', 'counts', 'reports_completed', 3],
  ['reviewed', 'counts', 'reports_completed', 3],
  ['examined', 'counts', 'reports_completed', 3],
  ['review of', 'counts', 'reports_completed', 3],
  ['completed reviews on', 'counts', 'reports_completed', 3],
  ['completed a review', 'counts', 'reports_completed', 3],
  ['assessed', 'counts', 'reports_completed', 2],
  ['investigated', 'counts', 'reports_completed', 1],
  ['assessment reports', 'counts', 'reports_completed', 2],
  ['valoracion de', 'counts', 'reports_completed', 3],
  ['concluiu a avaliacao', 'counts', 'reports_completed', 3],
  ['credible', 'counts', 'reports_credible', 3],
  ['creibles', 'counts', 'reports_credible', 3],
  ['crediveis', 'counts', 'reports_credible', 3],
  ['non credible', 'counts', 'reports_non_credible', 3],
  ['not credible', 'counts', 'reports_non_credible', 3],
  ['noncredible', 'counts', 'reports_non_credible', 3],
  ['no creibles', 'counts', 'reports_non_credible', 3],
  ['nao crediveis', 'counts', 'reports_non_credible', 3],
  ['dismissed', 'counts', 'reports_non_credible', 3],
  ['duplicate', 'counts', 'reports_duplicate', 3],
  ['duplicates', 'counts', 'reports_duplicate', 3],
  ['redundant', 'counts', 'reports_duplicate', 3],
  // "Five that were closed and deemed not credible have been reopened": reopening is the news.
  ['reopened', 'counts', 'reports_reopened', 4],
  ['still open', 'counts', 'reports_open', 3],
  ['remain open', 'counts', 'reports_open', 3],
  ['remains open', 'counts', 'reports_open', 3],
  ['are open', 'counts', 'reports_open', 3],
  ['still being assessed', 'counts', 'reports_open', 3],
  ['being assessed', 'counts', 'reports_open', 3],
  ['still assessing', 'counts', 'reports_open', 3],
  ['currently investigating', 'counts', 'reports_open', 3],
  ['continua aberto', 'counts', 'reports_open', 3],
  ['continuam abertos', 'counts', 'reports_open', 3],
  ['continua examinando', 'counts', 'reports_open', 3],
  ['قيد الدرس', 'counts', 'reports_open', 3],
  ['open reports', 'counts', 'reports_open', 1],
  ['open', 'counts', 'reports_open', 1],
  ['open cases', 'counts', 'reports_open', 1],
  ['total number of reports', 'counts', 'reports_total', 4],
  ['reports of possible civilian casualties', 'counts', 'reports_total', 1],
  ['total number of credible reports', 'counts', 'reports_credible_total', 5],
  ['number of credible reports', 'counts', 'reports_credible_total', 4],
  // Nouns of the casualty-report family in other languages.
  ['informes', 'counts', 'casualty_reports', 1],
  ['relatorios', 'counts', 'casualty_reports', 1],
  ['relatos', 'counts', 'casualty_reports', 1],
  ['bilancio', 'counts', 'casualty_reports', 1],
  ['بلاغا', 'counts', 'casualty_reports', 1],
  ['بلاغات', 'counts', 'casualty_reports', 1],
  ['casos', 'counts', 'casualty_reports', 1],
  // Strikes.
  ['engagements', 'block', undefined, 4],
  ['raids', 'counts', 'strikes', 2],
  ['air and artillery strikes', 'counts', 'strikes', 2],
  ['anti terrorism raids', 'counts', 'strikes', 2],
  ['ataques', 'counts', 'strikes', 1],
  // Deaths in words the vocabulary leaves to questions, and in other languages.
  ['lives', 'counts', ANY_DEATHS, 2],
  ['killed', 'counts', ANY_DEATHS, 1],
  ['dead', 'counts', ANY_DEATHS, 1],
  ['died', 'counts', ANY_DEATHS, 1],
  ['deaths of', 'counts', ANY_DEATHS, 2],
  ['death of', 'counts', ANY_DEATHS, 2],
  ['civilian deaths', 'counts', 'civilian_deaths', 2],
  ['civilian casualties', 'counts', 'civilian_deaths', 2],
  ['civilian fatalities', 'counts', 'civilian_deaths', 2],
  ['unintentional civilian deaths', 'counts', 'civilian_deaths', 2],
  ['non combatants', 'counts', 'civilian_deaths', 2],
  ['civili', 'counts', 'civilian_deaths', 2],
  ['civis', 'counts', 'civilian_deaths', 2],
  ['cywilow', 'counts', 'civilian_deaths', 2],
  ['sivil', 'counts', 'civilian_deaths', 2],
  ['مدنيا', 'counts', 'civilian_deaths', 2],
  ['مدنياً', 'counts', 'civilian_deaths', 2],
  ['muerte de', 'counts', 'civilian_deaths', 1],
  ['morte de', 'counts', 'civilian_deaths', 1],
  ['uccisi', 'counts', ANY_DEATHS, 1],
  ['zginelo', 'counts', ANY_DEATHS, 1],
  ['people dead', 'counts', 'war_deaths', 2],
  // Other things a number counts that no metric does.
  ['children', 'block', undefined, 4],
  ['child', 'block', undefined, 4],
  ['women', 'block', undefined, 4],
  ['men', 'block', undefined, 4],
  ['incidents', 'block', undefined, 4],
  ['incident', 'block', undefined, 4],
  ['events', 'block', undefined, 4],
  ['event', 'block', undefined, 4],
  ['percent', 'block', undefined, 4],
  ['per cent', 'block', undefined, 4],
  ['names', 'block', undefined, 4],
  ['names of', 'block', undefined, 4],
  ['days', 'block', undefined, 4],
  ['weeks', 'block', undefined, 4],
  ['months', 'block', undefined, 4],
  ['years', 'block', undefined, 4],
  ['hours', 'block', undefined, 4],
  ['times', 'block', undefined, 4],
  ['countries', 'block', undefined, 4],
  ['nations', 'block', undefined, 4],
  ['sorties', 'block', undefined, 4],
  ['targets', 'block', undefined, 4],
  ['dollars', 'block', undefined, 4],
  ['injured', 'block', undefined, 4],
  ['wounded', 'block', undefined, 4],
  ['injury to', 'block', undefined, 4],
  ['injuries', 'block', undefined, 4],
  ['fighters', 'block', undefined, 4],
  ['militants', 'block', undefined, 4],
  ['sec', 'block', undefined, 4],
  ['gmt', 'block', undefined, 4],
  ['displaced within', 'block', undefined, 4],
  ['internally displaced', 'block', undefined, 4],
  ['طفلا', 'block', undefined, 4],
  ['طفلاً', 'block', undefined, 4],
  ['سيدة', 'block', undefined, 4],
  ['niños', 'block', undefined, 4],
  ['mujeres', 'block', undefined, 4],
  ['bambini', 'block', undefined, 4],
  ['separate', 'block', undefined, 4],
  // A toll that runs from a start.
  ['since', 'cumulative', undefined, 1],
  ['to date', 'cumulative', undefined, 1],
  ['so far', 'cumulative', undefined, 1],
  ['in total', 'cumulative', undefined, 1],
  ['a total of', 'cumulative', undefined, 1],
  ['total', 'cumulative', undefined, 1],
  ['totals', 'cumulative', undefined, 1],
  ['overall', 'cumulative', undefined, 1],
  ['toll', 'cumulative', undefined, 1],
  ['tally', 'cumulative', undefined, 1],
  ['bringing', 'cumulative', undefined, 1],
  ['raising', 'cumulative', undefined, 1],
  ['increasing the toll', 'cumulative', undefined, 1],
  ['since the start', 'cumulative', undefined, 1],
  ['since the beginning', 'cumulative', undefined, 1],
  ['during the campaign', 'cumulative', undefined, 1],
  ['in the campaign', 'cumulative', undefined, 1],
  ['od rozpoczecia', 'cumulative', undefined, 1],
  ['منذ', 'cumulative', undefined, 1],
  // One report's month: what the month's assessments found.
  ['resulted in', 'breakdown', undefined, 1],
  ['resulting in', 'breakdown', undefined, 1],
  ['resulted', 'breakdown', undefined, 1],
  ['another', 'breakdown', undefined, 1],
  ['additional', 'breakdown', undefined, 1],
  ['more civilian deaths', 'breakdown', undefined, 1],
  ['new unintentional civilian casualties', 'breakdown', undefined, 1],
  // How sure.
  ['likely', 'grade', 'likely', 1],
  ['assessed as likely', 'grade', 'likely', 1],
  ['best estimate', 'grade', 'likely', 1],
  ['allegedly', 'grade', 'alleged', 1],
  ['alleged', 'grade', 'alleged', 1],
  ['suspected', 'grade', 'alleged', 1],
];

/** Words that only look like a grade: "it is more likely than not" is CJTF-OIR's standard of proof. */
export const NOT_A_GRADE: readonly (readonly string[])[] = [['more', 'likely', 'than', 'not']];

export interface CueTable {
  /** First word → cues starting with it, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly Cue[]>;
  readonly maxWords: number;
}

/** The cue table for a catalog: its vocabulary, then the reporting phrases above. */
export function buildCues(catalog: Pick<Catalog, 'metrics' | 'families'>): CueTable {
  const byFirst = new Map<string, Cue[]>();
  let maxWords = 1;
  const seen = new Set<string>();
  const add = (text: string, cue: Omit<Cue, 'words' | 'text'>): void => {
    const key = normalise(text);
    if (key === '' || seen.has(`${key}\u0000${cue.role}`)) return;
    seen.add(`${key}\u0000${cue.role}`);
    const words = key.split(' ');
    maxWords = Math.max(maxWords, words.length);
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ ...cue, words, text });
    byFirst.set(words[0]!, list);
  };
  // The reporting table first: where it and the vocabulary name one phrase, its strength holds.
  for (const [phrase, role, target, strength] of REPORTING) {
    if (role === 'counts') {
      const isMetric = target !== undefined && catalog.metrics.has(target);
      const family = isMetric ? catalog.metrics.get(target!)!.family : target;
      add(phrase, { role, strength, from: 'reporting', ...(isMetric ? { metric: target } : {}), ...(family ? { family } : {}) });
    } else if (role === 'grade') {
      add(phrase, { role, strength, from: 'reporting', grade: target as 'likely' | 'alleged' });
    } else {
      add(phrase, { role, strength, from: 'reporting' });
    }
  }
  for (const m of catalog.metrics.values()) {
    for (const text of [m.label, m.id.replace(/_/g, ' '), ...m.synonyms]) add(text, { role: 'counts', metric: m.id, family: m.family, strength: 2, from: 'vocabulary' });
  }
  for (const f of catalog.families.values()) {
    for (const text of [f.label, ...f.synonyms]) add(text, { role: 'counts', family: f.id, strength: 1, from: 'vocabulary' });
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirst, maxWords };
}
