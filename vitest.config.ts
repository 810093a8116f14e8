import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start servers and the real discord.js client; two cores run them slowly.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
