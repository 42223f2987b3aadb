// Shared Jest setup: swc (with decorator metadata) for speed, `@stowage/*` mapped from tsconfig.base.json.
const path = require('node:path');
const { workspaceRoot, readAliases, readSwcOptions } = require('./tools/build/workspace-paths.cjs');

const moduleNameMapper = {
  ...Object.fromEntries(Object.entries(readAliases()).map(([alias, [target]]) => [`^${alias}$`, path.join(workspaceRoot, target)])),
  // file-type exports only "import"/"module-sync" conditions, which Jest's CommonJS resolver ignores:
  // point it at the entry file (compiled to CommonJS by the transform below).
  '^file-type$': path.join(workspaceRoot, 'node_modules/file-type/index.js'),
};
const swcOptions = readSwcOptions();
// Every target writes its JSON report here (see tools/dev/summarize-tests.cjs).
require('node:fs').mkdirSync(path.join(workspaceRoot, 'dist/test-results'), { recursive: true });
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcOptions, swcrc: false, module: { type: 'commonjs' } }],
};

/** Unit tests (`*.spec.ts`) live beside the code; integration tests (`*.integration-spec.ts`) need the real services. */
function projectConfig(projectDir, kind = 'unit') {
  const name = path.relative(workspaceRoot, projectDir);
  return {
    displayName: `${name}:${kind}`,
    rootDir: projectDir,
    testEnvironment: 'node',
    transform,
    // ESM-only dependencies are compiled to CommonJS for Jest.
    transformIgnorePatterns: ['/node_modules/(?!(kysely|file-type|strtok3|token-types|@tokenizer|uint8array-extras|peek-readable|@borewit)/)'],
    moduleNameMapper,
    testMatch: kind === 'unit' ? ['<rootDir>/**/*.spec.ts'] : ['<rootDir>/**/*.integration-spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.next/'],
    ...(kind === 'integration'
      ? {
          globalSetup: path.join(workspaceRoot, 'libs/testing/src/global-setup.ts'),
          globalTeardown: path.join(workspaceRoot, 'libs/testing/src/global-teardown.ts'),
          testTimeout: 60_000,
        }
      : {}),
  };
}

module.exports = { projectConfig, moduleNameMapper, transform };
