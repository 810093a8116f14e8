// Every command the bot serves, in the order Discord lists them. This is the only list: adding a
// command is one new file in this folder plus one line here. The composition roots (the gateway
// bot, the HTTP endpoint, `npm run ask`, deploy-commands) pass it down; nothing below imports it.
import { about } from './about.ts';
import { casualties } from './casualties.ts';
import { fact } from './fact.ts';
import { facts } from './facts.ts';
import { source } from './source.ts';
import { timeline } from './timeline.ts';
import type { Command } from '../interactions/command.ts';

export const commands: readonly Command[] = [casualties, timeline, source, fact, about, facts];

/** Where a question in plain words goes (`npm run ask -- "how many …"`). */
export const FREE_TEXT_COMMAND = fact.definition.name;
