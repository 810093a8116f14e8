// /timeline <subject> [metric]: one metric about a subject over time, a table per claimant series.
import type { MetricId } from '../catalog/schema.ts';
import { metricsFor, subjectFacts, timelineAnswer } from '../answers/timeline.ts';
import { complete } from '../search/complete.ts';
import type { Role } from '../search/index.ts';
import { chat, choiceName, factCount, hasRole, resolveOption, str, textOption } from './options.ts';
import type { PureCommand } from '../interactions/command.ts';

export const timeline: PureCommand = {
  definition: chat({
    name: 'timeline',
    description: 'A figure over time, e.g. CJTF-OIR’s cumulative civilian death count by report',
    options: [
      textOption('subject', 'Who or what the figures are about, e.g. coalition', true),
      textOption('metric', 'What is counted, e.g. civilian deaths, strikes (default: the longest series)', false),
    ],
  }),
  pure: true,
  run(inv, { index }) {
    const subject = resolveOption(index, str(inv.options, 'subject'), { option: 'subject', rest: {} }, {
      kinds: ['entity'],
      relevant: hasRole(index, ['subject', 'claimant']),
    });
    if (!subject.ok) return subject.answer;
    const metricRaw = str(inv.options, 'metric');
    let metric: MetricId | undefined;
    if (metricRaw !== undefined) {
      const available = new Set(metricsFor(index, subject.term.id));
      const r = resolveOption(index, metricRaw, { option: 'metric', rest: { subject: subject.term.id } }, {
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
