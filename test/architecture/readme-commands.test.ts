// The README's command table is the registry as a newcomer reads it: every command, with its
// options as <required> and [optional], and nothing the bot does not serve. A command added to
// src/commands/index.ts without a row (or a row left behind) fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.ts';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

/** The usages in the first column of the table under "## Commands": "/casualties <subject> [place]". */
export function readmeUsages(markdown: string): string[] {
  const section = markdown.split(/^## Commands$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^\|\s*`\//.test(l))
    .flatMap((l) => [...l.split('|')[1]!.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]!.trim()));
}

/** How the registry would write each usage. */
function usages(): string[] {
  return commands.flatMap((c) => {
    const opts = c.definition.options ?? [];
    const subs = opts.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    if (subs.length > 0) return subs.map((s) => `/${c.definition.name} ${s.name}`);
    const args = opts.map((o) => ('required' in o && o.required ? `<${o.name}>` : `[${o.name}]`));
    return [[`/${c.definition.name}`, ...args].join(' ')];
  });
}

describe('README command table', () => {
  it('lists exactly the registered commands, with their options', () => {
    expect(readmeUsages(readFileSync(README, 'utf8')).sort()).toEqual(usages().sort());
  });
  it('is read the way it is written', () => {
    expect(readmeUsages('## Commands\n| command | what |\n|---|---|\n| `/a <x> [y]` | z |\n| `/b one`, `/b two` | w |\n## Next\n| `/c` | no |')).toEqual(['/a <x> [y]', '/b one', '/b two']);
  });
});
