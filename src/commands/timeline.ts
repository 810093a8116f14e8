// /timeline <subject> [metric]: one metric about a subject over time, a table per claimant series.
import type { MetricId } from '../catalog/schema.ts';
import { metricsFor, subjectFacts, timelineAnswer } from '../answers/timeline.ts';
import { complete } from '../search/complete.ts';
import type { Role } from '../search/index.ts';
import { chat, choiceName, cut, factCount, hasRole, resolveOption, str, textOption } from './options.ts';
import { readName, readTime, windowOf } from './read-name.ts';
import { understand, type MetricMention } from '../search/understand.ts';
import type { SearchIndex } from '../search/index.ts';
import { metricDef } from '../catalog/vocabulary.ts';
import type { PureCommand } from '../interactions/command.ts';
import { ANSWER_OPTIONS } from './answer-options.ts';

export const timeline: PureCommand = {
  definition: chat({
    name: 'timeline',
    description: 'A figure over time, e.g. CJTF-OIR’s cumulative civilian death count by report',
    options: [
      textOption('subject', 'Who or what the figures are about, e.g. coalition', true),
      textOption('metric', 'What is counted, e.g. civilian deaths, strikes (default: the longest series)', false),
      ...ANSWER_OPTIONS,
    ],
  }),
  pure: true,
  run(inv, { index }) {
    const subject = readName(index, str(inv.options, 'subject'), { option: 'subject', rest: {} }, {
      kinds: ['entity'],
      relevant: hasRole(index, ['subject', 'claimant']),
      has: (id) => subjectFacts(index, id).length > 0,
      follow: 'subjects',
    });
    if (!subject.ok) return subject.answer;
    const available = metricsFor(index, subject.term.id);
    let metric: MetricId | undefined;
    let time = subject.time;
    let mentions = subject.metrics;
    const metricRaw = str(inv.options, 'metric');
    if (metricRaw !== undefined) {
      const r = resolveOption(index, metricRaw, { option: 'metric', rest: { subject: subject.term.id } }, {
        kinds: ['metric'],
        relevant: (t) => available.includes(t.id),
      });
      if (r.ok) metric = r.term.id;
      else {
        // Words for a metric as people say them ("open investigations", "airstrikes since 2019").
        const u = understand(index, cut(metricRaw, 100));
        if (u.metrics.length === 0 || u.leftover.length > 0) return r.answer;
        mentions = u.metrics;
        time ??= u.time;
      }
    }
    metric ??= pickMetric(index, mentions, available);
    const whenRaw = str(inv.options, 'when');
    time ??= whenRaw === undefined ? undefined : readTime(index, whenRaw);
    const answer = timelineAnswer(index, { subject: subject.term.id, ...(metric ? { metric } : {}), ...(time && time.kind !== 'latest' ? { window: windowOf(index, time) } : {}) });
    if (!subject.via) return answer;
    if (answer.kind === 'timeline') return { ...answer, note: subject.via };
    return answer.kind === 'not_found' ? { ...answer, message: `${subject.via} ${answer.message}` } : answer;
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

/** The metric a question's words name, among those the subject has: one named, or the longest series of a family named. */
function pickMetric(index: SearchIndex, mentions: readonly MetricMention[], available: readonly MetricId[]): MetricId | undefined {
  for (const m of mentions) {
    if (m.metric !== undefined && available.includes(m.metric)) return m.metric;
    const inFamily = available.find((id) => metricDef(index.catalog, id)?.family === m.family);
    if (inFamily !== undefined) return inFamily;
  }
  return undefined;
}
