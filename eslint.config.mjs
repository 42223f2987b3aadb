import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.next/**', '**/test-output/**', '**/next-env.d.ts', 'tmp/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      // The tree shows the architecture: apps are thin entry points over libs, and never import each
      // other; the web app and the CLI reach the server only over HTTP.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Server libs' specs may start the S3 emulator (a test double with no dependencies of ours).
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:server', 'type:test-double'] },
            { sourceTag: 'type:test-double', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:server', 'type:client', 'type:testing', 'type:test-double'] },
            // The web app shows names as the CLI and the API do, with the domain's pure display rule.
            { sourceTag: 'platform:web', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:client', 'type:ui'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:client', 'type:testing'] },
            // Benchmarks and deployment checks drive the whole platform.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:client', 'type:server', 'type:testing', 'type:test-double', 'type:ui'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CLI entry points of apps that talk only HTTP may not reach into server libs.
    files: ['apps/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@stowage/server-*'], message: 'the CLI speaks HTTP only' }] }],
    },
  },
  {
    // The web app's layers run one way: app/ composes features/, which build on components/ and lib/.
    // The shell and the UI kit take what a feature knows (links, actions) as props from the page.
    files: ['apps/web/src/components/**/*.ts', 'apps/web/src/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/features', '**/features/**'], message: 'components/ sit below features/: take what you need as props from the page or layout' }] },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
