// The answer model: what the bot says, as data. Handlers produce it without knowing about Discord;
// the renderers turn it into an interaction response or terminal text, so both say the same thing.
import type { EntityKind, FactStatus, MetricId, Qualifier, SourceKind } from '../catalog/schema.ts';

export interface EntityRef {
  readonly id: string;
  readonly name: string;
  /** What a sentence calls it: an acronym alias ("CJTF-OIR") when the name is long. */
  readonly short: string;
  readonly kind: EntityKind | 'unknown';
}

export interface SourceRef {
  readonly id: string;
  readonly title: string;
  readonly kind: SourceKind;
  readonly publisher: EntityRef;
  /** A date, or "undated" when the page shows none and none could be established. */
  readonly published: string;
  /** The date was worked out, not printed on the source: shown "≈ Feb 2020". */
  readonly publishedInferred?: boolean;
  /** Why the publisher named is only a working assumption (our words), when it is. */
  readonly attributionDoubt?: string;
  readonly url?: string;
}

export interface Citation {
  /** The source the evidence names, then what it relays, ending at the original. */
  readonly chain: readonly SourceRef[];
  readonly quote: string;
  readonly locator?: string;
}

/** One figure, as its claimant stated it. */
export interface Figure {
  readonly factId: string;
  readonly metric: MetricId;
  readonly metricLabel: string;
  /**
   * The words after the number in the claimant's sentence: the metric's unit ("civilians killed")
   * when it names the metric, its label when other metrics share the unit ("casualty reports
   * carried over"), never the grade (that is `grade`, a label of its own).
   */
  readonly unit: string;
  /** How sure the claimant is, from the vocabulary ("likely", "alleged"): shown as a separate label. */
  readonly grade?: string;
  /** The metric family (from the vocabulary): its figures compete for "latest". */
  readonly family: { readonly id: string; readonly label: string };
  readonly value: number | { readonly min: number; readonly max: number };
  readonly qualifier: Qualifier;
  readonly verb: string;
  readonly status: FactStatus;
  readonly subject: EntityRef;
  readonly claimant: EntityRef;
  readonly places: readonly EntityRef[];
  readonly period?: { readonly start?: string; readonly end?: string };
  readonly asOf?: string;
  /** The date the figure speaks for (as_of, else period end/start). */
  readonly date?: string;
  /**
   * How sure that date is: 'stated' by a source, 'inferred' (only as sure as a worked-out
   * publication date, or an assumed period), or 'undated' (nothing says when the figure stood).
   */
  readonly dateCertainty: 'stated' | 'inferred' | 'undated';
  /** The period is assumed (from a report's rhythm), not stated: shown with "?" and a note. */
  readonly periodUncertain?: boolean;
  /** Latest publication date among its dated sources; `publishedInferred` when that date was worked out. */
  readonly published?: string;
  readonly publishedInferred?: boolean;
  /** A draft (`draft: true` in the data): never leads an answer. */
  readonly draft?: boolean;
  readonly citations: readonly Citation[];
  readonly series?: string;
  readonly notes?: string;
}

/**
 * The options that ask the same question again, with resolved ids: what stateless buttons and
 * menus carry, so any instance of the bot can answer a click without remembering the message.
 * Which command they belong to is the command layer's to say; answers never name commands.
 */
export type ReplayOptions = Readonly<Record<string, string>>;

/** A button to another command, added by the command layer (which knows the command names). */
export interface Related {
  readonly label: string;
  readonly command: string;
  readonly options: ReplayOptions;
}

export interface Paging {
  readonly page: number;
  readonly pages: number;
}

export interface CasualtySide {
  readonly claimant: EntityRef;
  /** The metric family (civilian deaths conceded, likely, alleged: one question). */
  readonly family: { readonly id: string; readonly label: string };
  /**
   * The newest dated figure of this claimant and family (a stated date beats an inferred one or
   * none; a confirmed figure beats an unconfirmed one; a draft never leads).
   */
  readonly latest: Figure;
  /** A few older figures of the family, newest first: shown as earlier and dated, never as current. */
  readonly earlierShown: readonly Figure[];
  /** How many older figures of the same claimant and family there are in all (shown or folded). */
  readonly earlier: number;
  /**
   * With a place asked for: whether the side's figures count that place 'alone' (or a part of
   * it), or it 'combined' with other places (an Iraq-and-Syria total asked about Iraq).
   */
  readonly coverage?: 'alone' | 'combined';
}

export interface TimelineSeries {
  readonly claimant: EntityRef;
  readonly series?: string;
  /** Oldest first, as a table reads. */
  readonly rows: readonly Figure[];
}

export interface Suggestion {
  /** What to show. */
  readonly label: string;
  /** Short context: kind, alias matched. */
  readonly detail?: string;
  /** The option value that answers it (an id). */
  readonly value: string;
}

export type Answer =
  | {
      readonly kind: 'casualties';
      readonly subject: EntityRef;
      readonly place?: EntityRef;
      /**
       * What the figures shown cover, when a place was asked for and no figure counts it alone:
       * every place the combined figures cover (Iraq and Syria), so the heading says so.
       */
      readonly covers?: readonly EntityRef[];
      readonly asOf?: string;
      readonly sides: readonly CasualtySide[];
      /** Sides ranked after the ones worded, only counted (a message cannot show them all). */
      readonly omittedSides?: number;
      /** Said when the figures shown are not about the subject itself (e.g. claimed by it). */
      readonly note?: string;
      /** Where to read the whole series of a side (a command the answer layer does not name). */
      readonly related?: readonly Related[];
      readonly replay: ReplayOptions;
    }
  | {
      readonly kind: 'timeline';
      readonly subject: EntityRef;
      readonly metric: { readonly id: MetricId; readonly label: string; readonly unit: string };
      readonly series: readonly TimelineSeries[];
      /** The time window asked for ("since 2019"), when one was. */
      readonly window?: string;
      /** How the subject typed was read, when through a relation ("Read “OIR” as OIR → US-led coalition."). */
      readonly note?: string;
      readonly otherMetrics: readonly MetricId[];
      readonly replay: ReplayOptions;
    }
  | {
      readonly kind: 'source';
      /** The time window asked for, when one was. */
      readonly window?: string;
      /** How the name typed was read, when through a relation. */
      readonly note?: string;
      readonly target:
        | { readonly type: 'entity'; readonly entity: EntityRef; readonly description: string; readonly url?: string; readonly aliases: readonly string[] }
        | { readonly type: 'source'; readonly source: SourceRef; readonly notes?: string; readonly language: string; readonly via?: SourceRef };
      readonly figures: readonly Figure[];
      readonly paging: Paging;
      readonly total: number;
      readonly replay: ReplayOptions;
    }
  | {
      readonly kind: 'facts';
      readonly query: string;
      /** Said before the figures: what the question named that the data lacks, how names were read. */
      readonly lines?: readonly string[];
      readonly results: readonly { readonly figure: Figure; readonly earlier: number }[];
      readonly paging: Paging;
      readonly total: number;
      readonly replay: ReplayOptions;
    }
  | {
      readonly kind: 'about';
      readonly counts: { readonly facts: number; readonly entities: number; readonly sources: number; readonly claimants: number; readonly files: number };
      readonly newest?: Figure;
      readonly version: string;
      readonly byMetric: readonly { readonly label: string; readonly count: number }[];
      /** The commands everyone can use, as registered, with a hint where one helps. */
      readonly commands: readonly CommandSummary[];
      /** None: /about asks nothing, but a private one can still be asked again (Post in channel). */
      readonly replay: ReplayOptions;
    }
  | {
      /** Ready-to-paste citation lines. */
      readonly kind: 'cite';
      readonly figures: readonly Figure[];
    }
  | {
      /** The query matched several things, or nothing well enough: ask. */
      readonly kind: 'not_found';
      readonly message: string;
      readonly suggestions: readonly Suggestion[];
      /** Which option of the same command a chosen suggestion fills, with the other options already resolved. */
      readonly pick?: { readonly option: string; readonly rest: ReplayOptions };
    }
  | { readonly kind: 'invalid'; readonly message: string }
  | {
      /** For commands that report rather than look up (e.g. moderators' /facts status). */
      readonly kind: 'notice';
      readonly title: string;
      readonly lines: readonly string[];
      readonly ephemeral: boolean;
    };

export type AnswerKind = Answer['kind'];

export interface CommandSummary {
  readonly name: string;
  readonly hint?: string;
}

/** For exhaustive switches: a kind left out fails `npm run typecheck` here. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
