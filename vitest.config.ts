import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'packages/**/*.test.ts',
      'functions/**/*.test.ts',
      'infra/**/*.test.ts',
      'stacks/**/*.test.ts',
      'bench/**/*.test.ts',
      'load/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    // every response a test app sends is checked against the OpenAPI document; violations fail the test
    setupFiles: ['packages/testing/src/contract-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
