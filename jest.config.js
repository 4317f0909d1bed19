/**
 * Jest runs the TypeScript sources in ESM mode through @swc/jest, with legacy decorators and
 * decorator metadata (type-graphql reads the emitted design types).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'es6' },
  },
];

const shared = {
  // jest's runtime plus V8 code caches shared by the test files of one worker: see the file.
  runtime: '<rootDir>/test/support/jest-code-cache-runtime.cjs',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

export default {
  // Four workers on a 2-core machine: much of an e2e file's time is spent waiting (on sockets, on
  // deadlines the fault tests let expire, on child processes), and another file's work fills it.
  // Measured here: 2 workers 47 s, 3 workers 38 s, 4 workers 35 s, 5 workers 35 s.
  maxWorkers: 4,
  // Slow files first, on a fresh clone too (jest's own order falls back to file size there): see the file.
  testSequencer: '<rootDir>/test/support/jest-sequencer.cjs',
  // Line coverage counts the gateway's own code only (not tests, tools or generated clients).
  collectCoverageFrom: ['<rootDir>/src/**/*.ts'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // Real backing services (a spawned redis-server), no HTTP gateway.
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // examples/web in headless Chromium (test/support/web-example.ts): skipped locally without
    // /usr/bin/chromium or the example's dependencies, failing in CI.
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};
