// Checks every transport's tests can run over a payload: Discord's limits, and that no string in it
// could ping anyone or be rendered as a mention.
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { limitViolations } from '../../src/render/limits.ts';

const PING = /@(?:everyone|here)|<@[!&]?\d|<#\d/;

/** Strings of a payload that could ping (URLs are not rendered as text, so they are skipped). */
export function pingViolations(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key !== 'url' && PING.test(v)) out.push(`${key}: ${JSON.stringify(v.slice(0, 80))}`);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, '');
  return out;
}

export function payloadProblems(body: APIInteractionResponse): string[] {
  const problems = [...limitViolations(body), ...pingViolations(body)];
  const data = (body as { data?: { allowed_mentions?: { parse?: unknown[] }; choices?: unknown } }).data;
  if (data && data.choices === undefined && JSON.stringify(data.allowed_mentions) !== JSON.stringify({ parse: [] })) {
    problems.push('allowed_mentions is not { parse: [] }');
  }
  return problems;
}
