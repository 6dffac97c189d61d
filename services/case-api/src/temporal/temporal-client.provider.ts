import type { Provider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptionsOf, type AppConfig } from '@bishan/config';
import { APP_CONFIG, tracingClientInterceptors } from '@bishan/service-runtime';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export const temporalClientProvider: Provider = {
  provide: TEMPORAL_CLIENT,
  inject: [APP_CONFIG],
  // Lazy: the API starts and takes raises while Temporal is away (they wait to start, see
  // RaiseCaseHandler); each call that needs Temporal then fails on its own, answered with 503.
  useFactory: (config: AppConfig): Client => {
    // A short connect timeout: a raise must not hang on an unreachable server (it waits to start).
    const connection = Connection.lazy({ connectTimeout: '3 seconds', ...temporalConnectionOptionsOf(config.temporal) });
    // Starts and updates carry the request's trace into the workflow (OpenTelemetry headers).
    return new Client({ connection, namespace: config.temporal.namespace, interceptors: tracingClientInterceptors() });
  },
};
