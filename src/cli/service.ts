// What `npm start` and `npm run serve` share: a logger before the configuration is read, and a
// life that ends on SIGINT/SIGTERM with a graceful stop (a second signal exits at once).
import { createLogger, redactText, type Logger } from '../log.ts';
import { StartupError } from '../live/startup.ts';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** LOG_LEVEL may still be invalid here; the configuration check reports that properly later. */
export function bootLogger(env: NodeJS.ProcessEnv, secrets: readonly string[] = []): Logger {
  const level = LEVELS.find((l) => l === env.LOG_LEVEL?.trim()) ?? 'info';
  const logger = createLogger({ level, secrets: [...secrets] });
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection (kept running)', { error: reason }));
  return logger;
}

export interface Service {
  stop(): Promise<void>;
}

/**
 * Starts a service and keeps it until a signal. Start-up refusals print their message (safe to
 * print, and redacted once more) and exit 1.
 */
export async function runService<S extends Service>(start: () => Promise<S>, logger: Logger, secrets: readonly string[] = []): Promise<{ service: S; signalled: () => boolean }> {
  let service: S;
  try {
    service = await start();
  } catch (error) {
    if (error instanceof StartupError) process.stderr.write(`${redactText(error.message, [...secrets])}\n`);
    else logger.error('start-up failed', { error });
    process.exit(1);
  }
  let signals = 0;
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal; exiting now', { signal });
      process.exit(1);
    }
    logger.info('signal received; shutting down', { signal });
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return { service, signalled: () => signals > 0 };
}
