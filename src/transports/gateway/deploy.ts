// Registering the slash commands: one bulk PUT that replaces the application's command list, so
// running it twice changes nothing. To one guild when DISCORD_GUILD_ID is set (instant, for
// development), else globally. A dry run prints the JSON and needs no token.
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { commands as allCommands } from '../../commands/index.ts';
import { DeployConfig, readConfig, type GatewayConfig } from '../../config.ts';
import { silentLogger, type Logger } from '../../log.ts';
import { StartupError } from './bot.ts';

export interface DeployOptions {
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  /** Where a dry run writes the JSON (stdout by default). */
  out?: (text: string) => void;
  logger?: Logger;
  /** Defaults to every command the bot serves, /facts included. */
  commands?: readonly RESTPostAPIApplicationCommandsJSONBody[];
}

export type DeployResult =
  | { readonly dryRun: true; readonly scope?: string; readonly count: number }
  | { readonly dryRun: false; readonly scope: string; readonly count: number; readonly names: readonly string[] };

/**
 * The definitions as sent. discord-api-types (and Discord's prose docs) type
 * default_member_permissions as a string, but Discord's OpenAPI description of the request takes
 * an integer (bit set ≤ 2^54); sending the number satisfies the published request schema.
 */
export function toWire(commands: readonly RESTPostAPIApplicationCommandsJSONBody[]): unknown[] {
  return commands.map((c) => {
    const p = c.default_member_permissions;
    if (typeof p !== 'string' || !/^\d+$/.test(p)) return c;
    const n = Number(p);
    return Number.isSafeInteger(n) ? { ...c, default_member_permissions: n } : c;
  });
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const commands = toWire(options.commands ?? allCommands.map((c) => c.definition));
  const logger = options.logger ?? silentLogger;
  const read = readConfig(DeployConfig, options.env);

  if (options.dryRun) {
    (options.out ?? ((t: string) => process.stdout.write(t)))(`${JSON.stringify(commands, null, 2)}\n`);
    const scope = read.ok ? scopeOf(read.config) : undefined;
    logger.info('dry run: nothing sent', { commands: commands.length, ...(scope ? { target: scope } : {}) });
    return { dryRun: true, count: commands.length, ...(scope ? { scope } : {}) };
  }
  if (!read.ok) throw new StartupError(read.message);
  const config = read.config;
  const rest = new REST({ api: config.DISCORD_API_URL, timeout: 15_000, retries: 2 }).setToken(config.DISCORD_TOKEN);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  const scope = scopeOf(config);
  try {
    const saved = (await rest.put(route, { body: commands })) as { name: string }[];
    const names = saved.map((c) => c.name);
    logger.info('commands registered', { target: scope, commands: names });
    return { dryRun: false, scope, count: saved.length, names };
  } catch (error) {
    throw new StartupError(`Registering the commands (${scope}) failed: ${describe(error)}`);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

function scopeOf(config: GatewayConfig): string {
  return config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'global (may take up to an hour to appear everywhere)';
}

function describe(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    const hint =
      error.status === 401
        ? ' (check DISCORD_TOKEN)'
        : error.status === 403 || error.code === 50001
          ? ' (check DISCORD_APPLICATION_ID, and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope)'
          : error.status === 404
            ? ' (check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID)'
            : '';
    return `HTTP ${error.status} ${error.message}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}
