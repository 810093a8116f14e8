// The bot's vocabulary as data: what figures measure (metrics, grouped in families), the words people
// use for them, the words a question can do without (stop words), and the relations between
// entities that let "OIR" reach the coalition. Moderators edit it in data/vocabulary.yaml (any fact
// file may hold these lists); it is validated with the rest (checks.ts) and reaches code only
// through the Catalog (`catalog.metrics`, `catalog.families`, `catalog.stopWords`,
// `catalog.relations`). Nothing here names a metric: the code knows the shape, the data the words.
import { z } from 'zod';
import { Id } from './ids.ts';
import type { Entity } from './schema.ts';
import type { Catalog } from './catalog.ts';

export const LanguageTag = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en", "ar" or "fr"');

/**
 * One spelling: plain text (English or language-neutral, e.g. an acronym), or `{ text, lang }` when
 * it belongs to a language, e.g. `{ text: داعش, lang: ar }`.
 */
export const Alias = z.union([
  z.string().min(1).max(100),
  z.strictObject({ text: z.string().min(1).max(100), lang: LanguageTag }),
]);
export type AliasInput = z.input<typeof Alias>;

/** A spelling that was given a language tag. */
export interface TaggedText {
  readonly text: string;
  readonly lang: string;
}

/**
 * Spellings as code reads them: the texts (what look-ups and answers use, as before language tags
 * existed) and, apart, the tags that were given. Pure.
 */
export function splitSpellings(list: readonly AliasInput[]): { texts: string[]; tagged: TaggedText[] } {
  const texts: string[] = [];
  const tagged: TaggedText[] = [];
  for (const a of list) {
    if (typeof a === 'string') texts.push(a);
    else {
      texts.push(a.text);
      tagged.push({ text: a.text, lang: a.lang });
    }
  }
  return { texts, tagged };
}

/** The language tag given to `text` in a list of tagged spellings, if any. */
export function languageOf(tagged: readonly TaggedText[] | undefined, text: string): string | undefined {
  return tagged?.find((t) => t.text === text)?.lang;
}

const Spellings = z.array(Alias).default([]);

/**
 * A family of metrics that answer the same question with different certainty or scope, e.g. civilian
 * deaths conceded, likely and alleged. Per claimant and family the newest figure leads.
 */
export const FamilyDefinition = z
  .strictObject({
    id: Id,
    label: z.string().min(1).max(100).describe('How answers name the family: "civilian deaths"'),
    /** Words that name the family as a whole ("civcas"), not one of its metrics. */
    synonyms: Spellings.describe('Words that name the whole family, e.g. "civcas"; unique across the vocabulary after normalising'),
    description: z.string().min(1).max(300).optional(),
    /**
     * The family whose running toll this one breaks down by month or year: a question about a
     * month or year of that family ("deaths in June 2017") is answered by this family's figure.
     */
    breakdown_of: Id.optional().describe('Family id whose running total this family breaks down by month or year'),
    /**
     * Families this one is a part of: named together ("civilian death toll": civilian deaths and
     * war deaths), the narrower one answers.
     */
    within: z.array(Id).default([]).describe('Family ids this family is a part of; named together, this narrower one answers'),
    /**
     * Families whose figures this one's events cause: named together ("civilians killed by coalition
     * strikes"), the effect answers and this family only describes it.
     */
    cause_of: z.array(Id).default([]).describe('Family ids counting what this family causes; named together, those answer'),
  })
  .transform(({ synonyms, ...rest }) => {
    const { texts, tagged } = splitSpellings(synonyms);
    return { ...rest, synonyms: texts, ...(tagged.length > 0 ? { synonym_languages: tagged } : {}) };
  });

/** What a figure measures. `unit` is the counted thing, used in wording ("1,370 civilians killed"). */
export const MetricDefinition = z
  .strictObject({
    id: Id,
    label: z.string().min(1).max(100).describe('How answers name it: "civilian deaths likely"'),
    unit: z.string().min(1).max(60).describe('The counted thing, for wording: "civilians killed"'),
    cumulative: z.boolean().describe('true when the figure runs from a campaign start (a toll); false for a month, a year or a snapshot'),
    family: Id.describe('Family id (from `families:`): its metrics compete for "latest", e.g. civilian deaths conceded, likely, alleged'),
    headline: z.boolean().default(false).describe('true for a figure an overview may lead with; false for breakdowns and report counts'),
    grade: z.string().min(1).max(40).optional().describe('How sure the claimant is, shown as a separate label: "likely", "alleged"'),
    synonyms: Spellings.describe('Other words people use for this metric; unique across the vocabulary after normalising'),
    description: z.string().min(1).max(300).optional(),
  })
  .transform(({ synonyms, ...rest }) => {
    const { texts, tagged } = splitSpellings(synonyms);
    return { ...rest, synonyms: texts, ...(tagged.length > 0 ? { synonym_languages: tagged } : {}) };
  });

/** Words a question can do without ("how", "many", "the"), per language. */
export const StopWordList = z.strictObject({
  lang: LanguageTag,
  words: z.array(z.string().min(1).max(40)).min(1).describe('Each word is matched after normalising; none may be a metric word'),
});

export type FamilyDef = z.infer<typeof FamilyDefinition>;
export type MetricDef = z.infer<typeof MetricDefinition>;
export type StopWordList = z.infer<typeof StopWordList>;

/**
 * Relations between entities, each an entity field naming another entity:
 * - `part_of`: a body within a larger one (CJTF-OIR is part of the coalition; Mosul of Iraq);
 * - `campaign_of`: an operation or campaign and the actor conducting it (OIR → the coalition);
 * - `command_of`: a command and the operation it runs (CJTF-OIR → OIR);
 * - `publishes`: an organisation and the recurring publications it issues (CJTF-OIR → its monthly report).
 */
export const RELATION_KINDS = ['part_of', 'campaign_of', 'command_of', 'publishes'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface Relation {
  readonly from: string;
  readonly kind: RelationKind;
  readonly to: string;
}

/** The relation edges an entity's fields declare, in field order. */
export function entityRelations(e: Entity): Relation[] {
  const out: Relation[] = [];
  if (e.part_of !== undefined) out.push({ from: e.id, kind: 'part_of', to: e.part_of });
  if (e.campaign_of !== undefined) out.push({ from: e.id, kind: 'campaign_of', to: e.campaign_of });
  if (e.command_of !== undefined) out.push({ from: e.id, kind: 'command_of', to: e.command_of });
  for (const p of e.publishes ?? []) out.push({ from: e.id, kind: 'publishes', to: p });
  return out;
}

/**
 * A metric's definition from the catalog's vocabulary. An id the vocabulary lacks (a catalog built
 * by hand in a test, never a loaded one: the loader rejects such facts) still reads as something.
 */
export function metricDef(catalog: Pick<Catalog, 'metrics'>, id: string): MetricDef {
  return catalog.metrics.get(id) ?? unknownMetric(id);
}

function unknownMetric(id: string): MetricDef {
  const words = id.replace(/[_.-]+/g, ' ');
  return { id, label: words, unit: words, cumulative: false, family: id, headline: false, synonyms: [] };
}
