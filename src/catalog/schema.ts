// The shape of the fact files. Every TypeScript type the rest of the bot uses for catalog data is
// inferred from these schemas, so the file format and the code cannot drift apart.
import { z } from 'zod';
import { Id } from './ids.ts';
import { Alias, FamilyDefinition, MetricDefinition, splitSpellings, StopWordList } from './vocabulary.ts';

export { Id };

/**
 * A calendar date at the precision the claimant gave it: "2014", "2014-08" or "2014-08-08".
 * Reports say "since August 2014", and inventing a day would be claiming more than they did.
 */
export const PartialDate = z
  .string()
  // abort: a date of the wrong shape is not also reported as "not a real calendar date".
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, { error: 'dates are YYYY, YYYY-MM or YYYY-MM-DD', abort: true })
  .refine(isRealPartialDate, 'not a real calendar date');

/**
 * A publication date at the precision known ("2018-01" for a page that shows only the month),
 * optionally with a time ("2020-02-14T23:10Z"). A placeholder day would be an invented fact.
 */
export const DateTime = z
  .string()
  .regex(
    /^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/,
    { error: 'use YYYY-MM-DD (or YYYY-MM, YYYY when that is all that is known), optionally with a time: YYYY-MM-DDTHH:MMZ', abort: true },
  )
  .refine((s) => isRealPartialDate(s.slice(0, 10)), 'not a real calendar date');

/** The `published` value of a source that shows no date and none can be established. */
export const UNDATED = 'undated';

export function isRealPartialDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  if (m[2] === undefined) return year >= 1900 && year <= 2200;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

export const EntityKind = z.enum(['actor', 'organisation', 'operation', 'place', 'conflict', 'outlet', 'population', 'publication']);

/**
 * Relation fields (part_of, campaign_of, command_of, publishes) are what lets a question reach the
 * right records: "OIR" is the coalition's campaign, CJTF-OIR its command and the publisher of the
 * monthly report. See src/catalog/vocabulary.ts (RELATION_KINDS).
 */
export const Entity = z
  .strictObject({
    id: Id,
    kind: EntityKind,
    name: z.string().min(1).max(200),
    /** Other spellings, acronyms and languages; looked up after normalisation. */
    aliases: z
      .array(Alias)
      .default([])
      .describe('Other spellings, acronyms and languages ("Daesh", or { text: داعش, lang: ar }); unique across entities after normalising'),
    part_of: Id.optional().describe('Entity id of the larger body or place this one belongs to'),
    campaign_of: Id.optional().describe('For an operation or campaign: entity id of the actor conducting it'),
    command_of: Id.optional().describe('For a command: entity id of the operation it runs'),
    publishes: z.array(Id).optional().describe('Entity ids of the recurring publications (kind: publication) this body issues'),
    description: z.string().min(1).max(300).describe('One neutral line'),
    url: z.url().optional(),
  })
  // Code reads aliases as plain texts, as before language tags existed; the tags are kept apart.
  .transform(({ aliases, ...rest }) => {
    const { texts, tagged } = splitSpellings(aliases);
    return { ...rest, aliases: texts, ...(tagged.length > 0 ? { alias_languages: tagged } : {}) };
  });

export const SourceKind = z.enum(['primary_release', 'news_agency', 'news_article', 'ngo_estimate', 'dataset']);

export const Source = z.strictObject({
  id: Id,
  kind: SourceKind,
  /** Entity id of the outlet or organisation that published it. */
  publisher: Id.describe('Entity id of the outlet or organisation that published it'),
  title: z.string().min(1).max(300),
  /** "undated" for a page that shows no date and none can be established: better than a guess. */
  published: z.union([DateTime, z.literal(UNDATED)]).describe('YYYY-MM-DD (or YYYY-MM, YYYY), optionally with a time; "undated" when no date can be established'),
  /**
   * The date was worked out (from a weekday such as "on Thursday", a relaying copy's date, another
   * page's URL, the content, or as the earliest possible date), not printed on the source itself.
   */
  published_inferred: z.boolean().optional().describe('true when the date was worked out (from "on Thursday", a copy, the content), not printed on the source; say how in notes'),
  /** Whether the publisher named here is established or a working assumption. */
  attribution: z.enum(['verified', 'unverified']).default('verified').describe('unverified when the publisher named here is a working assumption; say why in attribution_note'),
  attribution_note: z.string().min(1).max(300).optional().describe('Why the attribution is doubted, in our own words'),
  /** Optional on purpose: a source we only know second-hand has no URL, and we never invent one. */
  url: z.url().optional().describe('Only the real address; omit it when unknown, never invent one'),
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en" or "ar"').default('en'),
  /** The source this one relays (a news article citing a wire citing the primary report). */
  via: Id.optional().describe('Source id of what this one relays (article → wire → primary report)'),
  retrieved: DateTime.optional(),
  notes: z.string().max(1000).optional(),
});

/**
 * A metric id: what a figure measures. The vocabulary is data (data/vocabulary.yaml, validated by the
 * loader), so any id the catalog's `metrics` holds is one; read definitions with
 * `metricDef(catalog, id)` (src/catalog/vocabulary.ts).
 */
export type MetricId = string;

/**
 * @deprecated A frozen copy of the shipped metric definitions for readers not yet given the catalog
 * (src/answers/lists.ts, bench/). The vocabulary lives in data/vocabulary.yaml and reaches code as
 * `catalog.metrics`; a test holds this copy equal to the shipped data until it can go.
 */
export const METRICS: Readonly<Record<MetricId, { readonly label: string; readonly unit: string; readonly cumulative: boolean }>> = Object.freeze({
  civilian_deaths: { label: 'civilian deaths', unit: 'civilians killed', cumulative: true },
  civilian_deaths_month: { label: 'civilian deaths assessed in the month', unit: 'civilians killed in the month', cumulative: false },
  civilian_deaths_added: { label: 'civilian deaths added from earlier reports', unit: 'civilians killed, added from earlier reports', cumulative: false },
  civilian_deaths_year: { label: 'civilian deaths in the year', unit: 'civilians killed in the year', cumulative: false },
  civilian_deaths_alleged: { label: 'civilian deaths alleged', unit: 'civilians reported killed', cumulative: true },
  civilian_deaths_likely: { label: 'civilian deaths likely', unit: 'civilians likely killed', cumulative: true },
  strikes: { label: 'strikes', unit: 'strikes', cumulative: true },
  reports_carried_over: { label: 'casualty reports carried over', unit: 'reports', cumulative: false },
  reports_new: { label: 'new casualty reports', unit: 'reports', cumulative: false },
  reports_completed: { label: 'casualty reports completed', unit: 'reports', cumulative: false },
  reports_credible: { label: 'credible casualty reports', unit: 'reports', cumulative: false },
  reports_non_credible: { label: 'non-credible casualty reports', unit: 'reports', cumulative: false },
  reports_duplicate: { label: 'duplicate casualty reports', unit: 'reports', cumulative: false },
  reports_reopened: { label: 'reopened casualty reports', unit: 'reports', cumulative: false },
  reports_open: { label: 'casualty reports still open', unit: 'reports', cumulative: false },
  reports_total: { label: 'casualty reports assessed in total', unit: 'reports', cumulative: true },
  reports_credible_total: { label: 'credible casualty reports in total', unit: 'reports', cumulative: true },
  war_deaths: { label: 'war deaths', unit: 'people killed', cumulative: true },
  refugees: { label: 'refugees', unit: 'refugees', cumulative: false },
  troops: { label: 'troops', unit: 'troops', cumulative: false },
});

export const Qualifier = z.enum(['exact', 'about', 'at_least', 'more_than', 'as_many_as', 'fewer_than', 'range']);

export const Range = z.strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() });

export const Evidence = z.strictObject({
  source: Id,
  /** A short verbatim excerpt that contains the figure as the source wrote it. */
  quote: z.string().min(1).max(600).describe('Short verbatim excerpt containing the figure as written'),
  /** Where in the source: a paragraph, page or heading. */
  locator: z.string().max(200).optional(),
  /**
   * The report this passage relays, when it is not the source's own `via`: an article about one
   * report that recalls the figure of an earlier one.
   */
  via: Id.optional().describe("Source id of the report this passage relays, when it differs from the source's own via (an article recalling an earlier report)"),
});

export const FactStatus = z.enum(['current', 'superseded', 'disputed', 'unconfirmed']);

export const Period = z.strictObject({
  start: PartialDate.optional(),
  end: PartialDate.optional(),
  /** The period is assumed (from a report's monthly rhythm, a later article), not stated by the source. */
  uncertain: z.boolean().optional().describe('true when the period is assumed (e.g. from the monthly rhythm of reports), not stated; say why in notes'),
});

export const Fact = z.strictObject({
  id: Id,
  /** Checked against the vocabulary's metrics by the loader, with a "did you mean". */
  metric: Id.describe('Metric id from the vocabulary (`metrics:` in data/vocabulary.yaml), e.g. civilian_deaths'),
  /** Who or what the figure is about (the coalition for deaths it caused, Syria's war for a toll). */
  subject: Id.describe('Entity id of who or what the figure is about'),
  /** Who asserts the figure. Never merged with another claimant's. */
  claimant: Id.describe('Entity id of who asserts the figure'),
  places: z.array(Id).default([]),
  period: Period.optional(),
  as_of: PartialDate.optional(),
  value: z.union([z.number().nonnegative(), Range]),
  qualifier: Qualifier,
  /** The claimant's own verb, for wording answers: "assesses", "estimates", "says". */
  verb: z.string().min(1).max(40).default('says').describe('The claimant\'s own verb: assesses, estimates, says'),
  /** Groups figures of one recurring publication, for the arithmetic checks. */
  series: Id.optional().describe('Recurring publication this figure belongs to, for the arithmetic checks'),
  evidence: z.array(Evidence).min(1),
  status: FactStatus.default('current'),
  notes: z.string().max(1000).optional().describe('Doubts and context, in our own words'),
  /**
   * Proposed by `npm run draft` and not yet reviewed: served nowhere as a lead figure, marked where
   * it shows. Removing it (after checking every field against the source) is the moderator's review.
   */
  draft: z.boolean().optional().describe('true for a figure proposed by npm run draft and not yet reviewed: it never leads an answer; remove it once checked'),
});

/**
 * One YAML file. Any file may hold any of the lists, so a report's figures sit together; the
 * vocabulary (families, metrics, stop words) sits in data/vocabulary.yaml by convention.
 */
export const FactFile = z.strictObject({
  entities: z.array(Entity).default([]),
  sources: z.array(Source).default([]),
  facts: z.array(Fact).default([]),
  families: z.array(FamilyDefinition).default([]).describe('Metric families (vocabulary): metrics answering the same question with different certainty'),
  metrics: z.array(MetricDefinition).default([]).describe('What figures measure (vocabulary), with the words people use for each'),
  stop_words: z.array(StopWordList).default([]).describe('Words a question can do without, per language (vocabulary)'),
});

export type Entity = z.infer<typeof Entity>;
export type EntityKind = z.infer<typeof EntityKind>;
export type Source = z.infer<typeof Source>;
export type SourceKind = z.infer<typeof SourceKind>;
export type Evidence = z.infer<typeof Evidence>;
export type Qualifier = z.infer<typeof Qualifier>;
export type FactStatus = z.infer<typeof FactStatus>;
export type Fact = z.infer<typeof Fact>;
export type FactFile = z.infer<typeof FactFile>;
export type FactFileInput = z.input<typeof FactFile>;
