import preset from '../jest.preset.js';

/** @type {import('jest').Config} */
export default { ...preset, roots: ['<rootDir>/src'], testTimeout: 30_000 };
