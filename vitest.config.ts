import { defineConfig } from 'vitest/config';

// `npm test`: unit, property and in-process integration tests (HTTP endpoint on 127.0.0.1, the
// dispatcher, the loader on real files). Subprocesses and the real discord.js client against the
// Discord stand-in are `npm run test:e2e` (vitest.e2e.config.ts).
export const E2E = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...E2E, '**/node_modules/**'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
