/**
 * The browser test (`npm run test:e2e`): one flow through the admin panel of the production build,
 * in Debian's Chromium driven by playwright-core. Kept apart from the unit and integration projects.
 */
const path = require('path');

module.exports = {
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, '..', 'tsconfig.test.json'), diagnostics: false }] },
  testTimeout: 120000,
  verbose: true,
  // The steps print their own progress; the CMS and the reader are child processes, stopped in afterAll.
  forceExit: true,
};
