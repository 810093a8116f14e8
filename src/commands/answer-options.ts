// The options every answering command shares: `format` (the figures as a CSV or JSON attachment)
// and `private` (only the asker sees the answer). The dispatcher acts on both; a command's own
// `run` never sees them, so it answers the same question whichever is given.
import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';

export const formatOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'format',
  description: 'Answer with the figures as a file: CSV (for spreadsheets) or JSON, with every citation',
  required: false,
  choices: [
    { name: 'CSV', value: 'csv' },
    { name: 'JSON', value: 'json' },
  ],
};

export const privateOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Only you see the answer (you can post it in the channel after)',
  required: false,
};

/** Appended after a command's own options (Discord lists required options first anyway). */
export const ANSWER_OPTIONS: readonly APIApplicationCommandBasicOption[] = [formatOption, privateOption];
