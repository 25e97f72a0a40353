/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The multi-worker limits test takes minutes of both cores: `npm run test:limits` runs it on its own.
  testPathIgnorePatterns: process.env.DIALER_LIMITS_TESTS
    ? ['/node_modules/']
    : ['/node_modules/', '/tests/limits/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 30000,
};
