// /about: what the bot knows, how current it is, how to cite it, and the commands there are.
// `private` (the dispatcher acts on it) shows it to the asker alone, with Post in channel.
import { aboutAnswer } from '../answers/lists.ts';
import { privateOption } from './answer-options.ts';
import { chat } from './options.ts';
import type { PureCommand } from '../interactions/command.ts';

export const about: PureCommand = {
  definition: chat({ name: 'about', description: 'What this bot knows, how current it is, and how to cite it', options: [privateOption] }),
  pure: true,
  run(_inv, { index, commands }) {
    return aboutAnswer(index, commands);
  },
};
