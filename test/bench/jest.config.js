// The benchmark's own checks (its arithmetic, not the system's speed): `npx jest -c test/bench/jest.config.js`.
module.exports = {
  displayName: 'bench',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
