const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'auth',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // jose ships only ES modules; Jest runs CommonJS, so its files go through the same SWC transform.
  transform: { ...preset.transform, '^.+/node_modules/jose/.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
