// /facts: the moderators' command. `status` shows what is being served and the last rejected
// edit; `reload` re-reads the data directory now (it is also watched). `mentions` switches off (or
// back on) the answers to questions that @mention the bot in this server; the gateway bot keeps
// that per server in STATE_DIR. The rest keeps the fact files from Discord (src/commands/facts/):
// `download` a file, `upload` a replacement or a new file, `add` one figure through a modal,
// `history` of the changes made so, and `revert` one; every change is previewed, then applied with
// a button (src/live/facts-desk.ts). Discord hides the command from members without Manage Server
// (default_member_permissions), but that is a default a server can change, so every step and
// every button checks again: Manage Server, or a role in MODERATOR_ROLE_IDS. Replies are private;
// `status`, `reload` and `mentions` take `private:false` to post theirs in the channel (to tell the
// server the data was reloaded, or that the bot stopped answering @mentions). The others stay
// private: their previews, files and Apply buttons are a moderator's work in progress, and
// `misses` and `history` show what members typed and who changed what.
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
import type { CommandInvocation, Outgoing } from '../interactions/invocation.ts';
import type { CatalogStore, LoadFailure, StoreStatus } from '../live/catalog-store.ts';
import type { ServerSettings } from '../live/server-settings.ts';
import { formatTopMisses, type MissLog } from '../live/misses.ts';
import { codeLine } from '../render/escape.ts';
import type { Command, CommandContext } from '../interactions/command.ts';
import { addModal, submitAdd } from './facts/add.ts';
import { applyChange, cancelChange, completeFacts, download, history, revert, upload } from './facts/changes.ts';
import { ephemeral as ephemeralOut, NO_DESK, REFUSED_MESSAGE } from './facts/replies.ts';

export { NO_DESK, REFUSED_MESSAGE };

const MAX_CONTENT = 2000;
const { String: Str, Subcommand, Attachment } = {
  String: ApplicationCommandOptionType.String,
  Subcommand: ApplicationCommandOptionType.Subcommand,
  Attachment: ApplicationCommandOptionType.Attachment,
} as const;

/** Subcommands that read or write files, fetch or validate: deferred at once for a moderator. */
const SLOW = new Set(['reload', 'upload', 'revert', 'download', 'draft']);

/** On the subcommands whose reply may be posted: unlike the answering commands', on by default. */
const privateReply = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Only you see the reply (the default); false posts it in this channel',
  required: false,
} as const;

/** `private:false`: a moderator's reply to status, reload or mentions posted in the channel. */
export function postsInChannel(inv: CommandInvocation): boolean {
  return inv.options.private === false || inv.options.private === 'false';
}

export const facts: Command = {
  definition: {
    type: ApplicationCommandType.ChatInput,
    name: 'facts',
    description: 'Moderators: the fact files (status, reload, download, upload, add, history, revert)',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      { type: Subcommand, name: 'status', description: 'Counts, when the catalog was loaded, and the last error', options: [privateReply] },
      { type: Subcommand, name: 'reload', description: 'Re-read the fact files now (a broken edit keeps the current data)', options: [privateReply] },
      {
        type: Subcommand,
        name: 'mentions',
        description: 'Whether the bot answers questions that @mention it in this server',
        options: [
          {
            type: Str,
            name: 'set',
            description: 'on: answer @mentions (the default); off: ignore them. Leave out to see the setting',
            choices: [
              { name: 'on', value: 'on' },
              { name: 'off', value: 'off' },
            ],
          },
          privateReply,
        ],
      },
      {
        type: Subcommand,
        name: 'download',
        description: 'Get a fact file as an attachment, to edit and upload again',
        options: [{ type: Str, name: 'file', description: 'The file, e.g. cjtf-oir/2020-02-13.yaml', required: true, autocomplete: true, max_length: 200 }],
      },
      {
        type: Subcommand,
        name: 'upload',
        description: 'Replace a fact file, or add a new one: validated and previewed before you apply it',
        options: [
          { type: Attachment, name: 'file', description: 'The YAML file (at most 1 MiB)', required: true },
          { type: Str, name: 'target', description: 'Where it goes in the data folder (default: the file of the same name)', autocomplete: true, max_length: 200 },
        ],
      },
      {
        type: Subcommand,
        name: 'add',
        description: 'Add one figure through a form, previewed before you apply it',
        options: [
          { type: Str, name: 'claimant', description: 'Who asserts the figure (fills in the form)', autocomplete: true, max_length: 100 },
          { type: Str, name: 'metric', description: 'What it measures (fills in the form)', autocomplete: true, max_length: 100 },
          { type: Str, name: 'subject', description: 'Who or what it is about (fills in the form)', autocomplete: true, max_length: 100 },
        ],
      },
      { type: Subcommand, name: 'history', description: 'The recent changes made from Discord: who, when, which file' },
      {
        type: Subcommand,
        name: 'draft',
        description: 'Read a report or saved page into a draft fact file to review (nothing is changed)',
        options: [
          { type: Attachment, name: 'file', description: 'The report as text, or a page saved as HTML (at most 2 MiB)', required: true },
          { type: Str, name: 'source_url', description: 'The page’s address, for the draft’s source', max_length: 500 },
          { type: Str, name: 'published', description: 'When it was published, if the text does not say: YYYY-MM-DD', max_length: 25 },
          { type: Str, name: 'claimant', description: 'Who asserts figures the text does not attribute (an entity id)', max_length: 100 },
        ],
      },
      {
        type: Subcommand,
        name: 'misses',
        description: 'What people asked that the data could not answer, most askers first',
        options: [{ type: ApplicationCommandOptionType.Integer, name: 'days', description: 'How many days back (1-8, default 7)', min_value: 1, max_value: 8 }],
      },
      {
        type: Subcommand,
        name: 'revert',
        description: 'Undo a change made from Discord (previewed before you apply it)',
        options: [{ type: Str, name: 'change', description: 'The change id, from /facts history', required: true, autocomplete: true, max_length: 40 }],
      },
    ],
  },
  // It reads the live store and the caller: never replayed, never answered from a snapshot alone.
  pure: false,
  // A refusal is instant, so only a moderator's slow steps are deferred (privately).
  slow: (inv) => (inv.caller.isModerator && SLOW.has(inv.subcommand ?? '') ? { ephemeral: !postsInChannel(inv) } : undefined),
  slowAction: (action, inv) => (inv.caller.isModerator && (action === 'apply' || action === 'add') ? { ephemeral: true } : undefined),
  run: async (inv, ctx) => {
    if (!inv.caller.isModerator) return { body: ephemeralResponse(REFUSED_MESSAGE) };
    switch (inv.subcommand) {
      case 'download':
        return download(inv, ctx);
      case 'upload':
        return upload(inv, ctx);
      case 'add':
        return ctx.desk ? addModal(inv) : { body: ephemeralResponse(NO_DESK) };
      case 'history':
        return history(inv, ctx);
      case 'misses':
        return { body: await listMisses(inv, ctx.misses) };
      case 'draft':
        return draftFromReport(inv, ctx);
      case 'revert':
        return revert(inv, ctx);
      default:
        return { body: await respondFacts(inv, ctx.store, ctx.settings) };
    }
  },
  autocomplete: (inv, ctx) => completeFacts(inv, ctx),
  components: {
    apply: (inv, state, ctx) => applyChange(inv, state, ctx),
    cancel: (inv, state, ctx) => cancelChange(inv, state, ctx),
  },
  modals: {
    add: (inv, _state, ctx) => submitAdd(inv, ctx),
  },
};

/**
 * `/facts draft file: [source_url] [published] [claimant]`: the report read into a draft fact file,
 * every figure `draft: true` and unconfirmed, checked against the data; sent back as a file with a
 * summary, ready for `/facts upload` or a pull request once reviewed. Nothing is written.
 */
async function draftFromReport(inv: CommandInvocation, ctx: CommandContext): Promise<Outgoing> {
  if (!ctx.desk) return ephemeralOut(NO_DESK);
  const live = ctx.store?.current();
  if (!live) return ephemeralOut('No catalog is loaded yet; try again in a moment.');
  const file = inv.attachments?.[String(inv.options.file ?? '')];
  if (!file) return ephemeralOut('❌ Attach the report to the `file` option.');
  const opt = (k: string): string | undefined => (typeof inv.options[k] === 'string' && String(inv.options[k]).trim() !== '' ? String(inv.options[k]).trim() : undefined);
  const published = opt('published');
  if (published !== undefined && !/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}Z?)?$/.test(published)) return ephemeralOut('❌ `published` is a date: YYYY-MM-DD.');
  const sourceUrl = opt('source_url');
  if (sourceUrl !== undefined && !/^https?:\/\/\S+$/i.test(sourceUrl)) return ephemeralOut('❌ `source_url` is the page’s http(s) address.');
  const claimant = opt('claimant');
  if (claimant !== undefined && !live.catalog.entities.has(claimant)) return ephemeralOut(`❌ \`${codeLine(claimant.slice(0, 60))}\` is not an entity id.`);
  const got = await ctx.desk.draft(inv.caller, file, live, { ...(sourceUrl ? { sourceUrl } : {}), ...(published ? { published } : {}), ...(claimant ? { claimant } : {}) });
  if (got.kind === 'refused') return ephemeralOut(`❌ ${got.message}`);
  const head = `📝 ${got.proposals} figure${got.proposals === 1 ? '' : 's'} proposed from \`${codeLine(file.filename.slice(0, 80))}\`, each a draft to review (remove \`draft: true\` once checked), ${got.valid ? 'and the draft validates with the data' : 'with problems to fix first, listed at its end'}. Nothing was changed; send it with \`/facts upload\` when it is right.`;
  const summary = got.summary.slice(0, 12).map(codeLine).join('\n');
  const content = `${head}\n\`\`\`\n${summary.slice(0, 1400)}\n\`\`\``;
  return { ...ephemeralOut(content), files: [{ name: got.name, data: new TextEncoder().encode(got.yaml), contentType: 'application/yaml', description: `Draft fact file from ${file.filename}`.slice(0, 1024) }] };
}

/** `/facts misses [days]`: the questions to add data for, from STATE_DIR/misses.json. The caller is a moderator. */
async function listMisses(inv: CommandInvocation, log: MissLog | undefined): Promise<APIInteractionResponse> {
  if (log === undefined) return ephemeral('No record of unanswered questions is kept here (no STATE_DIR).');
  const days = typeof inv.options.days === 'number' && Number.isInteger(inv.options.days) ? Math.min(8, Math.max(1, inv.options.days)) : 7;
  const limit = 15;
  const lines = formatTopMisses(await log.top({ days, limit }), days, limit);
  // A code block keeps the columns, and what people typed cannot format or ping anything.
  return ephemeral(`${lines[0]}\n\`\`\`\n${lines.slice(1).map(codeLine).join('\n') || '(none)'}\n\`\`\``);
}

export async function respondFacts(invocation: CommandInvocation, store: CatalogStore | undefined, settings?: ServerSettings): Promise<APIInteractionResponse> {
  if (!invocation.caller.isModerator) return ephemeral(REFUSED_MESSAGE);
  // A refusal above is always private; past it, the moderator chose who sees the reply.
  const reply = postsInChannel(invocation) ? inChannel : ephemeral;
  if (invocation.subcommand === 'mentions') return reply(await switchMentions(invocation, settings));
  if (store === undefined) return ephemeral('/facts needs the running bot: there is no live catalog here.');
  switch (invocation.subcommand) {
    case 'status':
      return reply(formatStatus(store.status()));
    case 'reload': {
      const outcome = await store.reload(`/facts reload by ${invocation.caller.id}`);
      if (outcome.ok) {
        const head = outcome.changed ? '✅ Reloaded the fact files.' : '✅ The fact files are unchanged; nothing to reload.';
        return reply(`${head}\n${formatStatus(store.status())}`);
      }
      return reply(`❌ The fact files have errors, so nothing was changed.\n${formatStatus(store.status())}`);
    }
    default:
      return ephemeral('Use `/facts status`, `reload`, `mentions`, `download`, `upload`, `add`, `history` or `revert`.');
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

function ephemeralResponse(content: string): APIInteractionResponse {
  return ephemeral(content);
}

function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: clamp(content), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

/** Posted in the channel for everyone (`private:false`); still pings nobody. */
function inChannel(content: string): APIInteractionResponse {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: { content: clamp(content), allowed_mentions: { parse: [] } } };
}
