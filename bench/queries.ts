// The fixed query mix the benchmark times, drawn (seeded) from the shipped vocabulary only, so the
// same queries run against every catalog size: exact aliases, misspellings with one or two typos,
// prefixes as they are typed into autocomplete, multi-word questions, numbers, and questions as
// people ask them (time words, "latest", relations, French and Arabic digits and months).
import { normalise } from '../src/catalog/normalise.ts';
import { METRICS } from '../src/catalog/schema.ts';
import { prng, type Rng, type Vocabulary } from './generate.ts';

export type QueryKind = 'exact' | 'typo' | 'prefix' | 'multi' | 'number' | 'question';

export interface Query {
  readonly kind: QueryKind;
  readonly text: string;
}

export const QUERY_MIX: Readonly<Record<QueryKind, number>> = { exact: 60, typo: 60, prefix: 60, multi: 40, number: 40, question: 60 };

/** How questions are put: each fills in an actor, a metric word, a place and a year or month. */
const QUESTION_SHAPES: readonly ((a: string, m: string, p: string, y: number, mo: string) => string)[] = [
  (a, m, _p, y) => `how many ${m} did ${a} report in ${y}`,
  (a, m, _p, y) => `${a} ${m} by the end of ${y}`,
  (a, m, p) => `latest ${m} ${p}`,
  (a, m, _p, y, mo) => `${m} ${mo} ${y}`,
  (a, m, _p, y) => `${a} ${m} since ${y}`,
  (a, m, p, y) => `what was the ${m} in ${p} as of march ${y}`,
  (a, _m, _p, y) => `${a} ${String(y).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!)}`,
  (a, m, p) => `most recent ${a} estimate of ${m} in ${p}`,
  (_a, m, p, y) => `combien de ${m} en ${p} en ${y}`,
  (a, m, p, y) => `${a} children ${m} ${p} ${y}`, // a word the data does not hold: an honest miss
];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Words people use for what is counted, besides the metric labels. */
const METRIC_WORDS = ['civilian deaths', 'casualties', 'airstrikes', 'strikes', 'refugees', 'killed', 'troops', 'death toll', 'civilians killed'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function buildQueryMix(v: Vocabulary, seed = 6): Query[] {
  const rng = prng(seed);
  const out: Query[] = [];
  // Latin-script spellings of at least 4 letters make sensible typos and prefixes.
  const latin = v.aliases.filter((a) => /^[\p{Script=Latin}\d\s.'’()&–-]+$/u.test(a) && a.replace(/\W/g, '').length >= 4);
  const metricTexts = [...Object.values(METRICS).map((m) => m.label), ...METRIC_WORDS];
  const placeNames = v.places.map((p) => v.names[p] ?? p);

  for (let i = 0; i < QUERY_MIX.exact; i++) out.push({ kind: 'exact', text: rng.pick(v.aliases) });
  // A misspelling that happens to be another real spelling is not a misspelling: draw again.
  const known = new Set(v.aliases.map(normalise));
  while (out.length < QUERY_MIX.exact + QUERY_MIX.typo) {
    const text = misspell(rng, rng.pick(latin), rng.chance(0.5) ? 1 : 2);
    if (!known.has(normalise(text))) out.push({ kind: 'typo', text });
  }
  // Keystroke by keystroke: "c", "co", "coa", … for a few names.
  while (out.length < QUERY_MIX.exact + QUERY_MIX.typo + QUERY_MIX.prefix) {
    const name = rng.pick(latin);
    for (let len = 1; len <= Math.min(name.length, 6) && out.length < QUERY_MIX.exact + QUERY_MIX.typo + QUERY_MIX.prefix; len++) {
      out.push({ kind: 'prefix', text: name.slice(0, len).toLowerCase() });
    }
  }
  for (let i = 0; i < QUERY_MIX.multi; i++) {
    const alias = rng.pick(latin);
    const metric = rng.pick(metricTexts);
    const place = rng.pick(placeNames);
    const shape = i % 4;
    const text = shape === 0 ? `${alias} ${metric}` : shape === 1 ? `${metric} ${place}` : shape === 2 ? `${alias} ${metric} ${place}` : `how many ${metric} did ${alias} report in ${place}`;
    out.push({ kind: 'multi', text: text.slice(0, 100) });
  }
  for (let i = 0; i < QUERY_MIX.question; i++) {
    const shape = QUESTION_SHAPES[i % QUESTION_SHAPES.length]!;
    const text = shape(rng.pick(latin), rng.pick(metricTexts), rng.pick(placeNames), rng.int(2014, 2021), rng.pick(MONTH_NAMES));
    out.push({ kind: 'question', text: text.slice(0, 100) });
  }
  for (let i = 0; i < QUERY_MIX.number; i++) {
    const value = rng.pick(v.values);
    const shape = i % 5;
    const text =
      shape === 0 ? value.toLocaleString('en-US')
      : shape === 1 ? String(value)
      : shape === 2 ? `${rng.pick(latin)} ${value.toLocaleString('en-US')}`
      : shape === 3 ? `${(rng.int(11, 99) / 10).toFixed(1)} million`
      : String(rng.int(1, 99_999)); // a number nobody may have stated
    out.push({ kind: 'number', text });
  }
  return out;
}

/** One or two typos: a letter replaced, dropped, doubled or swapped with its neighbour. */
export function misspell(rng: Rng, word: string, typos: number): string {
  let w = word;
  for (let t = 0; t < typos; t++) {
    // Never the first letter: people rarely get that wrong, and prefixes would hide the typo.
    const letters = [...w].map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
    if (letters.length === 0) break;
    const i = rng.pick(letters);
    const chars = [...w];
    switch (rng.int(0, 3)) {
      case 0: {
        const c = chars[i]!.toLowerCase();
        let r = rng.pick([...LETTERS]);
        if (r === c) r = r === 'z' ? 'a' : String.fromCharCode(r.charCodeAt(0) + 1);
        chars[i] = r;
        break;
      }
      case 1:
        chars.splice(i, 1);
        break;
      case 2:
        chars.splice(i, 0, chars[i]!);
        break;
      default:
        if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
        else chars.splice(i, 1);
    }
    w = chars.join('');
  }
  return w;
}

/** Which command and option a query of the mix is typed into, for autocomplete and for the command (the bench and the profiler agree). */
export function autocompleteTarget(q: Query, i: number): { name: string; focused: string } {
  if (q.kind === 'multi' || q.kind === 'number' || q.kind === 'question') return { name: 'fact', focused: 'query' };
  const targets = [
    { name: 'casualties', focused: 'subject' },
    { name: 'timeline', focused: 'subject' },
    { name: 'source', focused: 'name' },
    { name: 'fact', focused: 'query' },
  ];
  return targets[i % targets.length]!;
}

export function commandTarget(q: Query, i: number): { name: string; option: string } {
  if (q.kind === 'exact' || q.kind === 'typo') {
    const targets = [
      { name: 'casualties', option: 'subject' },
      { name: 'timeline', option: 'subject' },
      { name: 'source', option: 'name' },
    ];
    return targets[i % targets.length]!;
  }
  return { name: 'fact', option: 'query' };
}
