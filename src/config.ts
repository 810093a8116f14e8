// Configuration from the environment (and .env via dotenv), validated once at start-up. Every
// problem is reported together, with how to fix it, and no value is ever echoed back: a token
// pasted into the wrong variable must not end up in a log.
import { z } from 'zod';

const DEFAULT_API_URL = 'https://discord.com/api';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const snowflakeList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  .pipe(z.array(snowflake));

const logLevel = z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info');
const dataDir = z.string().min(1).default('data');

const HINTS: Record<string, string> = {
  DISCORD_TOKEN: 'copy the bot token from the Developer Portal → your application → Bot → Reset Token',
  DISCORD_APPLICATION_ID: 'copy the Application ID from the Developer Portal → General Information',
  DISCORD_PUBLIC_KEY: 'copy the Public Key (64 hex characters) from the Developer Portal → General Information',
  DISCORD_GUILD_ID: 'right-click your server with Developer Mode on → Copy Server ID, or leave it unset to deploy globally',
  MODERATOR_ROLE_IDS: 'a comma-separated list of role ids, or leave it unset',
  DISCORD_API_URL: 'a base URL such as https://discord.com/api, or leave it unset',
  LOG_LEVEL: 'one of debug, info, warn, error, silent',
  PORT: 'a port number between 1 and 65535',
  METRICS_PORT: 'a port number for /livez, /readyz and /metrics (0: any free port), or leave it unset to serve none',
  METRICS_HOST: 'the address the metrics port listens on, e.g. 127.0.0.1 (the default) or 0.0.0.0 in a container',
  DISCORD_SHARDS: 'auto (what Discord recommends, the default) or a number of shards, 1 or more',
  REDIS_URL: 'a Redis URL such as redis://localhost:6379 (rediss:// for TLS), or leave it unset to limit per instance',
  DATA_DIR: 'a directory holding the YAML fact files',
  STATE_DIR: 'a directory the bot may write its state to: settings, pending changes, the trail (default "state")',
  DATA_GIT: 'on or off (default off)',
  MOD_LOG_CHANNEL_ID: 'right-click the channel with Developer Mode on → Copy Channel ID, or leave it unset',
};

const common = {
  DATA_DIR: dataDir,
  // The only place the bot writes besides DATA_DIR: per-server settings (/facts mentions), pending
  // changes and the trail of changes made from Discord. Git-ignored; the loader never reads it.
  STATE_DIR: z.string().min(1).default('state'),
  // on: each change applied from Discord is also a git commit, when DATA_DIR is in a work tree.
  DATA_GIT: z.enum(['on', 'off']).default('off'),
  LOG_LEVEL: logLevel,
  MODERATOR_ROLE_IDS: snowflakeList,
  // discord.js appends /v10 itself; tests point this at the local stand-in.
  DISCORD_API_URL: z.url().default(DEFAULT_API_URL).transform((u) => u.replace(/\/+$/, '')),
  // Health and metrics (/livez, /readyz, /metrics): opt-in, on loopback unless METRICS_HOST says.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
};

export const GatewayConfig = z.object({
  DISCORD_TOKEN: z.string().min(50, 'looks too short for a bot token').regex(/^\S+$/, 'must not contain spaces'),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  // Gateway shards, all in this process: "auto" asks Discord (GET /gateway/bot, through
  // DISCORD_API_URL) how many it recommends; Discord requires sharding from 2,500 servers.
  DISCORD_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(4096)]).default('auto'),
  // Where the bot posts changes applied from Discord, rejected edits and a blind watcher.
  MOD_LOG_CHANNEL_ID: snowflake.optional(),
  ...common,
});

export const DeployConfig = GatewayConfig;

export const HttpConfig = z.object({
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters'),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  // The per-user rate limit shared by every instance; unset, each instance keeps its own.
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'must start with redis:// or rediss://').optional(),
  ...common,
});

/** Offline tools (ask, validate) need no secrets. */
export const OfflineConfig = z.object({ DATA_DIR: dataDir, LOG_LEVEL: logLevel });

export type GatewayConfig = z.infer<typeof GatewayConfig>;
export type HttpConfig = z.infer<typeof HttpConfig>;
export type OfflineConfig = z.infer<typeof OfflineConfig>;

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; message: string };

/**
 * Validates `env` against a schema. Empty strings count as unset, as they do in most .env files.
 * The message names each variable, what is wrong and how to fix it, never the value.
 */
export function readConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): ConfigResult<z.infer<S>> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') cleaned[k] = v.trim();
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(config)');
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    const what = missing ? 'is missing' : `is invalid: ${issue.message}`;
    const hint = HINTS[name];
    return `  - ${name} ${what}${hint ? ` (${hint})` : ''}`;
  });
  return {
    ok: false,
    message: `Configuration problem${lines.length > 1 ? 's' : ''}; set these in .env (see .env.example):\n${lines.join('\n')}`,
  };
}
