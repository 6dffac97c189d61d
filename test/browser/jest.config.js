module.exports = {
  displayName: 'browser',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.browser.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
