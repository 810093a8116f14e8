import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test`: unit, property and in-process integration tests (HTTP endpoint on 127.0.0.1, the
// dispatcher, the loader on real files). Subprocesses and the real discord.js client against the
// Discord stand-in are `npm run test:e2e` (vitest.e2e.config.ts).
export const E2E = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...E2E, '**/node_modules/**'],
    // Test files share one module graph per worker thread: importing the sources afresh for each
    // of ~80 files cost more than all their tests together. discord-first.ts says why it comes first.
    pool: 'threads',
    isolate: false,
    // Vitest's default on two cores is one worker; many tests wait on sockets and files, so two
    // (or one per core) finish sooner.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['test/setup/discord-first.ts', 'test/setup/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
