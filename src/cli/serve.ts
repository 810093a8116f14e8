// npm run serve: the HTTP interactions endpoint. Reads .env, validates the configuration (PORT,
// DISCORD_PUBLIC_KEY…), loads the fact files and serves until SIGINT/SIGTERM, then finishes the
// requests and deferred answers in flight. Every start-up problem ends in one message and exit 1.
import { config as loadDotenv } from 'dotenv';
import { createLogger } from '../log.ts';
import { StartupError } from '../live/startup.ts';
import { startEndpoint } from '../transports/http/endpoint.ts';

loadDotenv({ quiet: true });
// Until the configuration is read, LOG_LEVEL may be invalid; startEndpoint reports that.
const level = (['debug', 'info', 'warn', 'error', 'silent'] as const).find((l) => l === process.env.LOG_LEVEL?.trim()) ?? 'info';
const logger = createLogger({ level });

process.on('unhandledRejection', (reason) => logger.error('unhandled rejection (kept running)', { error: reason }));

try {
  const endpoint = await startEndpoint({ env: process.env, logger });
  let signals = 0;
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal; exiting now', { signal });
      process.exit(1);
    }
    logger.info('signal received; shutting down', { signal });
    endpoint.stop().then(
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
  if (error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  else logger.error('start-up failed', { error });
  process.exit(1);
}
