// How /facts words its answers: private (ephemeral) plain-text messages within Discord's 2,000
// characters, untrusted text (file names, user names, YAML excerpts) kept inside code spans and
// blocks it cannot close, and the preview with its Apply and Cancel buttons.
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { formatProblem, type Problem } from '../../catalog/problem.ts';
import type { Outgoing } from '../../interactions/invocation.ts';
import type { ApplyOutcome, PreviewOutcome } from '../../live/facts-desk.ts';
import { ADD_INPUTS, type FormProblem } from '../../live/add-figure.ts';
import type { TrailRecord } from '../../live/trail.ts';
import { encodeActionId } from '../../render/custom-id.ts';

export const REFUSED_MESSAGE = 'Only moderators can use /facts: you need the Manage Server permission or one of the moderator roles.';
export const NO_DESK = 'This bot keeps no state folder here, so the fact files cannot be changed from Discord.';
export const MAX_CONTENT = 2000;
export const COMMAND = 'facts';

/** Keeps a code block closed if the cut fell inside it. */
export function clamp(text: string, max = MAX_CONTENT): string {
  if (text.length <= max) return text;
  let cut = '';
  for (const ch of text) {
    if (cut.length + ch.length > max - 6) break;
    cut += ch;
  }
  return `${cut.split('```').length % 2 === 0 ? `${cut}\n\`\`\`` : cut}…`;
}

/** Untrusted text inside an inline code span: no backticks, no line breaks, bounded. */
export function code(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/`/g, 'ʼ').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `\`${[...clean].slice(0, max).join('')}\``;
}

/** Lines inside a fenced block: a fence in the text cannot end it. */
export function block(lines: readonly string[], lang = ''): string {
  return `\`\`\`${lang}\n${lines.map((l) => l.replace(/```/g, "'''")).join('\n')}\n\`\`\``;
}

export function ephemeral(content: string, components: APIActionRowComponent<APIButtonComponent>[] = []): Outgoing {
  return {
    body: {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: clamp(content), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] }, ...(components.length ? { components } : {}) },
    },
  };
}

/** Replaces the message a button was on (the preview): the buttons go away. */
export function update(content: string): Outgoing {
  return { body: { type: InteractionResponseType.UpdateMessage, data: { content: clamp(content), components: [], allowed_mentions: { parse: [] } } } };
}

export function ephemeralBody(content: string): APIInteractionResponse {
  return ephemeral(content).body;
}

export function discordTime(iso: string | Date): string {
  const t = Math.floor(new Date(iso).getTime() / 1000);
  return `<t:${t}:f> (<t:${t}:R>)`;
}

export function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function problemsBlock(problems: readonly Problem[], errorCount: number): string {
  const lines = problems.map(formatProblem);
  if (errorCount > problems.length) lines.push(`… and ${errorCount - problems.length} more (npm run validate lists them all)`);
  return block(lines);
}

export function formProblemLines(problems: readonly FormProblem[]): string[] {
  return problems.map((p) => `• **${ADD_INPUTS[p.input]}**: ${p.message.replace(/\n/g, ' ')}`);
}

const VERB = { upload: 'upload of', add: 'new figure in', revert: 'revert of' } as const;

/** The answer to an upload, an add or a revert: a refusal, the problems, or the preview with its buttons. */
export function previewReply(outcome: PreviewOutcome, echo?: string): Outgoing {
  switch (outcome.kind) {
    case 'refused':
      return ephemeral(`❌ ${outcome.message}`);
    case 'unchanged':
      return ephemeral(`${code(outcome.file)} already holds exactly that; nothing to change.`);
    case 'form':
      return ephemeral([`❌ The figure was not added. Fix ${outcome.problems.length === 1 ? 'this' : 'these'} and run \`/facts add\` again:`, ...formProblemLines(outcome.problems), ...(echo ? [echo] : [])].join('\n'));
    case 'problems': {
      const head = `❌ Nothing was changed: with this change the fact files would have ${plural(outcome.errorCount, 'error')} (as \`npm run validate\` prints them):`;
      const form = outcome.formProblems && outcome.formProblems.length > 0 ? ['In the form:', ...formProblemLines(outcome.formProblems)] : [];
      return ephemeral([head, ...form, problemsBlock(outcome.problems, outcome.errorCount), 'Fix them and try again.', ...(echo ? [echo] : [])].join('\n'));
    }
    case 'preview': {
      const { change, preview } = outcome;
      const what =
        outcome.sizeAfter === undefined
          ? 'deletes the file (it did not exist before that change)'
          : outcome.sizeBefore === undefined
            ? `creates it, ${size(outcome.sizeAfter)}`
            : `replaces it: ${size(outcome.sizeBefore)} → ${size(outcome.sizeAfter)}`;
      const counts = `${plural(preview.added.length, 'figure')} added, ${preview.changed.length} changed, ${preview.removed.length} removed`;
      const parts = [
        `**Preview**: ${VERB[change.kind]} ${code(change.file)} (${what}). ${counts}.`,
        block(outcome.lines.length > 0 ? outcome.lines : ['(no figures change)'], 'diff'),
      ];
      if (preview.newWarnings.length > 0) {
        parts.push(`New warnings (${preview.newWarnings.length}); they do not stop the change:`, problemsBlock(preview.newWarnings.slice(0, 8), preview.newWarnings.length));
      }
      if (preview.clearedWarnings > 0) parts.push(`It clears ${plural(preview.clearedWarnings, 'warning')}.`);
      parts.push(`Data version after applying: ${code(outcome.version)}. **Apply** or **Cancel** by ${discordTime(change.expiresAt)}.`);
      return ephemeral(fitPreview(parts), [buttons(change.id)]);
    }
  }
}

/** The preview's parts within 2,000 characters: the diff block gives way first. */
function fitPreview(parts: string[]): string {
  const text = parts.join('\n');
  if (text.length <= MAX_CONTENT) return text;
  const rest = parts.filter((_, i) => i !== 1).join('\n').length + 40;
  const budget = Math.max(200, MAX_CONTENT - rest);
  const diff = parts[1]!;
  const lines = diff.split('\n').slice(1, -1);
  const kept: string[] = [];
  let used = 12;
  for (const l of lines) {
    if (used + l.length + 1 > budget - 30) break;
    kept.push(l);
    used += l.length + 1;
  }
  const more = lines.length - kept.length;
  const shortened = [...parts];
  shortened[1] = block([...kept, ...(more > 0 ? [`… and ${more} more lines`] : [])], 'diff');
  return clamp(shortened.join('\n'));
}

function buttons(pendingId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Apply', custom_id: encodeActionId(COMMAND, 'apply', pendingId)! },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: encodeActionId(COMMAND, 'cancel', pendingId)! },
    ],
  };
}

/** The answer to Apply: the preview message is replaced by what happened (a refusal is a new private message). */
export function applyReply(outcome: ApplyOutcome): Outgoing {
  switch (outcome.kind) {
    case 'refused':
      return ephemeral(`❌ ${outcome.message}`);
    case 'expired':
      return update(`⌛ This preview expired ${discordTime(outcome.expiredAt)}: previews last 15 minutes. Nothing was changed; run the command again for a new preview.`);
    case 'stale':
      return update(`⚠️ ${code(outcome.file)} has changed since this preview (another change was applied, or the file was edited), so nothing was written. Run the command again for a fresh preview.`);
    case 'problems':
      return update(`❌ Nothing was written: the other fact files changed since the preview, and with this change they would now have ${plural(outcome.errorCount, 'error')}:\n${problemsBlock(outcome.problems, outcome.errorCount)}`);
    case 'applied': {
      const r = outcome.record;
      const lines = [`✅ Applied: change ${code(r.id)} to ${code(r.file)}.`];
      lines.push(outcome.reload.ok ? `Now serving data version ${code(outcome.reload.version)}.` : `⚠️ The reload after it failed (${plural(outcome.reload.errorCount, 'error')}); see \`/facts status\`.`);
      if (outcome.git) lines.push(outcome.git.ok ? `Committed to git as ${code(outcome.git.sha.slice(0, 12))}.` : `⚠️ The git commit failed (${outcome.git.message.slice(0, 200)}); the change is applied and in the trail.`);
      lines.push(`\`/facts revert change:${r.id}\` undoes it.`);
      return update(lines.join('\n'));
    }
  }
}

export function historyLine(r: TrailRecord): string {
  const t = Math.floor(Date.parse(r.at) / 1000);
  const by = r.user.name ? `${code(r.user.name, 40)} (<@${r.user.id}>)` : `<@${r.user.id}>`;
  const what = r.action === 'revert' ? `reverted ${code(r.revertOf ?? '?')} in` : r.action === 'add' ? 'added to' : 'replaced';
  const first = r.summary[0] ? ` — ${code(r.summary[0], 90)}${r.summary.length > 1 ? ` (+${r.summary.length - 1})` : ''}` : '';
  return `${code(r.id)} <t:${t}:f> ${by} ${what} ${code(r.file, 80)}${first}`;
}
