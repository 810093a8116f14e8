// The transport-neutral shape of what a user asked. The gateway client, the HTTP endpoint and the
// command line each turn their own input into an Invocation and hand it to the same dispatcher, so
// a command is written once and served by every transport.

export type OptionValue = string | number | boolean;

export interface Caller {
  readonly id: string;
  /** Decided by the transport from the member's permissions (Manage Server) and roles. */
  readonly isModerator: boolean;
  readonly guildId?: string;
}

export type Invocation =
  | {
      readonly type: 'command';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Readonly<Record<string, OptionValue>>;
      readonly caller: Caller;
    }
  | {
      readonly type: 'autocomplete';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Readonly<Record<string, OptionValue>>;
      /** Name of the option being typed into. */
      readonly focused: string;
      readonly caller: Caller;
    }
  | {
      readonly type: 'component';
      readonly customId: string;
      /** Selected values, for select menus. */
      readonly values: readonly string[];
      readonly caller: Caller;
    };
