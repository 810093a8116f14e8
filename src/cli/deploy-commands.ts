// npm run deploy-commands [-- --dry-run]: register every slash command with one bulk PUT, to
// DISCORD_GUILD_ID when set (instant, for development) or globally. --dry-run prints the JSON.
import { config as loadDotenv } from 'dotenv';
import { createLogger, redactText } from '../log.ts';
import { StartupError } from '../transports/gateway/bot.ts';
import { deployCommands } from '../transports/gateway/deploy.ts';

loadDotenv({ quiet: true });
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--dry-run');
if (unknown.length > 0) {
  process.stderr.write(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\nUsage: npm run deploy-commands [-- --dry-run]\n`);
  process.exit(2);
}
const token = process.env.DISCORD_TOKEN?.trim() ?? '';
const secrets = token === '' ? [] : [token];
const logger = createLogger({ level: 'info', secrets });

try {
  const result = await deployCommands({ env: process.env, dryRun: args.includes('--dry-run'), logger });
  if (!result.dryRun) process.stderr.write(`Registered ${result.count} commands (${result.scope}): ${result.names.map((n) => `/${n}`).join(' ')}\n`);
} catch (error) {
  process.stderr.write(`${redactText(error instanceof StartupError ? error.message : String(error), secrets)}\n`);
  process.exit(1);
}
