// Downloads a file a moderator attached to a command. Only from Discord's attachment hosts (and,
// when DISCORD_API_URL points elsewhere, from that host: a REST proxy, or the stand-in in tests),
// never following a redirect, within a size cap and a time limit, so an interaction cannot make
// the bot fetch an arbitrary address or an endless body.

export const DISCORD_ATTACHMENT_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];
export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

export interface FetchPolicy {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /**
   * DISCORD_API_URL when it is not Discord's own: attachments on its host are fetched too, with its
   * protocol (a stand-in or proxy without TLS).
   */
  readonly apiUrl?: string;
  /** Injectable for tests. */
  readonly fetch?: typeof fetch;
}

export type Fetched = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** Where an attachment URL may be fetched from, or why it may not. */
export function attachmentSource(url: string, apiUrl?: string): { ok: true; url: URL } | { ok: false; message: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, message: 'The attachment has no usable address.' };
  }
  if (u.username !== '' || u.password !== '') return { ok: false, message: 'The attachment address is not one of Discord’s.' };
  if (u.protocol === 'https:' && u.port === '' && DISCORD_ATTACHMENT_HOSTS.includes(u.hostname)) return { ok: true, url: u };
  if (apiUrl !== undefined && apiUrl !== DEFAULT_DISCORD_API_URL) {
    let api: URL;
    try {
      api = new URL(apiUrl);
    } catch {
      return { ok: false, message: 'The attachment address is not one of Discord’s.' };
    }
    if ((u.protocol === 'https:' || u.protocol === api.protocol) && u.host === api.host) {
      return { ok: true, url: new URL(`${api.protocol}//${api.host}${u.pathname}${u.search}`) };
    }
  }
  return { ok: false, message: 'Attachments are only downloaded from Discord (cdn.discordapp.com, media.discordapp.net).' };
}

export async function fetchAttachment(url: string, policy: FetchPolicy): Promise<Fetched> {
  const where = attachmentSource(url, policy.apiUrl);
  if (!where.ok) return where;
  const doFetch = policy.fetch ?? fetch;
  const limit = `${Math.round(policy.maxBytes / 1024)} KiB`;
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let response: Response;
  try {
    response = await doFetch(where.url, { redirect: 'manual', signal, headers: { accept: '*/*' } });
  } catch (error) {
    return { ok: false, message: isTimeout(error) ? `Downloading the attachment took longer than ${policy.timeoutMs / 1000} s.` : 'The attachment could not be downloaded from Discord.' };
  }
  try {
    if (response.status >= 300 && response.status < 400) return { ok: false, message: 'Discord answered the download with a redirect, which the bot does not follow.' };
    if (response.status !== 200) return { ok: false, message: `Discord answered the download with status ${response.status}.` };
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > policy.maxBytes) return { ok: false, message: `The attachment is larger than ${limit}.` };
    if (!response.body) return { ok: true, bytes: new Uint8Array() };
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > policy.maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, message: `The attachment is larger than ${limit}.` };
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, message: isTimeout(error) ? `Downloading the attachment took longer than ${policy.timeoutMs / 1000} s.` : 'The attachment download was cut off.' };
  } finally {
    if (!response.bodyUsed) await response.body?.cancel().catch(() => undefined);
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Text a moderator sent as YAML: UTF-8 (a BOM is dropped), no NUL bytes. */
export function decodeYamlText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'The file is not UTF-8 text. Save it as UTF-8 YAML and upload it again.' };
  }
  if (text.includes('\u0000')) return { ok: false, message: 'The file holds NUL bytes: it is not a text (YAML) file.' };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}
