// /facts add: the modal that asks for one figure (five inputs, Discord's most), prefilled from the
// command's options, and its submission, which goes through the same preview and Apply as an upload.
import { ComponentType, InteractionResponseType, TextInputStyle, type APIModalInteractionResponse } from 'discord-api-types/v10';
import type { CommandContext, CommandInvocation, ModalInvocation } from '../../interactions/command.ts';
import type { Outgoing } from '../../interactions/invocation.ts';
import { ADD_INPUTS, type AddForm, type AddInput } from '../../live/add-figure.ts';
import { encodeActionId } from '../../render/custom-id.ts';
import { block, COMMAND, ephemeral, NO_DESK, previewReply, REFUSED_MESSAGE } from './replies.ts';

const PLACEHOLDERS: Record<AddInput, string> = {
  who: 'airwars, civilian_deaths_likely, us-led-coalition, iraq, syria',
  value: 'at least 1,370 · about 5.6 million · 8,214–13,125',
  when: 'as of 2019-12-31 · 2014-08 to 2019-12-31',
  source: 'a source id, or: https://… | title | 2020-02-13',
  quote: 'The passage with the figure, as the source wrote it',
};

const DESCRIPTIONS: Record<AddInput, string> = {
  who: 'Entity ids or names, separated by commas; the subject may be left out when earlier figures tell it',
  value: 'A number or a range; a qualifier first when the source gives one (at least, about, as many as…)',
  when: 'An “as of” date, a period, or both separated by a comma (YYYY, YYYY-MM or YYYY-MM-DD)',
  source: 'A source already in the data, or a new one: URL | title | published date [| kind]',
  quote: 'It must contain the figure as written (“1,370”, “5.6 million”)',
};

const MAX_LENGTH: Record<AddInput, number> = { who: 300, value: 100, when: 100, source: 600, quote: 600 };

export function addModal(inv: CommandInvocation): Outgoing {
  const prefill = ['claimant', 'metric', 'subject']
    .map((k) => inv.options[k])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join(', ');
  const input = (id: AddInput, style: TextInputStyle, value?: string) => ({
    type: ComponentType.Label as const,
    label: ADD_INPUTS[id],
    description: DESCRIPTIONS[id],
    component: {
      type: ComponentType.TextInput as const,
      custom_id: id,
      style,
      required: true,
      max_length: MAX_LENGTH[id],
      placeholder: PLACEHOLDERS[id],
      ...(value ? { value: value.slice(0, MAX_LENGTH[id]) } : {}),
    },
  });
  const body = {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: encodeActionId(COMMAND, 'add', '')!,
      title: 'Add a figure',
      components: [
        input('who', TextInputStyle.Short, prefill),
        input('value', TextInputStyle.Short),
        input('when', TextInputStyle.Short),
        input('source', TextInputStyle.Paragraph),
        input('quote', TextInputStyle.Paragraph),
      ],
    },
  } as unknown as APIModalInteractionResponse;
  return { body };
}

export async function submitAdd(inv: ModalInvocation, ctx: CommandContext): Promise<Outgoing> {
  const desk = ctx.desk;
  if (!inv.caller.isModerator) return ephemeral(REFUSED_MESSAGE);
  if (!desk || !ctx.store) return ephemeral(NO_DESK);
  const live = ctx.store.current();
  if (!live) return ephemeral('No catalog is loaded yet; try again in a moment.');
  const text = (k: AddInput): string => {
    const v = inv.fields[k];
    return typeof v === 'string' ? v : '';
  };
  const form: AddForm = { who: text('who'), value: text('value'), when: text('when'), source: text('source'), quote: text('quote') };
  const outcome = await desk.previewAdd(inv.caller, form, live);
  // On a failure, what was typed comes back, so nothing has to be typed twice.
  const echo = outcome.kind === 'form' || outcome.kind === 'problems' ? `What you entered:\n${block((Object.keys(ADD_INPUTS) as AddInput[]).map((k) => `${ADD_INPUTS[k]}: ${form[k].replace(/\s*\n\s*/g, ' ')}`))}` : undefined;
  return previewReply(outcome, echo);
}
