import { defineConfig } from 'vitest/config';
import { E2E } from './vitest.config.ts';

// `npm run test:e2e`: the bot as users run it. Processes (`npm run ask`, validate, the bundled
// `npm start` and `npm run serve`) and the real discord.js client against the local Discord
// stand-in start servers and connect; two cores run them slowly, hence the longer timeouts.
export default defineConfig({
  test: {
    include: E2E,
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
