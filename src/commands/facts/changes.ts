// /facts download, upload, history and revert, the Apply and Cancel buttons, and the subcommands'
// autocomplete. Each handler checks the caller again (a button can be pressed, and an interaction
// forged, by anyone who can see or guess it), then hands the work to the desk.
import type { Choice, CommandContext, CommandInvocation, ComponentInvocation } from '../../interactions/command.ts';
import type { AutocompleteInvocation, Outgoing } from '../../interactions/invocation.ts';
import { normalise } from '../../catalog/normalise.ts';
import { applyReply, code, ephemeral, historyLine, NO_DESK, previewReply, REFUSED_MESSAGE as REFUSED, size, update } from './replies.ts';


function liveOf(ctx: CommandContext) {
  return ctx.store?.current();
}

export async function download(inv: CommandInvocation, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  const name = String(inv.options.file ?? '');
  const got = await ctx.desk.download(inv.caller, name);
  if (got.kind === 'refused') return ephemeral(`❌ ${got.message}`);
  const base = got.name.split('/').at(-1)!;
  return {
    ...ephemeral(`${code(got.name)} (${size(got.bytes.byteLength)}), as the bot reads it now. Edit it and send it back with \`/facts upload target:${got.name}\`.`),
    files: [{ name: base, data: got.bytes, contentType: 'application/yaml', description: `Fact file ${got.name}`.slice(0, 1024) }],
  };
}

export async function upload(inv: CommandInvocation, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  const live = liveOf(ctx);
  if (!live) return ephemeral('No catalog is loaded yet; try again in a moment.');
  const file = inv.attachments?.[String(inv.options.file ?? '')];
  if (!file) return ephemeral('❌ Attach the YAML file to the `file` option.');
  let target = typeof inv.options.target === 'string' ? inv.options.target.trim() : '';
  if (target === '') {
    // The attachment's own name, when exactly one data file has it (Discord drops the folders).
    const matches = ctx.desk.fileNames(live.catalog.files).filter((n) => n === file.filename || n.endsWith(`/${file.filename}`));
    if (matches.length !== 1) {
      return ephemeral(
        matches.length === 0
          ? `❌ No data file is named ${code(file.filename)}: say where it goes with \`target\` (a new file is fine, e.g. \`airwars/2020-03.yaml\`).`
          : `❌ ${matches.length} data files are named ${code(file.filename)}: choose one with \`target\`.`,
      );
    }
    target = matches[0]!;
  }
  return previewReply(await ctx.desk.previewUpload(inv.caller, target, file, live));
}

export async function history(inv: CommandInvocation, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  const got = await ctx.desk.history(inv.caller, 10);
  if (got.kind === 'refused') return ephemeral(`❌ ${got.message}`);
  if (got.records.length === 0) return ephemeral('No changes have been made from Discord yet.');
  const lines = ['**Recent changes from Discord** (newest first):', ...got.records.map(historyLine)];
  if (got.skipped > 0) lines.push(`(${got.skipped} unreadable line${got.skipped === 1 ? '' : 's'} in the trail skipped.)`);
  lines.push('Undo one with `/facts revert change:<id>`.');
  return ephemeral(lines.join('\n'));
}

export async function revert(inv: CommandInvocation, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  const live = liveOf(ctx);
  if (!live) return ephemeral('No catalog is loaded yet; try again in a moment.');
  return previewReply(await ctx.desk.previewRevert(inv.caller, String(inv.options.change ?? ''), live));
}

export async function applyChange(inv: ComponentInvocation, id: string, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  return applyReply(await ctx.desk.apply(inv.caller, id, ctx.store));
}

export async function cancelChange(inv: ComponentInvocation, id: string, ctx: CommandContext): Promise<Outgoing> {
  if (!inv.caller.isModerator) return ephemeral(REFUSED);
  if (!ctx.desk) return ephemeral(NO_DESK);
  const got = await ctx.desk.cancel(inv.caller, id);
  if (got.kind === 'refused') return ephemeral(`❌ ${got.message}`);
  if (got.kind === 'gone') return update('That preview is no longer pending (applied, cancelled or expired); nothing to cancel.');
  return update(`Cancelled: ${code(got.file)} was not changed.`);
}

/** Autocomplete for the subcommands' options; nothing at all for a member. */
export function completeFacts(inv: AutocompleteInvocation, ctx: CommandContext): Choice[] {
  if (!inv.caller.isModerator) return [];
  const typed = String(inv.options[inv.focused] ?? '');
  const key = normalise(typed);
  const match = (...texts: string[]): boolean => key === '' || texts.some((t) => normalise(t).includes(key));
  const choice = (name: string, value: string): Choice => ({ name: name.length > 100 ? `${name.slice(0, 99)}…` : name, value });
  switch (`${inv.subcommand ?? ''} ${inv.focused}`) {
    case 'download file':
    case 'upload target': {
      const names = ctx.desk?.fileNames(ctx.catalog.files) ?? [];
      return names.filter((n) => match(n)).slice(0, 25).map((n) => choice(n, n));
    }
    case 'add claimant':
    case 'add subject':
      return [...ctx.catalog.entities.values()]
        .filter((e) => e.kind !== 'place' && match(e.id, e.name, ...e.aliases))
        .slice(0, 25)
        .map((e) => choice(`${e.name} (${e.id})`, e.id));
    case 'add metric':
      return [...ctx.catalog.metrics.values()].filter((m) => match(m.id, m.label)).slice(0, 25).map((m) => choice(`${m.label} (${m.id})`, m.id));
    case 'revert change':
      return (ctx.desk?.recentChangesCached(inv.caller, 25) ?? [])
        .filter((r) => match(r.id, r.file, r.user.name ?? ''))
        .map((r) => choice(`${r.id} · ${r.action} ${r.file} · ${r.user.name ?? r.user.id} · ${r.at.slice(0, 16).replace('T', ' ')}`, r.id));
    default:
      return [];
  }
}
