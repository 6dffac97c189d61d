module.exports = {
  displayName: 'notification',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
