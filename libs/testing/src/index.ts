export { engineAddresses } from './engine-addresses';
export { freePort } from './free-port';
export { servicePortVariable, startService, type ServiceName, type ServiceProcess } from './service-process';
export { createTestDatabase, type TestDatabase } from './test-database';
export { waitFor, type WaitOptions } from './wait-for';
export { createTimeSkippingEnvironment } from './time-skipping';
export { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';
export { startTestStack, type TestStack, type TestStackOptions } from './test-stack';
export { startKafkaBroker, type KafkaBroker } from './kafka-broker';
