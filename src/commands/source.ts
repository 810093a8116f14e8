// /source <name>: a source or claimant, what it is, and the figures citing it, newest first.
import { sourceAnswer } from '../answers/lists.ts';
import { complete } from '../search/complete.ts';
import type { Role } from '../search/index.ts';
import { formatDate } from '../render/format.ts';
import { chat, choiceName, entityHas, factCount, hasRole, pageOf, str, textOption } from './options.ts';
import { readName, readTime, windowOf } from './read-name.ts';
import type { PureCommand } from '../interactions/command.ts';
import { ANSWER_OPTIONS } from './answer-options.ts';

const SOURCE_ROLES: Role[] = ['claimant', 'source'];

export const source: PureCommand = {
  definition: chat({
    name: 'source',
    description: 'A source or claimant: what it is, and the figures citing it, newest first',
    options: [textOption('name', 'e.g. Airwars, CJTF-OIR, KUNA, or a report title', true), ...ANSWER_OPTIONS],
  }),
  pure: true,
  run(inv, { index }) {
    const r = readName(index, str(inv.options, 'name'), { option: 'name', rest: {} }, {
      kinds: ['entity', 'source'],
      relevant: hasRole(index, SOURCE_ROLES),
      has: entityHas(index, SOURCE_ROLES),
      follow: 'claimants',
    });
    if (!r.ok) return r.answer;
    const target = r.term.kind === 'source' ? { source: r.term.id } : { entity: r.term.id };
    const whenRaw = str(inv.options, 'when');
    const time = r.time ?? (whenRaw === undefined ? undefined : readTime(index, whenRaw));
    const answer = sourceAnswer(index, target, pageOf(inv.options), time && time.kind !== 'latest' ? windowOf(index, time) : undefined);
    return r.via && answer.kind === 'source' ? { ...answer, note: r.via } : answer;
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
