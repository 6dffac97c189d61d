export { bootstrapService, type ServiceDefinition } from './bootstrap';
export { HealthController, degraded, type HealthChecks, type HealthReport } from './health.controller';
export {
  calendarCoverageReader,
  calendarDataReader,
  calendarHealthCheck,
  registerCalendarGauges,
  runningOutReason,
} from './calendar/calendar-coverage';
export { RuntimeModule } from './runtime.module';
export { APP_CONFIG, DATABASE, HEALTH_CHECKS } from './tokens';
export { prebuiltWorkflowBundle, workflowBundleOptions } from './temporal/workflow-bundle';
export { keepWorkerHeapsCompact } from './temporal/workflow-heap';
export { startCaseWorkflow } from './temporal/start-case-workflow';
export {
  tracingActivityInterceptors,
  tracingClientInterceptors,
  workflowSpanSinks,
  workflowTracingInterceptorModules,
} from './temporal/temporal-tracing';
export { currentTracing, startTracing, type Tracing } from './observability/tracing';
export {
  caseSearchAttributeTypes,
  missingCaseSearchAttributes,
  requireCaseSearchAttributes,
} from './temporal/case-search-attributes';
export { describeError, ProblemDetailsFilter, ProblemException, temporarilyUnavailable, type ProblemDocument } from './http/problem-details.filter';
export {
  BearerAuthentication,
  CurrentActor,
  authorizationBearerOf,
  publicPaths,
  requireRole,
  tokenParameterInUrl,
  type AuthenticatedRequest,
  type BearerTokenRule,
} from './http/bearer-auth';
export { ZodValidationPipe } from './http/zod-body.pipe';
export { MinuteCounter, tooManyRequests, WriteRateLimitInterceptor } from './http/write-limits';
export { installLoadShedding, type LoadShedding } from './http/load-shedding';
export { CaseEventsConsumer } from './case-events.consumer';
export { ApiQueriesOf, openApiSchemaOf } from './http/openapi-schema';
export { csvField, neutraliseFormula } from './http/spreadsheet-cells';
export {
  activityFailuresTotal,
  countDeadLetters,
  deadLettersTotal,
  metricsRegistry,
  registerOutboxBacklogGauge,
  registerSampledGauge,
  workflowStarts,
} from './observability/metrics';
export { REQUEST_ID_HEADER, requestIdOf } from './observability/http-observability';
export { activeTraceFields, maskPhone, redactQuery, redactedPaths, scrubText } from './observability/logger';
