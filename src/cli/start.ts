// npm start: read .env, validate the configuration, load the fact files, connect to Discord and
// serve until SIGINT/SIGTERM. Every start-up problem ends in one message and exit code 1.
import { Events } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { startBot } from '../transports/gateway/bot.ts';
import { bootLogger, runService } from './service.ts';

loadDotenv({ quiet: true });
const token = process.env.DISCORD_TOKEN?.trim() ?? '';
const secrets = token === '' ? [] : [token];
const logger = bootLogger(process.env, secrets);

const { service: bot, signalled } = await runService(() => startBot({ env: process.env, logger }), logger, secrets);
// discord.js gives up only on errors it cannot recover from (a revoked token, disallowed intents);
// exiting lets a supervisor restart the bot rather than leave it connected to nothing.
bot.client.on(Events.ShardDisconnect, (event) => {
  if (signalled()) return;
  logger.error('gateway connection lost for good; exiting', { code: event.code });
  void bot.stop().finally(() => process.exit(1));
});
