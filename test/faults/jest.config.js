// Fault injection on the real engines: `npm run test:faults` (its own command, not part of npm test).
// FAULTS_SCALE (default 1) multiplies every count and duration: 0.1 for a quick local run.
module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.faults.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
