// /facts: the moderators' command. `status` shows what is being served and the last rejected
// edit; `reload` re-reads the data directory now (it is also watched). Discord hides the command
// from members without Manage Server (default_member_permissions), but that is a default a server
// can change, so the handler checks again: Manage Server, or a role in MODERATOR_ROLE_IDS.
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
    ],
  },
  // It reads the live store and the caller: never replayed, never answered from a snapshot alone.
  pure: false,
  // A moderator's reload reads and validates every file; a refusal is instant, so it is not deferred.
  slow: (inv) => (inv.subcommand === 'reload' && inv.caller.isModerator ? { ephemeral: true } : undefined),
  run: async (inv, ctx) => ({ body: await respondFacts(inv, ctx.store) }),
};

export async function respondFacts(invocation: CommandInvocation, store: CatalogStore | undefined): Promise<APIInteractionResponse> {
  if (!invocation.caller.isModerator) return ephemeral(REFUSED_MESSAGE);
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
      return ephemeral('Use `/facts status` or `/facts reload`.');
  }
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
