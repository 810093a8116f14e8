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
 * Enough to run the command again with resolved ids: what stateless buttons and menus carry in
 * their custom_id, so any instance of the bot can answer a click without remembering the message.
 */
export interface Replay {
  readonly command: string;
  readonly options: Readonly<Record<string, string>>;
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
      readonly replay: Replay;
    }
  | {
      readonly kind: 'timeline';
      readonly subject: EntityRef;
      readonly metric: { readonly id: MetricId; readonly label: string; readonly unit: string };
      readonly series: readonly TimelineSeries[];
      readonly otherMetrics: readonly MetricId[];
      readonly replay: Replay;
    }
  | {
      readonly kind: 'source';
      readonly target:
        | { readonly type: 'entity'; readonly entity: EntityRef; readonly description: string; readonly url?: string; readonly aliases: readonly string[] }
        | { readonly type: 'source'; readonly source: SourceRef; readonly notes?: string; readonly language: string; readonly via?: SourceRef };
      readonly figures: readonly Figure[];
      readonly paging: Paging;
      readonly total: number;
      readonly replay: Replay;
    }
  | {
      readonly kind: 'facts';
      readonly query: string;
      readonly results: readonly { readonly figure: Figure; readonly earlier: number }[];
      readonly paging: Paging;
      readonly total: number;
      readonly replay: Replay;
    }
  | {
      readonly kind: 'about';
      readonly counts: { readonly facts: number; readonly entities: number; readonly sources: number; readonly claimants: number; readonly files: number };
      readonly newest?: Figure;
      readonly version: string;
      readonly byMetric: readonly { readonly label: string; readonly count: number }[];
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
      /** Which command and option a chosen suggestion fills, with the other options already resolved. */
      readonly pick?: { readonly command: string; readonly option: string; readonly rest: Readonly<Record<string, string>> };
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
