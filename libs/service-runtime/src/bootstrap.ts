import 'reflect-metadata';
import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { repeatDevLoginWarning } from '@bishan/auth';
import { ConfigError, loadConfig, type AppConfig } from '@bishan/config';
import { routeKafkaLogs } from '@bishan/messaging';
import { installLoadShedding } from './http/load-shedding';
import { installStrictJsonParser } from './http/strict-json-parser';
import { installHttpObservability, REQUEST_ID_HEADER, requestIdOf } from './observability/http-observability';
import { installHttpTracing } from './observability/http-tracing';
import { createStartupLogger, setLogServiceName } from './observability/logger';
import { startProcessMetrics } from './observability/metrics';
import { startTracing } from './observability/tracing';
import { APP_CONFIG } from './tokens';

export interface ServiceDefinition {
  /** Shown in every log line of the service. */
  name: string;
  module: Type<unknown>;
  port: (app: INestApplication) => number;
  /** Extra set-up before listening (OpenAPI, body limits…). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  bodyLimitBytes?: number;
}

/**
 * Starts a service on loopback with JSON logs and graceful shutdown on SIGTERM/SIGINT. A
 * configuration error ends the process with its one-line message instead of a stack trace.
 */
export async function bootstrapService(definition: ServiceDefinition): Promise<NestFastifyApplication> {
  setLogServiceName(definition.name);
  const kafkaLogger = createStartupLogger().child({ logger: 'kafkajs' });
  routeKafkaLogs((level, namespace, message, fields) => kafkaLogger[level]({ ...fields, namespace }, message));
  try {
    // Before anything opens a connection: the Temporal client and worker, the relay and the
    // consumers take the tracer provider set up here.
    const tracing = startTracing(definition.name, loadConfig().tracing);
    const app = await NestFactory.create<NestFastifyApplication>(
      definition.module,
      new FastifyAdapter({
        bodyLimit: definition.bodyLimitBytes ?? 1_048_576,
        genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(request.headers[REQUEST_ID_HEADER]),
      }),
      // Our strict JSON parser replaces Nest's (see installStrictJsonParser). Lines written while the
      // application starts are held until its pino logger (RuntimeModule) takes over.
      { bufferLogs: true, bodyParser: false },
    );
    app.useLogger(app.get(PinoNestLogger));
    const logger = new Logger(definition.name);
    app.enableShutdownHooks();
    const authLogger = new Logger('auth');
    const stopWarning = repeatDevLoginWarning(app.get<AppConfig>(APP_CONFIG), (message) => authLogger.warn(message));
    app.getHttpAdapter().getInstance().addHook('onClose', async () => stopWarning());
    // Spans still buffered go out before the process ends.
    app.getHttpAdapter().getInstance().addHook('onClose', async () => tracing.flush());
    startProcessMetrics(definition.name);
    installHttpTracing(app.getHttpAdapter().getInstance());
    const httpLogger = new Logger('http');
    const config = app.get<AppConfig>(APP_CONFIG);
    installHttpObservability(app.getHttpAdapter().getInstance(), httpLogger, config.metrics);
    // After the request id is set, so that a shed request's 503 carries it too.
    installLoadShedding(app.getHttpAdapter().getInstance(), config.limits.requestsInFlight, (message) => httpLogger.warn(message));
    installStrictJsonParser(app.getHttpAdapter().getInstance());
    await definition.configure?.(app);
    const port = definition.port(app);
    await app.listen(port, '127.0.0.1');
    logger.log(`${definition.name} ready on http://127.0.0.1:${port} (health: /health)`);
    return app;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    createStartupLogger().error({ err: error }, `${definition.name} failed to start`);
    throw error;
  }
}
