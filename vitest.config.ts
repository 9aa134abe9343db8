import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The security suite runs on its own (npm run test:security, vitest.security.config.ts).
    exclude: ['tests/security/**', '**/node_modules/**'],
    environment: 'node',
    // The simulated card does real RSA with BigInt; give slow CI machines room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/build-cli.global-setup.ts'],
  },
});
