const { readFileSync } = require('node:fs');
const swcConfig = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

const transform = { '^.+\\.ts$': ['@swc/jest', swcConfig] };
const moduleNameMapper = { '^@hookyard/(.*)$': '<rootDir>/libs/$1/src/index.ts' };
const base = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };

// Unit tests sit beside the code; end-to-end suites live in each app's test/ folder
// and run one file at a time because they start real processes on fixed ports.
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/e2e-timeout.setup.ts'],
      globalSetup: '<rootDir>/tools/console/e2e-global-setup.ts',
    },
  ],
};
