// `npm run misses [-- --days 7] [--limit 20] [--json]`: what people asked that the data could not
// answer, most askers first, from STATE_DIR/misses.json (the gateway bot and the HTTP endpoint
// write it; README, "What people could not find"). Reads .env for STATE_DIR. Exit 0, or 2 on a
// usage error.
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { formatTopMisses, openMissLog } from '../live/misses.ts';

export const USAGE = 'usage: npm run misses -- [--days N (1-8, default 7)] [--limit N (default 20)] [--json]';

export async function misses(args: readonly string[], stateDir: string): Promise<{ output: string; code: number }> {
  let values: { days?: string; limit?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { days: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    return { output: `${(error as Error).message}\n${USAGE}`, code: 2 };
  }
  if (values.help) return { output: USAGE, code: 0 };
  const days = Number(values.days ?? 7);
  const limit = Number(values.limit ?? 20);
  if (!Number.isInteger(days) || days < 1 || days > 8 || !Number.isInteger(limit) || limit < 1) return { output: USAGE, code: 2 };
  const log = openMissLog(stateDir);
  const top = await log.top({ days, limit });
  if (values.json) return { output: JSON.stringify(top, null, 2), code: 0 };
  if (top.total === 0) return { output: `No unanswered questions in the last ${days} days (${log.file}).`, code: 0 };
  return { output: formatTopMisses(top, days, limit).join('\n'), code: 0 };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  loadDotenv({ quiet: true });
  const { output, code } = await misses(process.argv.slice(2), process.env.STATE_DIR?.trim() || 'state');
  (code === 0 ? console.log : console.error)(output);
  process.exitCode = code;
}
