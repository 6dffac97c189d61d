module.exports = {
  displayName: 'case-api',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
