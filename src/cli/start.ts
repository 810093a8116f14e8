// npm start: read .env, validate the configuration, load the fact files, connect to Discord and
// serve until SIGINT/SIGTERM. Every start-up problem ends in one message and exit code 1.
import { Events } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { createLogger, redactText } from '../log.ts';
import { startBot, StartupError } from '../transports/gateway/bot.ts';

loadDotenv({ quiet: true });
const token = process.env.DISCORD_TOKEN?.trim() ?? '';
const secrets = token === '' ? [] : [token];
// Until the configuration is read, LOG_LEVEL may be invalid; startBot reports that.
const level = (['debug', 'info', 'warn', 'error', 'silent'] as const).find((l) => l === process.env.LOG_LEVEL?.trim()) ?? 'info';
const logger = createLogger({ level, secrets });

process.on('unhandledRejection', (reason) => logger.error('unhandled rejection (kept running)', { error: reason }));

try {
  const bot = await startBot({ env: process.env, logger });
  let signals = 0;
  // discord.js gives up only on errors it cannot recover from (a revoked token, disallowed intents);
  // exiting lets a supervisor restart the bot rather than leave it connected to nothing.
  bot.client.on(Events.ShardDisconnect, (event) => {
    if (signals > 0) return;
    logger.error('gateway connection lost for good; exiting', { code: event.code });
    void bot.stop().finally(() => process.exit(1));
  });
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal; exiting now', { signal });
      process.exit(1);
    }
    logger.info('signal received; shutting down', { signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`${redactText(error.message, secrets)}\n`);
  } else {
    logger.error('start-up failed', { error });
  }
  process.exit(1);
}
