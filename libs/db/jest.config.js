module.exports = {
  displayName: 'db',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // Medium tests create real databases (SQLite files, PostgreSQL schemas); on a loaded two-core CI
  // machine that alone can take longer than Jest's default 5 s.
  testTimeout: 60_000,
};
