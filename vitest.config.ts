import { defineConfig } from 'vitest/config';

// `npm test`: unit, property and in-process integration tests (HTTP endpoint on 127.0.0.1, the
// dispatcher, the loader on real files). Subprocesses and the real discord.js client against the
// Discord stand-in are `npm run test:e2e` (vitest.e2e.config.ts).
export const E2E = ['test/e2e/**/*.test.ts'];

// Test files share one module graph per worker thread (isolate: false): importing the sources
// afresh for each of ~80 files cost more than all their tests together. A file that changes
// globals runs isolated: Vega, drawing a chart in the test's own thread, leaves globals that
// discord.js's event emitter trips over when a later file imports it.
const ISOLATED = ['test/render/chart.test.ts', 'test/ask-png.test.ts', 'test/interactions/chart.test.ts'];

const shared = {
  setupFiles: ['test/setup/fast-check.ts'],
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'threads' as const,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...ISOLATED, '**/node_modules/**'], isolate: false } },
      { test: { ...shared, name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
