// Lint: type-aware TypeScript rules, and the dependency rule of the layout (STYLE.md):
// protocol and domain import nothing of ours; ports import domain; the core never imports adapters;
// web apps never import the server.
import tseslint from 'typescript-eslint';

const restrict = (files, groups, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'bench/results/**', '**/*.js', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.contract.ts', 'apps/*/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  restrict(['packages/protocol/src/**/*.ts'], ['@kefu/*', '**/apps/**', 'node:*'], 'protocol imports nothing of ours and runs in browsers'),
  restrict(
    ['apps/server/src/domain/**/*.ts'],
    ['@kefu/*', '../ports/*', '../adapters/*', '../gateway/*', '../commands/*', '../http/*', '../presenters/*', '../auth/*', 'node:*'],
    'domain is pure: types and rules, no I/O, nothing of ours',
  ),
  restrict(
    ['apps/server/src/ports/**/*.ts'],
    ['../adapters/*', '../gateway/*', '../commands/*', '../http/*', '../presenters/*'],
    'ports import only domain',
  ),
  restrict(
    ['apps/server/src/{commands,gateway,http,presenters,auth,routing,dialogue}/**/*.ts'],
    ['**/adapters/*'],
    'the core depends on ports; only main.ts imports adapters',
  ),
  restrict(['apps/server/src/adapters/**/*.ts'], ['../gateway/*', '../commands/*', '../http/*'], 'an adapter implements a port, nothing more'),
  restrict(['apps/widget/**/*.{ts,tsx}', 'apps/workbench/**/*.{ts,tsx}', 'packages/client/**/*.ts'], ['@kefu/server', '**/apps/server/**'], 'web apps talk to the server only through the protocol'),
);
