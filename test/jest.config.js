import preset from '../jest.preset.js';

/** End-to-end tests: real server processes, Redis, PostgreSQL/PGlite, socket.io-client and Chromium. */
/** @type {import('jest').Config} */
export default {
  ...preset,
  rootDir: '.',
  roots: ['<rootDir>/e2e', '<rootDir>/browser'],
  testTimeout: 120_000,
};
