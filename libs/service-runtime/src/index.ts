export { bootstrapService, type ServiceDefinition } from './bootstrap';
export { HealthController, type HealthChecks, type HealthReport } from './health.controller';
export { RuntimeModule } from './runtime.module';
export { APP_CONFIG, DATABASE, HEALTH_CHECKS } from './tokens';
export { workflowBundleOptions } from './temporal/workflow-bundle';
export { ProblemDetailsFilter, ProblemException, type ProblemDocument } from './http/problem-details.filter';
export { ZodValidationPipe } from './http/zod-body.pipe';
export { CaseEventsConsumer } from './case-events.consumer';
export { openApiSchemaOf } from './http/openapi-schema';
