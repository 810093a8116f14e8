// npm run serve: the HTTP interactions endpoint. Reads .env, validates the configuration (PORT,
// DISCORD_PUBLIC_KEY…), loads the fact files and serves until SIGINT/SIGTERM, then finishes the
// requests and deferred answers in flight. Every start-up problem ends in one message and exit 1.
import { config as loadDotenv } from 'dotenv';
import { startEndpoint } from '../transports/http/endpoint.ts';
import { bootLogger, runService } from './service.ts';

loadDotenv({ quiet: true });
const logger = bootLogger(process.env);
await runService(() => startEndpoint({ env: process.env, logger }), logger);
