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
  readonly published: string;
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
  readonly unit: string;
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
  readonly published?: string;
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
  readonly latest: Figure;
  /** Earlier figures of the same claimant and metric. */
  readonly earlier: number;
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
      readonly asOf?: string;
      readonly sides: readonly CasualtySide[];
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
