// Questions asked by @mentioning the bot in chat, answered as a reply with what the free-text
// command (/fact) shows. The gateway hands over each raw MESSAGE_CREATE; src/interactions/mention.ts
// decides whether it is a question; this file applies the server's switch and the per-user
// cooldown, and posts the reply. Discord sends only interactions to an HTTP endpoint, never
// messages, so this exists for the gateway bot alone.
import { InteractionResponseType, MessageFlags, type APIInteractionResponse, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Dispatcher, Snapshot } from '../../interactions/dispatch.ts';
import { helpLine, parseMention, type MentionedMessage } from '../../interactions/mention.ts';
import type { RateLimiter } from '../../live/rate-limit.ts';
import type { ServerSettings } from '../../live/server-settings.ts';
import type { Logger } from '../../log.ts';

/** One answer per user per 10 s: a courtesy against floods, not a quota. */
export const DEFAULT_MENTION_COOLDOWN = { capacity: 1, windowMs: 10_000 } as const;

export interface MentionResponderOptions {
  readonly dispatcher: Pick<Dispatcher, 'payload'>;
  /** The free-text command and the option the question fills (FREE_TEXT_COMMAND, "query"). */
  readonly command: string;
  readonly option: string;
  /** One catalog snapshot per question. */
  readonly snapshot: () => Snapshot;
  readonly settings: ServerSettings;
  readonly cooldown: RateLimiter;
  /** The bot's user id once connected. */
  readonly botId: () => string | undefined;
  /** POST /channels/{channel_id}/messages. */
  readonly send: (channelId: string, body: RESTPostAPIChannelMessageJSONBody) => Promise<unknown>;
  readonly logger: Logger;
}

export interface MentionResponder {
  /** Takes one raw MESSAGE_CREATE `d`; replies in the background when it is a question. */
  handle(raw: unknown): void;
  /** Replies still being sent. */
  readonly pending: number;
  /** Resolves when every reply started so far has been sent (or failed). */
  drain(): Promise<void>;
}

export function createMentionResponder(options: MentionResponderOptions): MentionResponder {
  const { logger } = options;
  const inFlight = new Set<Promise<void>>();

  function handle(raw: unknown): void {
    const botId = options.botId();
    if (botId === undefined) return;
    const parsed = parseMention(raw, botId);
    if (parsed.kind === 'ignore') {
      // Every message in every channel the bot sees arrives here; only the interesting refusals are logged.
      if (parsed.reason === 'malformed') logger.debug('ignored a message this bot cannot read');
      return;
    }
    const { message } = parsed;
    const where = { user: message.authorId, channel: message.channelId, ...(message.guildId ? { guild: message.guildId } : {}) };
    if (message.guildId !== undefined && !options.settings.mentionsOn(message.guildId)) {
      logger.debug('mention ignored: switched off in this server', where);
      return;
    }
    if (!options.cooldown.take(message.authorId).ok) {
      logger.debug('mention ignored: the user is in their cooldown', where);
      return;
    }
    let body: RESTPostAPIChannelMessageJSONBody | undefined;
    try {
      body =
        parsed.kind === 'question'
          ? replyBody(options.dispatcher.payload(options.snapshot(), options.command, { [options.option]: parsed.text }), message)
          : replyBody(helpResponse(helpLine(parsed.reason, parsed.length, options.command)), message);
    } catch (error) {
      logger.error('answering a mention failed', { ...where, error });
      return;
    }
    if (body === undefined) {
      logger.error('answering a mention failed: the command gave no message to send', where);
      return;
    }
    logger.debug('answering a mention', { ...where, length: parsed.kind === 'question' ? [...parsed.text].length : parsed.length });
    const sent = options
      .send(message.channelId, body)
      .then(
        () => undefined,
        (error: unknown) => logger.warn('could not reply to a mention', { ...where, ...describeSendError(error) }),
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }

  return {
    handle,
    get pending() {
      return inFlight.size;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Flags a channel message may carry; Ephemeral exists only for interaction responses. */
const MESSAGE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/**
 * An interaction response's message, as a reply to `to`: the same content, embeds and buttons,
 * pinging nobody (not even the person who asked). Undefined when the response is not a message.
 */
export function replyBody(response: APIInteractionResponse, to: MentionedMessage): RESTPostAPIChannelMessageJSONBody | undefined {
  if (!('data' in response) || response.data === undefined || 'choices' in response.data || 'custom_id' in response.data) return undefined;
  const data = response.data as { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number };
  const flags = (data.flags ?? 0) & MESSAGE_FLAGS;
  return {
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
    ...(data.components !== undefined ? { components: data.components } : {}),
    ...(flags !== 0 ? { flags } : {}),
    allowed_mentions: { parse: [], replied_user: false },
    message_reference: { message_id: to.id, channel_id: to.channelId, ...(to.guildId ? { guild_id: to.guildId } : {}) },
  } as RESTPostAPIChannelMessageJSONBody;
}

function helpResponse(text: string): APIInteractionResponse {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: { content: text } };
}

/** Discord's refusal in words a server owner can act on; never the request. */
function describeSendError(error: unknown): Record<string, unknown> {
  const status = (error as { status?: unknown }).status;
  const code = (error as { code?: unknown }).code;
  const out: Record<string, unknown> = {};
  if (typeof status === 'number') out.status = status;
  if (typeof code === 'number' || typeof code === 'string') out.code = code;
  if (code === 50013 || code === 50001 || status === 403) {
    out.hint = 'give the bot View Channel, Send Messages and Read Message History in this channel';
  } else if (code === 50035 || code === 10008) {
    out.hint = 'the question was probably deleted before the answer was sent';
  } else {
    out.error = error instanceof Error ? error.message : String(error);
  }
  return out;
}
