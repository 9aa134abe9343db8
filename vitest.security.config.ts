import { defineConfig } from 'vitest/config';

/** `npm run test:security` (issue 6): fault injection, fuzzing, forgery catalogue, privacy. */
export default defineConfig({
  test: {
    include: ['tests/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
