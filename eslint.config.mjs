// Flat config: typescript-eslint's recommended rules plus the house rules of STYLE.md (no `any`, named exports).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // Jest's global setup and teardown must be default exports.
  { files: ['eslint.config.mjs', 'jest.config.js', 'test/setup/global-*.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
