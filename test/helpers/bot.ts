// The bot's own commands behind one dispatcher, as the composition roots build it, with the
// shorthands tests use: the response body of an invocation, a pure command's answer or payload.
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.ts';
import { createButtonState } from '../../src/interactions/button-state.ts';
import { createDispatcher, type Snapshot } from '../../src/interactions/dispatch.ts';
import type { Invocation, OptionValue } from '../../src/interactions/invocation.ts';

export const buttonState = createButtonState();
export const dispatcher = createDispatcher(commands, { buttonState });
export const commandDefinitions = dispatcher.definitions;

export async function respond(invocation: Invocation, snapshot: Snapshot): Promise<APIInteractionResponse> {
  return (await dispatcher.respond(invocation, snapshot)).body;
}

type Options = Readonly<Record<string, OptionValue>>;
export const answerCommand = (s: Snapshot, name: string, options: Options) => dispatcher.answer(s, name, options);
export const answerCommandPayload = (s: Snapshot, name: string, options: Options) => dispatcher.payload(s, name, options);
export const autocompletePayload = (s: Snapshot, name: string, focused: string, options: Options) => dispatcher.autocomplete(s, name, focused, options);
