const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'notification',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // jose (through @bishan/auth) ships only ES modules; Jest runs CommonJS, so it goes through SWC too.
  transform: { ...preset.transform, '^.+/node_modules/jose/.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
