// /facts: the moderators' command. `status` shows what is being served and the last rejected
// edit; `reload` re-reads the data directory now (it is also watched). Discord hides the command
// from members without Manage Server (default_member_permissions), but that is a default a server
// can change, so the handler checks again: Manage Server, or a role in MODERATOR_ROLE_IDS.
// `mentions` switches off (or back on) the answers to questions that @mention the bot in this
// server; the gateway bot keeps that per server in STATE_DIR.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { formatProblem } from '../catalog/problem.ts';
import type { CommandInvocation } from '../interactions/invocation.ts';
import type { CatalogStore, LoadFailure, StoreStatus } from '../live/catalog-store.ts';
import type { ServerSettings } from '../live/server-settings.ts';
import type { Command } from '../interactions/command.ts';

export const REFUSED_MESSAGE =
  'Only moderators can use /facts: you need the Manage Server permission or one of the moderator roles.';

const MAX_CONTENT = 2000;

export const facts: Command = {
  definition: {
    type: ApplicationCommandType.ChatInput,
    name: 'facts',
    description: 'Moderators: reload the fact files or show what is loaded',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Counts, when the catalog was loaded, and the last error' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'reload', description: 'Re-read the fact files now (a broken edit keeps the current data)' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'mentions',
        description: 'Whether the bot answers questions that @mention it in this server',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'set',
            description: 'on: answer @mentions (the default); off: ignore them. Leave out to see the setting',
            choices: [
              { name: 'on', value: 'on' },
              { name: 'off', value: 'off' },
            ],
          },
        ],
      },
    ],
  },
  // It reads the live store and the caller: never replayed, never answered from a snapshot alone.
  pure: false,
  // A moderator's reload reads and validates every file; a refusal is instant, so it is not deferred.
  slow: (inv) => (inv.subcommand === 'reload' && inv.caller.isModerator ? { ephemeral: true } : undefined),
  run: async (inv, ctx) => ({ body: await respondFacts(inv, ctx.store, ctx.settings) }),
};

export async function respondFacts(invocation: CommandInvocation, store: CatalogStore | undefined, settings?: ServerSettings): Promise<APIInteractionResponse> {
  if (!invocation.caller.isModerator) return ephemeral(REFUSED_MESSAGE);
  if (invocation.subcommand === 'mentions') return ephemeral(await switchMentions(invocation, settings));
  if (store === undefined) return ephemeral('/facts needs the running bot: there is no live catalog here.');
  switch (invocation.subcommand) {
    case 'status':
      return ephemeral(formatStatus(store.status()));
    case 'reload': {
      const outcome = await store.reload(`/facts reload by ${invocation.caller.id}`);
      if (outcome.ok) {
        const head = outcome.changed ? '✅ Reloaded the fact files.' : '✅ The fact files are unchanged; nothing to reload.';
        return ephemeral(`${head}\n${formatStatus(store.status())}`);
      }
      return ephemeral(`❌ The fact files have errors, so nothing was changed.\n${formatStatus(store.status())}`);
    }
    default:
      return ephemeral('Use `/facts status`, `/facts reload` or `/facts mentions`.');
  }
}

export const MENTIONS_ON = '✅ I answer questions that @mention me in this server (`/facts mentions set:off` to stop).';
export const MENTIONS_OFF = '🔕 I ignore @mentions in this server; slash commands still work (`/facts mentions set:on` to answer them again).';

/** `/facts mentions [set:on|off]`: show or change this server's switch. The caller is a moderator. */
async function switchMentions(invocation: CommandInvocation, settings: ServerSettings | undefined): Promise<string> {
  const guildId = invocation.caller.guildId;
  if (guildId === undefined) return '/facts mentions is a server setting: use it in the server.';
  if (settings === undefined) {
    return 'This bot runs as an HTTP interactions endpoint, which Discord sends no messages to: it cannot answer @mentions, so there is nothing to switch.';
  }
  const set = invocation.options.set;
  if (set === undefined) return settings.mentionsOn(guildId) ? MENTIONS_ON : MENTIONS_OFF;
  if (set !== 'on' && set !== 'off') return 'Choose `on` or `off`.';
  try {
    await settings.setMentions(guildId, set === 'on');
  } catch {
    return '❌ The setting could not be saved (the bot cannot write its state directory), so nothing changed. It has been logged.';
  }
  return set === 'on' ? MENTIONS_ON : MENTIONS_OFF;
}

export function formatStatus(s: StoreStatus): string {
  const lines: string[] = [];
  if (s.counts && s.loadedAt) {
    lines.push(
      `**Serving** version \`${s.version ?? '?'}\`: ${s.counts.facts} facts, ${s.counts.sources} sources, ${s.counts.entities} entities from ${s.counts.files} files.`,
      `**Loaded** ${discordTime(s.loadedAt)}${s.warnings > 0 ? ` with ${s.warnings} warning${s.warnings === 1 ? '' : 's'} (run \`npm run validate\`)` : ''}.`,
    );
  } else {
    lines.push('**Nothing loaded.**');
  }
  lines.push(`**Watching** \`${s.dir}\`: ${s.watching ? 'yes, changes are picked up automatically' : 'no; use /facts reload'}.`);
  if (s.lastError) {
    lines.push(formatFailure(s.lastError));
  } else {
    lines.push('**Last error:** none.');
  }
  return clamp(lines.join('\n'));
}

function formatFailure(f: LoadFailure): string {
  const shown = f.problems.map((p) => `- ${formatProblem(p)}`).join('\n').replace(/```/g, "'''");
  const more = f.errorCount > f.problems.length ? `\n… and ${f.errorCount - f.problems.length} more` : '';
  return `**Last error** ${discordTime(f.at)} (${f.errorCount} error${f.errorCount === 1 ? '' : 's'}; the previous catalog is still served):\n\`\`\`\n${shown}${more}\n\`\`\``;
}

function discordTime(d: Date): string {
  const t = Math.floor(d.getTime() / 1000);
  return `<t:${t}:f> (<t:${t}:R>)`;
}

function clamp(text: string): string {
  if (text.length <= MAX_CONTENT) return text;
  const cut = text.slice(0, MAX_CONTENT - 5);
  // Keep a code block closed if the cut fell inside it.
  return (cut.split('```').length % 2 === 0 ? `${cut}\n\`\`\`` : cut) + '…';
}

function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: clamp(content), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}
