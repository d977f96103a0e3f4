import preset from '../../jest.preset.js';

/**
 * The chaos suite (npm run chaos): real Wardflow processes, a FHIR simulator behind the fault proxy,
 * private Redis and PostgreSQL that the scenarios kill and restart, a real SMTP server in the test
 * process. Run in band: the scenarios time recoveries, and two at once on a 2-core machine would
 * measure each other. The report of every scenario is gathered and printed at the end.
 */
/** @type {import('jest').Config} */
export default {
  ...preset,
  rootDir: '.',
  roots: ['<rootDir>'],
  testMatch: ['**/*.chaos.test.ts'],
  testTimeout: 180_000,
  globalSetup: '<rootDir>/support/report-setup.js',
  globalTeardown: '<rootDir>/support/report-teardown.js',
};
