// Attachments and modals through the gateway: the real discord.js client receives Discord's raw
// INTERACTION_CREATE from the stand-in, the shared parser reads it, and the dispatcher routes it to
// the command (or its modal handler). The HTTP endpoint's twin is test/http/modals-attachments.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.ts';
import { note, upload } from '../fixtures/toy-commands.ts';
import { attachmentFor, command, commandWithAttachment, modalSubmit } from '../standin/interactions.ts';
import { callbackOf, expectAllBodiesValid, member, newUser, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [...commands, upload, note], watch: false });
});
afterAll(async () => {
  await h?.close();
});

describe('through the gateway', () => {
  it('reads a resolved attachment option', async () => {
    const file = attachmentFor('facts.yaml', 1234);
    const body = await callbackOf(h.standIn, commandWithAttachment(h.standIn, member(newUser()), 'upload', 'file', file));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data.embeds[0].description).toContain('facts.yaml, 1234 bytes, application/yaml, from cdn.discordapp.com');
  });

  it('shows a modal, then answers its submission with the state it carried', async () => {
    const userId = newUser();
    const shown = await callbackOf(h.standIn, command(h.standIn, member(userId), 'note'));
    expect(shown.type).toBe(InteractionResponseType.Modal);
    const submitted = await callbackOf(h.standIn, modalSubmit(h.standIn, member(userId), shown.data.custom_id, { text: 'check the 2018 figure' }));
    expect(submitted.data.embeds[0].description.replace(/\\/g, "")).toBe(`for ${userId}: check the 2018 figure`);
    expect(expectAllBodiesValid(h.standIn)).toBeGreaterThan(0);
  });
});
