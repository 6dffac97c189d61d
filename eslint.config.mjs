import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: it may import only the SDK's workflow API
// and our pure libraries. Anything with I/O, clocks of its own or Node built-ins is refused here,
// at lint time, rather than discovered as a non-determinism error in production.
const WORKFLOW_FORBIDDEN = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: 'Node built-ins are not available in workflow code.' })),
    {
      name: '@bishan/contracts',
      message: "Import '@bishan/contracts/workflows': the root index builds zod schemas in every cached workflow.",
    },
  ],
  patterns: [
    { group: ['node:*'], message: 'Node built-ins are not available in workflow code.' },
    { group: ['@nestjs/*'], message: 'NestJS belongs in services, not in workflow code.' },
    { group: ['@prisma/*', '@bishan/db'], message: 'Database access belongs in activities.' },
    { group: ['kafkajs', '@bishan/messaging'], message: 'Messaging belongs in activities and the outbox relay.' },
    { group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'], message: 'Workflow code uses @temporalio/workflow only.' },
  ],
};

// Layers (type:*) and scopes (scope:*) between projects, and no import cycles: for the .ts of every
// project and the console's .tsx alike.
const boundaryRules = {
  'import-x/no-cycle': 'error',
  '@nx/enforce-module-boundaries': [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
        {
          sourceTag: 'type:workflow',
          onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
          allowedExternalImports: ['@temporalio/workflow', '@temporalio/common'],
        },
        { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:data-access'] },
        { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:data-access'] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:data-access', 'type:runtime'] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:data-access', 'type:runtime'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:data-access', 'type:runtime', 'type:testing'] },
        // By scope: a service's code and its workflows use the shared libraries and their own
        // scope, never another service's (they talk through Kafka and HTTP); tests may reach anywhere.
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:case', onlyDependOnLibsWithTags: ['scope:shared', 'scope:case'] },
        { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notification'] },
        { sourceTag: 'scope:reporting', onlyDependOnLibsWithTags: ['scope:shared', 'scope:reporting'] },
        { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:web'] },
      ],
    },
  ],
};

export default [
  { ignores: ['**/node_modules', '**/dist', '.local/**', '.nx/**', 'coverage/**', '**/test/fixtures/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Workflows register handlers that read state assigned later, after the first await.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      ...boundaryRules,
    },
  },
  {
    // Tests of a workflow run in Node and may start a test environment; the sandbox rules are for the workflow itself.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/src/test-support/**'],
    rules: { 'no-restricted-imports': ['error', WORKFLOW_FORBIDDEN] },
  },
  {
    // The web console's browser code: its own tsconfig (DOM, JSX), the same type-aware rules as the rest.
    files: ['services/web/src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      ...boundaryRules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests assert on what they just checked exists, and may reach into any project they exercise.
    files: ['**/*.spec.ts', '**/test-support/**/*.ts', 'test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
