// /about: what the bot knows, how current it is, how to cite it, and the commands there are.
import { aboutAnswer } from '../answers/lists.ts';
import { chat } from './options.ts';
import type { PureCommand } from '../interactions/command.ts';

export const about: PureCommand = {
  definition: chat({ name: 'about', description: 'What this bot knows, how current it is, and how to cite it' }),
  pure: true,
  run(_inv, { index, commands }) {
    return aboutAnswer(index, commands);
  },
};
