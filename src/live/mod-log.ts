// The mod log: with MOD_LOG_CHANNEL_ID set, the bot posts there what moderators should know
// without asking: changes applied and reverted from Discord, edits rejected (an upload or a form
// that does not validate, and fact files the live store refused, whatever wrote them), and a data
// folder that is no longer watched. Posting never blocks or fails the change it reports: a post
// that Discord refuses is logged and dropped.
import type { CatalogStore, StoreStatus } from './catalog-store.ts';
import { formatProblem, type Problem } from '../catalog/problem.ts';
import type { Logger } from '../log.ts';
import type { TrailRecord } from './trail.ts';

export type ModEvent =
  | { readonly kind: 'applied'; readonly record: TrailRecord; readonly note?: string }
  | { readonly kind: 'rejected'; readonly what: string; readonly problems: readonly Problem[]; readonly errorCount: number; readonly serving?: string }
  | { readonly kind: 'blind'; readonly dir: string }
  | { readonly kind: 'watching'; readonly dir: string };

export interface ModLog {
  post(event: ModEvent): void;
  /** Resolves when every post started so far has been sent (or has failed). */
  flush(): Promise<void>;
}

export const silentModLog: ModLog = { post: () => undefined, flush: async () => undefined };

/** A message body for POST /channels/{id}/messages: plain text, nobody pinged. */
export interface ModLogMessage {
  readonly content: string;
  readonly allowed_mentions: { readonly parse: readonly [] };
  readonly flags: number;
}

const SUPPRESS_EMBEDS = 1 << 2;

export function createModLog(send: (message: ModLogMessage) => Promise<unknown>, logger: Logger): ModLog {
  const inFlight = new Set<Promise<void>>();
  return {
    post(event) {
      const p = send({ content: formatModEvent(event), allowed_mentions: { parse: [] }, flags: SUPPRESS_EMBEDS }).then(
        () => undefined,
        (error: unknown) => logger.warn('could not post to the mod log channel', { event: event.kind, error }),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    },
    async flush() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Text in inline code: backticks cannot close it early. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, 'ʼ').replace(/\n/g, ' ')}\``;
}

function who(r: TrailRecord): string {
  // <@id> names the user; allowed_mentions keeps it from pinging anyone.
  return `<@${r.user.id}>${r.user.name ? ` (${code(r.user.name)})` : ''}`;
}

export function formatModEvent(e: ModEvent): string {
  switch (e.kind) {
    case 'applied': {
      const r = e.record;
      const verb = r.action === 'revert' ? `reverted change ${code(r.revertOf ?? '?')} in` : r.action === 'add' ? 'added a figure to' : 'replaced';
      const head = `📝 ${who(r)} ${verb} ${code(r.file)} (change ${code(r.id)}${r.dataVersion ? `, data version ${code(r.dataVersion)}` : ''}).`;
      const lines = r.summary.slice(0, 10).map((l) => `  ${l}`);
      if (r.summary.length > 10) lines.push(`  … and ${r.summary.length - 10} more`);
      return clamp([head, ...(lines.length ? ['```', ...lines.map(unfence), '```'] : []), ...(e.note ? [e.note] : [])].join('\n'));
    }
    case 'rejected': {
      const shown = e.problems.slice(0, 5).map((p) => unfence(formatProblem(p)));
      const more = e.errorCount > shown.length ? [`… and ${e.errorCount - shown.length} more`] : [];
      const serving = e.serving ? ` Still serving data version ${code(e.serving)}.` : '';
      return clamp([`🚫 Rejected: ${e.what} (${e.errorCount} error${e.errorCount === 1 ? '' : 's'}); nothing was changed.${serving}`, '```', ...shown, ...more, '```'].join('\n'));
    }
    case 'blind':
      return `👁️ The data folder ${code(e.dir)} is no longer watched: edits to the files are not picked up until \`/facts reload\`.`;
    case 'watching':
      return `👁️ The data folder ${code(e.dir)} is watched again.`;
  }
}

function unfence(s: string): string {
  return s.replace(/```/g, "'''");
}

function clamp(text: string, max = 2000): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 6);
  return `${cut.split('```').length % 2 === 0 ? `${cut}\n\`\`\`` : cut}…`;
}

/**
 * Reports what the live store does on its own (the watcher's rejected loads, a watcher gone blind)
 * by comparing its status every `intervalMs`: the store offers no events, and this needs none of
 * its internals. Returns a function that stops it.
 */
export function observeStore(store: Pick<CatalogStore, 'status'>, modLog: ModLog, options: { readonly intervalMs?: number } = {}): () => void {
  let last: StoreStatus = store.status();
  let blind = false;
  const tick = (): void => {
    const now = store.status();
    const failed = now.lastError;
    if (failed && failed.at.getTime() !== last.lastError?.at.getTime()) {
      modLog.post({ kind: 'rejected', what: `fact files (${failed.trigger})`, problems: failed.problems, errorCount: failed.errorCount, ...(now.version ? { serving: now.version } : {}) });
    }
    if (last.watching && !now.watching) {
      blind = true;
      modLog.post({ kind: 'blind', dir: now.dir });
    } else if (blind && now.watching) {
      blind = false;
      modLog.post({ kind: 'watching', dir: now.dir });
    }
    last = now;
  };
  const timer = setInterval(tick, options.intervalMs ?? 2_000);
  timer.unref();
  return () => clearInterval(timer);
}
