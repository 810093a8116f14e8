// A hand-made /timeline answer for the chart tests, independent of the shipped data (which grows):
// three claimant series over 2015–2019 with every qualifier, a range series, and every kind of
// doubt a point can carry (a worked-out date, an assumed period, unconfirmed, disputed, draft,
// undated). The chart's image snapshot (chart-fixture.png) is drawn from it.
import type { EntityRef, Figure, TimelineSeries } from '../../src/answers/model.ts';
import type { TimelineAnswer } from '../../src/render/chart/data.ts';

const entity = (id: string, name: string, short = name): EntityRef => ({ id, name, short, kind: 'organisation' });
const COALITION = entity('coalition', 'Example coalition');
const MONITOR = entity('monitor', 'Example monitor', 'Monitor');
const COMMAND = entity('command', 'Example task force command', 'CJTF-X');
const OBSERVER = entity('observer', 'Example observatory', 'Observatory');

let n = 0;
function figure(claimant: EntityRef, date: string | undefined, value: Figure['value'], extra: Partial<Figure> = {}): Figure {
  n++;
  return {
    factId: `fixture-${n}`,
    metric: 'civilian_deaths',
    metricLabel: 'civilian deaths',
    unit: 'civilians killed',
    family: { id: 'civilian_deaths', label: 'civilian deaths' },
    value,
    qualifier: typeof value === 'number' ? 'exact' : 'range',
    verb: 'says',
    status: 'superseded',
    subject: COALITION,
    claimant,
    places: [],
    ...(date === undefined ? {} : { date, asOf: date }),
    dateCertainty: date === undefined ? 'undated' : 'stated',
    citations: [
      {
        chain: [{ id: `source-${n}`, title: `Report ${n}`, kind: 'primary_release', publisher: claimant, published: date ?? 'undated' }],
        quote: 'a quote',
      },
    ],
    ...extra,
  };
}

/** The command's monthly running total: 40 points, mostly "at least", some doubtful. */
export function commandRows(count = 40): Figure[] {
  return Array.from({ length: count }, (_, i) => {
    const y = 2015 + Math.floor(i / 12);
    const m = (i % 12) + 1;
    const date = `${y}-${String(m).padStart(2, '0')}-28`;
    const extra: Partial<Figure> =
      i === 7 ? { dateCertainty: 'inferred' } : i === 13 ? { periodUncertain: true } : i === 21 ? { status: 'unconfirmed' } : i === count - 1 ? { status: 'current' } : {};
    return figure(COMMAND, date, 50 + i * 35 + (i % 5) * 4, { qualifier: i % 9 === 4 ? 'exact' : 'at_least', ...extra });
  });
}

const series: TimelineSeries[] = [
  { claimant: COMMAND, series: 'monthly', rows: commandRows() },
  {
    claimant: MONITOR,
    rows: [
      figure(MONITOR, '2015-06-30', { min: 900, max: 1400 }),
      figure(MONITOR, '2016-06-30', { min: 1600, max: 2300 }),
      figure(MONITOR, '2017-06-30', { min: 2500, max: 3600 }, { status: 'disputed' }),
      figure(MONITOR, '2018-06', { min: 2900, max: 4100 }),
      figure(MONITOR, '2018-12-31', 4000, { qualifier: 'about', draft: true }),
    ],
  },
  {
    claimant: OBSERVER,
    rows: [
      figure(OBSERVER, undefined, 700, { qualifier: 'as_many_as' }),
      figure(OBSERVER, '2016-01-15', 500, { qualifier: 'as_many_as' }),
      figure(OBSERVER, '2017-03-01', 1100, { qualifier: 'more_than' }),
      figure(OBSERVER, '2018', 1500, { qualifier: 'fewer_than', status: 'current' }),
    ],
  },
];

export const FIXTURE_VERSION = 'fixture00001';

export const fixtureAnswer: TimelineAnswer = {
  kind: 'timeline',
  subject: COALITION,
  metric: { id: 'civilian_deaths', label: 'civilian deaths', unit: 'civilians killed' },
  series,
  otherMetrics: [],
  replay: { subject: 'coalition', metric: 'civilian_deaths' },
};
