import { defineConfig } from 'vitest/config';

/**
 * `npm run test:security` (issue 6): fault injection, fuzzing, the forgery catalogue and UI text
 * attacks (tests/security), plus the evidence-integrity and bridge-authentication suites that
 * also run with the unit tests; the reporter turns their passed cases into figures.
 */
export default defineConfig({
  test: {
    include: [
      'tests/security/**/*.test.ts',
      'tests/evidence/evidence-chain.test.ts',
      'tests/evidence/evidence-store.test.ts',
      'tests/evidence/evidence-crypto.test.ts',
      'tests/bridge/bridge-auth.test.ts',
      'tests/bridge/bridge-session.test.ts',
    ],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './tests/security/figures-reporter.ts'],
  },
});
