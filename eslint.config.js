// Lint for every package (docs/style.md rules 1 and 13): typed rules for floating and misused promises
// and exhaustive switches, strict equality, type-only imports, the rules of React hooks, and the one
// direction of dependency: shared imports nothing of ours and no framework or I/O; server and client
// never import each other; the simulator imports neither. Formatting is Prettier's (npm run lint checks it).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const frameworkAndIo = [
  '@nestjs/*',
  'react',
  'react-dom',
  'socket.io',
  'socket.io-client',
  'ioredis',
  'bullmq',
  'pg',
  'drizzle-orm',
  'drizzle-orm/*',
  'node:*',
  'fs',
  'path',
  'http',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'client/vite.config.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `== null` is allowed: it means null or undefined, on purpose; every other comparison is strict.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata: an injected class must stay a value import.
    files: ['server/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@wardflow/*', '**/server/**', '**/client/**', ...frameworkAndIo],
              message: 'shared is pure: no framework, no I/O, no other package of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@wardflow/client', '**/client/**'], message: 'server must not depend on client.' }] },
      ],
    },
  },
  {
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['simulator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@wardflow/server', '@wardflow/client', '**/server/**', '**/client/**', '@nestjs/*'],
              message:
                "the simulator stands in for a trust's FHIR server: it shares no code with the server or the client.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@wardflow/server', '**/server/**', '@nestjs/*'], message: 'client must not depend on server.' },
          ],
        },
      ],
    },
  },
);
