/**
 * Where the engines for this test run are. The test runner (infra/test.mjs) starts or reuses them
 * and exports these variables; the defaults match the engines' default ports.
 */
export function engineAddresses() {
  return {
    temporal: process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233',
    temporalTestServer: process.env['TEMPORAL_TEST_ADDRESS'] ?? '127.0.0.1:7234',
    kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
  };
}
