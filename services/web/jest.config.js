const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The browser app is tested in a real browser (test/browser); here, the console's server and the
  // app's pure helpers (plain .ts files, no DOM).
  testMatch: ['<rootDir>/server/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
  // @fastify/static requires content-disposition, and the OIDC client jose; both ship ES modules
  // only: compile them for Jest.
  transform: {
    ...preset.transform,
    '/node_modules/(content-disposition|jose)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/|jose/)'],
};
