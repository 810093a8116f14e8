// The body of the edit that finishes a deferred answer (PATCH /webhooks/{app}/{token}/messages/@original),
// made from the response the dispatcher produced. Shared by every transport that defers.
import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';

/** The body of an edit to the original response (IncomingWebhookUpdateRequestPartial). */
export interface EditOriginalBody {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  allowed_mentions?: unknown;
  attachments?: unknown[] | null;
  flags?: number | null;
}

/**
 * What the deferred answer's edit should say, from the response the dispatcher produced. The
 * ephemeral flag was fixed by the deferral and cannot change in an edit, so it is dropped here.
 */
export function editBodyFromResponse(response: APIInteractionResponse): EditOriginalBody {
  if (
    response.type !== InteractionResponseType.ChannelMessageWithSource &&
    response.type !== InteractionResponseType.UpdateMessage
  ) {
    return { content: 'Done.' };
  }
  const data = (response.data ?? {}) as Record<string, unknown>;
  const body: EditOriginalBody = {};
  if (data.content !== undefined) body.content = data.content as string;
  if (data.embeds !== undefined) body.embeds = data.embeds as unknown[];
  if (data.components !== undefined) body.components = data.components as unknown[];
  if (data.allowed_mentions !== undefined) body.allowed_mentions = data.allowed_mentions;
  if (data.attachments !== undefined) body.attachments = data.attachments as unknown[];
  if (typeof data.flags === 'number') {
    const flags = data.flags & ~MessageFlags.Ephemeral;
    if (flags !== 0) body.flags = flags;
  }
  return body;
}
