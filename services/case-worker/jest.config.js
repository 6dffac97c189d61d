module.exports = {
  displayName: 'case-worker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
