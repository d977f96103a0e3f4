import preset from '../jest.preset.js';

/** @type {import('jest').Config} */
export default {
  ...preset,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/jest.setup.js'],
  // Components stay free of style imports (styles load once in main.tsx), so no CSS mapping is needed.
};
