const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'browser',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.browser.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  // The OIDC suite's test issuer signs with jose, which ships only ES modules: compile it for Jest.
  transform: { ...preset.transform, '^.+/node_modules/jose/.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
