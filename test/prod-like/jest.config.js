// The end-to-end loop on the production-like profile (infra/prod-like): `npm run test:prod-like`
// brings the Temporal server on PostgreSQL (mutual TLS) and three Kafka brokers (TLS + SCRAM) up and
// runs these suites against them. Not part of `npm test`.
module.exports = {
  displayName: 'prod-like',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.prod-like.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
