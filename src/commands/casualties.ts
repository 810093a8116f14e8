// /casualties <subject> [place] [as_of]: every claimant's latest civilian-death figure about an
// actor, side by side, never merged.
import { factDate } from '../catalog/catalog.ts';
import { normalise } from '../catalog/normalise.ts';
import { casualtiesAnswer, casualtyFacts, hasCasualtyFigures } from '../answers/casualties.ts';
import type { Answer } from '../answers/model.ts';
import { complete, MAX_CHOICES } from '../search/complete.ts';
import type { Role } from '../search/index.ts';
import { formatDate } from '../render/format.ts';
import { parseAsOf } from './dates.ts';
import { chat, choiceName, cut, factCount, hasRole, resolveOption, str, textOption } from './options.ts';
import { asOfOf, readName, readTime } from './read-name.ts';
import { timeline } from './timeline.ts';
import type { Choice, PureCommand } from '../interactions/command.ts';
import { ANSWER_OPTIONS } from './answer-options.ts';

export const casualties: PureCommand = {
  definition: chat({
    name: 'casualties',
    description: 'Civilian deaths attributed to an actor: each claimant’s latest figure, side by side',
    options: [
      textOption('subject', 'Who the deaths are attributed to, e.g. coalition', true),
      textOption('place', 'Only figures for this place, e.g. Syria', false),
      textOption('as_of', 'Only figures up to this date, e.g. 2019-12 or Dec 2019', false),
      ...ANSWER_OPTIONS,
    ],
  }),
  pure: true,
  run(inv, { index }) {
    const rest: Record<string, string> = {};
    let place: string | undefined;
    const placeRaw = str(inv.options, 'place');
    if (placeRaw !== undefined) {
      const r = resolveOption(index, placeRaw, { option: 'place', rest: {} }, { kinds: ['entity'], relevant: hasRole(index, ['place']) });
      if (!r.ok) return withRest(r.answer, { subject: str(inv.options, 'subject') ?? '' });
      place = r.term.id;
      rest.place = place;
    }
    let asOf: string | undefined;
    const asOfRaw = str(inv.options, 'as_of');
    if (asOfRaw !== undefined) {
      // "2019-12", "Dec 2019", and as people write it: "end of 2018", "٢٠١٨", "كانون الأول 2019".
      const t = readTime(index, asOfRaw);
      asOf = parseAsOf(asOfRaw) ?? (t ? asOfOf(t) : undefined);
      if (asOf === undefined) return { kind: 'invalid', message: `“${cut(asOfRaw, 40)}” is not a date: use 2019, 2019-12, 2019-12-31 or Dec 2019.` };
      rest.as_of = asOf;
    }
    const subject = readName(index, str(inv.options, 'subject'), { option: 'subject', rest }, {
      kinds: ['entity'],
      relevant: hasRole(index, ['subject', 'claimant']),
      has: (id) => hasCasualtyFigures(index, id),
      follow: 'subjects',
    });
    if (!subject.ok) return subject.answer;
    // A time or place written into the subject ("coalition 2017") counts as if given in its option.
    asOf ??= subject.time ? asOfOf(subject.time) : undefined;
    place ??= subject.place;
    // A date after today has no figure yet; answering with today's figures would not answer it.
    if (asOf !== undefined && asOf.slice(0, 10) > new Date().toISOString().slice(0, asOf.length)) {
      return { kind: 'invalid', message: `No figure for ${asOf}: that date has not come yet.` };
    }
    const answer = casualtiesAnswer(index, { subject: subject.term.id, ...(place ? { place } : {}), ...(asOf ? { asOf } : {}) });
    if (answer.kind !== 'casualties') return answer;
    return {
      ...answer,
      ...(subject.via ? { note: answer.note ? `${subject.via} ${answer.note}` : subject.via } : {}),
      // Each side's whole series is one click away.
      related: [{ label: 'Timeline', command: timeline.definition.name, options: { subject: subject.term.id } }],
    };
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
