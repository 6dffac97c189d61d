module.exports = {
  displayName: 'workflows',
  preset: '../jest.preset.js',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
