/** The fuzzer (`npm run fuzz`, scripts/fuzz.js): a Jest config of its own, so that `npm test` never runs it. */
const path = require('path');

const root = path.join(__dirname, '..', '..');

module.exports = {
  rootDir: root,
  testTimeout: 3 * 60 * 60 * 1000,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/fuzz'],
  testMatch: ['<rootDir>/tests/fuzz/fuzz.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.test.json'), diagnostics: false }] },
  globalSetup: '<rootDir>/tests/harness/global-setup.js',
  // The server children are stopped in afterAll; a socket a hung server left open must not keep Jest alive.
  forceExit: true,
};
