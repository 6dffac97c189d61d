// The simulator's own checks: `npx jest -c test/simulator/jest.config.js` (not part of npm test).
module.exports = {
  displayName: 'simulator',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 300_000,
};
