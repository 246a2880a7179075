import js from '@eslint/js';
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The boundaries rule reads Nx's cached project graph and skips itself without one (a fresh
// clone, or files changed since): build it first, so `eslint` alone always enforces the layers.
await createProjectGraphAsync({ exitOnError: true });

/**
 * The layers of the workspace (README, Architecture): each project's `type:` tag (project.json)
 * names the layers it may import. Same-layer imports are allowed except between features, and
 * Nx refuses import cycles and imports of apps on its own.
 */
const LAYERS = {
  'type:app': ['type:feature', 'type:data', 'type:domain', 'type:util'],
  'type:feature': ['type:data', 'type:domain', 'type:util'],
  'type:data': ['type:data', 'type:domain', 'type:util'],
  'type:domain': ['type:domain', 'type:util'],
  'type:util': ['type:util'],
  'type:testing': ['type:testing', 'type:data', 'type:domain', 'type:util'],
};

/** `@hookyard/testing` is for tests only: specs, e2e suites and the harness itself may import it. */
const boundaries = (withTesting) => [
  'error',
  {
    allow: [],
    banTransitiveDependencies: false,
    depConstraints: Object.entries(LAYERS).map(([sourceTag, allowed]) => ({
      sourceTag,
      onlyDependOnLibsWithTags: withTesting ? [...new Set([...allowed, 'type:testing'])] : allowed,
    })),
  },
];

const TEST_FILES = ['**/*.spec.ts', 'apps/*/test/**/*.ts', 'libs/testing/**/*.ts'];

const ALIASES_ONLY = { group: ['../../*'], message: 'import other projects through @hookyard/* aliases' };

/**
 * SQL lives in the repositories of libs/persistence: everything else reaches the database through
 * them. Tests may query it to check what was written, and readiness pings the connection itself.
 */
const NO_DATABASE_ACCESS = {
  files: ['apps/**/*.ts', 'libs/**/*.ts'],
  ignores: [...TEST_FILES, 'libs/persistence/**', 'libs/observability/src/health.controller.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ALIASES_ONLY,
          {
            group: ['typeorm', '@nestjs/typeorm', 'pg'],
            message: 'SQL lives in the repositories of @hookyard/persistence: call one of their methods',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'tmp', '.nx', 'coverage', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [ALIASES_ONLY] }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  { files: TEST_FILES, rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
  NO_DATABASE_ACCESS,
);
