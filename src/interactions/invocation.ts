// The transport-neutral shape of what a user asked, and of what the bot sends back. The gateway
// client and the HTTP endpoint parse Discord's interaction JSON with the same parser (parse.ts),
// the command line builds invocations itself, and all of them hand it to the same dispatcher, so a
// command is written once and served by every transport.
import type { APIInteractionResponse } from 'discord-api-types/v10';

export type OptionValue = string | number | boolean;

export interface Caller {
  readonly id: string;
  /** For records of who did what (a moderator's change); never for decisions. */
  readonly name?: string;
  /** Decided by the transport from the member's permissions (Manage Server) and roles. */
  readonly isModerator: boolean;
  readonly guildId?: string;
  /** The member's computed permissions in the channel, as Discord sent them; absent in DMs. */
  readonly permissions?: bigint;
  /**
   * Discord will show the bot's replies to this caller only, whatever the bot asks: the bot is
   * user-installed, not added to this server, and the member lacks Use External Apps.
   */
  readonly forcedPrivate?: boolean;
}

/** An uploaded file named by an attachment option, as Discord resolved it. */
export interface Attachment {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly contentType?: string;
}

/** The message a button or modal was on, and the interaction that made it. */
export interface MessageRef {
  readonly id: string;
  readonly interaction?: { readonly id: string; readonly type: number; readonly userId: string };
}

interface Common {
  readonly caller: Caller;
  /** The user's client language (e.g. "en-GB", "ar"), when Discord says. */
  readonly locale?: string;
  readonly guildLocale?: string;
}

export type Invocation =
  | (Common & {
      readonly type: 'command';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Readonly<Record<string, OptionValue>>;
      /** Attachment options by attachment id (the option's value). */
      readonly attachments?: Readonly<Record<string, Attachment>>;
    })
  | (Common & {
      readonly type: 'autocomplete';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Readonly<Record<string, OptionValue>>;
      /** Name of the option being typed into. */
      readonly focused: string;
    })
  | (Common & {
      readonly type: 'component';
      readonly customId: string;
      /** Selected values, for select menus. */
      readonly values: readonly string[];
      readonly message?: MessageRef;
    })
  | (Common & {
      readonly type: 'modal';
      readonly customId: string;
      /** Inputs by their custom_id: a text input's value, or a select's (or file upload's) values. */
      readonly fields: Readonly<Record<string, string | readonly string[]>>;
      readonly message?: MessageRef;
    });

export type CommandInvocation = Extract<Invocation, { type: 'command' }>;
export type AutocompleteInvocation = Extract<Invocation, { type: 'autocomplete' }>;
export type ComponentInvocation = Extract<Invocation, { type: 'component' }>;
export type ModalInvocation = Extract<Invocation, { type: 'modal' }>;

/** A file sent with a response (multipart/form-data, the JSON in payload_json). */
export interface OutgoingFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly contentType?: string;
  /** Alt text. */
  readonly description?: string;
}

/** What the bot sends: the interaction response body, and any files it attaches. */
export interface Outgoing {
  readonly body: APIInteractionResponse;
  readonly files?: readonly OutgoingFile[];
  /**
   * After `body` (a button's DEFERRED_UPDATE_MESSAGE), delete the message the button is on:
   * DELETE @original with the button's own token. Should Discord refuse (already deleted, too
   * late, no access), `fallback` (an UPDATE_MESSAGE) is sent as an edit of it instead.
   */
  readonly deleteOriginal?: { readonly fallback: APIInteractionResponse };
}
